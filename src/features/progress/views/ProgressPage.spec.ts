// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import { flushPromises } from '@vue/test-utils'
import { until } from '@vueuse/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { writeState } from '../../../app/idb-test-support'
import { mountPage, nextRoute } from '../../../app/testing'
import { fetchSession } from '../../account/api'
import * as api from '../api'
import { CACHE_KEY, useProgressStore } from '../store'
import { applicationView, caseView } from '../test-support'
import ProgressPage from './ProgressPage.vue'

vi.mock('../api', () => ({
  fetchApplications: vi.fn(),
  fetchNotifications: vi.fn(async () => ({ unread: 0, items: [] })),
  markNotificationsRead: vi.fn(),
  enquire: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn() }))

const household = { id: 'h1', areaCode: '339901001001', areaName: '和美村', headName: '李建国', memberCount: 3 }
const resident = { id: 'u1', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null, household } as const

let wrapper: VueWrapper

async function open() {
  const mounted = await mountPage(ProgressPage, { path: '/progress' })
  wrapper = mounted.wrapper
  // The page shows once the applications kept on the device are loaded.
  await until(() => useProgressStore(mounted.pinia).ready).toBe(true)
  await flushPromises()
}

async function fill(name: string, value: string) {
  await wrapper.get(`input[name="${name}"]`).setValue(value)
}

beforeEach(() => {
  sessionStorage.clear()
  vi.clearAllMocks()
})
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

describe('progress without an account', () => {
  beforeEach(() => {
    vi.mocked(fetchSession).mockResolvedValue({ user: null })
  })

  it('should show the status of an application from its number and six ID characters', async () => {
    vi.mocked(api.enquire).mockResolvedValue({
      number: 'SQ20260301-0001',
      submittedAt: '2026-03-01T08:00:00.000Z',
      cases: [
        { itemName: '最低生活保障（低保）', departmentName: '民政部门', townName: '安乐镇', status: 'accepted', updatedAt: '2026-03-02T08:00:00.000Z', dueAt: '2026-03-05T08:00:00.000Z' },
        { itemName: '医疗救助', departmentName: '医保部门', townName: '安乐镇', status: 'waiting', updatedAt: '2026-03-01T08:00:00.000Z', dueAt: null },
      ],
    })
    await open()
    expect(wrapper.text()).toContain('登录并绑定家庭后')
    await fill('number', ' SQ20260301-0001 ')
    await fill('idSuffix', '08001x')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(api.enquire).toHaveBeenCalledWith({ number: 'SQ20260301-0001', idSuffix: '08001X' })
    const result = wrapper.get('.result').text()
    expect(result).toContain('已受理')
    expect(result).toContain('等待困难认定')
    expect(result).toContain('民政部门 · 安乐镇')
  })

  it('should check the six characters before asking the server', async () => {
    await open()
    await fill('number', 'SQ20260301-0001')
    await fill('idSuffix', '0800')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.text()).toContain('请填写申请人身份证号的最后 6 位')
    expect(api.enquire).not.toHaveBeenCalled()
  })

  it('should say when the pair is not found, and keep what was typed', async () => {
    vi.mocked(api.enquire).mockRejectedValue(new ApiRequestError('not_found', '没有找到这份申请，请核对申请编号和身份证号后 6 位', 404))
    await open()
    await fill('number', 'SQ20260301-0009')
    await fill('idSuffix', '080012')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('没有找到这份申请')
    expect((wrapper.get('input[name="number"]').element as HTMLInputElement).value).toBe('SQ20260301-0009')
  })
})

describe('progress of a signed-in resident', () => {
  beforeEach(() => {
    vi.mocked(fetchSession).mockResolvedValue({ user: resident })
  })

  it('should list the household\'s applications with each item\'s status and the update time', async () => {
    vi.mocked(api.fetchApplications).mockResolvedValue({ applications: [applicationView()] })
    vi.mocked(api.fetchNotifications).mockResolvedValue({ unread: 1, items: [{ id: 'n1', applicationId: 'app-1', caseId: 'case-dibao', text: '您的低保申请已受理', at: '2026-03-02T08:00:00.000Z', read: false }] })
    await open()
    const card = wrapper.get('.application-card').text()
    expect(card).toContain('申请编号 SQ20260301-0001')
    expect(card).toContain('最低生活保障（低保）已提交')
    expect(card).toContain('医疗救助等待困难认定')
    expect(wrapper.text()).toMatch(/更新于 \d{4}年/)
    expect(wrapper.text()).toContain('您的低保申请已受理')
    expect(wrapper.text()).toContain('1 条未读')
  })

  it('should show the last sync when offline, with its time and why it is not newer', async () => {
    await writeState(CACHE_KEY, { userId: 'u1', applications: [applicationView({ cases: [caseView({ status: 'checking' })] })], syncedAt: '2026-03-03T08:30:00.000Z' })
    vi.mocked(api.fetchApplications).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败，请检查网络后再试。', null))
    await open()
    expect(wrapper.get('.application-card').text()).toContain('核对中')
    expect(wrapper.text()).toContain('更新于 2026年3月3日 16:30')
    // A page without a form never says "what you typed is kept" (issue #15).
    expect(wrapper.get('[role="alert"]').text()).toBe('没有网络，显示的是上次更新（2026年3月3日 16:30）的内容。')
    expect(wrapper.text()).not.toContain('已保留')
  })

  it('should say why the list is not newer when the server refused, with the last sync below', async () => {
    await writeState(CACHE_KEY, { userId: 'u1', applications: [applicationView()], syncedAt: '2026-03-03T08:30:00.000Z' })
    vi.mocked(api.fetchApplications).mockRejectedValue(new ApiRequestError('internal', '服务暂时不可用', 500))
    await open()
    expect(wrapper.get('[role="alert"]').text()).toBe('暂时无法更新（服务暂时不可用），下面是上次更新时的状态。')
  })

  it('should not show another person\'s cached applications', async () => {
    await writeState(CACHE_KEY, { userId: 'someone-else', applications: [applicationView()], syncedAt: '2026-03-03T08:30:00.000Z' })
    vi.mocked(api.fetchApplications).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败', null))
    await open()
    expect(wrapper.find('.application-card').exists()).toBe(false)
  })

  it.each([
    ['an application\'s news', { applicationId: 'app-1', caseId: null }, 'progress-detail'],
    ['a small need\'s news', { applicationId: null, caseId: null, needId: 'need-1' }, 'needs'],
    ['an invitation to apply (政策找人), on the home page', { applicationId: null, caseId: null }, 'home'],
  ])('should open where %s is', async (_what, refs, routeName) => {
    vi.mocked(api.fetchApplications).mockResolvedValue({ applications: [] })
    vi.mocked(api.fetchNotifications).mockResolvedValue({ unread: 1, items: [{ id: 'n1', ...refs, text: '您有一条新消息', at: '2026-03-01T08:00:00.000Z', read: true }] })
    const mounted = await mountPage(ProgressPage, { path: '/progress' })
    wrapper = mounted.wrapper
    await until(() => useProgressStore(mounted.pinia).ready).toBe(true)
    await flushPromises()
    const arrived = nextRoute(mounted.router)
    await wrapper.get('.notifications button.item').trigger('click')
    expect((await arrived).name).toBe(routeName)
  })

  it('should mark all messages read', async () => {
    vi.mocked(api.fetchApplications).mockResolvedValue({ applications: [applicationView()] })
    vi.mocked(api.fetchNotifications).mockResolvedValue({ unread: 1, items: [{ id: 'n1', applicationId: 'app-1', caseId: null, text: '已收到您的申请', at: '2026-03-01T08:00:00.000Z', read: false }] })
    vi.mocked(api.markNotificationsRead).mockResolvedValue({ unread: 0 })
    await open()
    await wrapper.findAll('button').find(b => b.text() === '全部标为已读')!.trigger('click')
    await flushPromises()
    expect(api.markNotificationsRead).toHaveBeenCalledWith(undefined)
    expect(wrapper.text()).not.toContain('条未读')
  })
})
