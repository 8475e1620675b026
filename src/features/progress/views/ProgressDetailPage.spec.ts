// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import { flushPromises } from '@vue/test-utils'
import { until } from '@vueuse/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage } from '../../../app/testing'
import * as accountApi from '../../account/api'
import * as api from '../api'
import { useProgressStore } from '../store'
import { applicationView, caseView, step } from '../test-support'
import ProgressDetailPage from './ProgressDetailPage.vue'
import '../../../app/idb-test-support'

vi.mock('../api', () => ({
  fetchApplication: vi.fn(),
  withdrawCase: vi.fn(),
  answerCase: vi.fn(),
  fetchNotifications: vi.fn(async () => ({ unread: 0, items: [] })),
  markNotificationsRead: vi.fn(async () => ({ unread: 0 })),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 'u1', role: 'resident', household: { id: 'h1' } } })) }))

let wrapper: VueWrapper

async function open() {
  const mounted = await mountPage(ProgressDetailPage, { path: '/progress/app-1' })
  wrapper = mounted.wrapper
  // The page shows once the applications kept on the device are loaded.
  await until(() => useProgressStore(mounted.pinia).ready).toBe(true)
  await flushPromises()
}

async function click(text: string) {
  const button = wrapper.findAll('button').find(b => b.text() === text)
  if (!button)
    throw new Error(`no button "${text}"`)
  await button.trigger('click')
  await flushPromises()
}

const infoRequested = caseView({
  status: 'need_more_info',
  residentTodo: '请补充丈夫的住院病历',
  dueAt: '2026-03-20T08:00:00.000Z',
  steps: [
    step('submitted', '2026-03-01T08:00:00.000Z', { actor: '申请人' }),
    step('accepted', '2026-03-02T08:00:00.000Z', { actor: '安乐镇 民政部门', note: '材料已收到' }),
    step('need_more_info', '2026-03-03T08:00:00.000Z', { actor: '安乐镇 民政部门', note: '请补充丈夫的住院病历' }),
  ],
})

beforeEach(() => {
  sessionStorage.clear()
  vi.clearAllMocks()
})
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

describe('one application\'s progress', () => {
  it('should show every item as a timeline with owner, due date and what comes next', async () => {
    vi.mocked(api.fetchApplication).mockResolvedValue(applicationView())
    await open()
    const [dibao, medical] = wrapper.findAll('.case-card')
    expect(dibao.get('h2').text()).toBe('最低生活保障（低保）')
    expect(dibao.text()).toContain('民政部门 · 安乐镇')
    expect(dibao.text()).toContain('这一步应在 2026年3月4日 前办完')
    expect(dibao.findAll('.timeline li').map(li => li.find('.entry-title').text())).toEqual([
      '已提交 当前',
      '受理 （还没到这一步）',
      '家庭经济状况核对 （还没到这一步）',
      '审核（可能入户调查） （还没到这一步）',
      '作出决定 （还没到这一步）',
    ])
    expect(medical.text()).toContain('这一项要等低保等困难身份认定后才开始办理')
  })

  it('should mark the news about this application read', async () => {
    vi.mocked(api.fetchApplication).mockResolvedValue(applicationView())
    vi.mocked(api.fetchNotifications).mockResolvedValue({
      unread: 2,
      items: [
        { id: 'n1', applicationId: 'app-1', caseId: 'case-dibao', text: '已受理', at: '2026-03-02T08:00:00.000Z', read: false },
        { id: 'n2', applicationId: 'app-2', caseId: null, text: '另一份申请', at: '2026-03-02T08:00:00.000Z', read: false },
      ],
    })
    vi.mocked(api.markNotificationsRead).mockResolvedValue({ unread: 1 })
    await open()
    expect(api.markNotificationsRead).toHaveBeenCalledWith(['n1'])
  })

  it('should show what the resident must do and send the answer', async () => {
    vi.mocked(api.fetchApplication).mockResolvedValue(applicationView({ cases: [infoRequested] }))
    vi.mocked(api.answerCase).mockResolvedValue({ ...infoRequested, status: 'accepted', residentTodo: null })
    await open()
    expect(wrapper.get('.todo').text()).toContain('请补充丈夫的住院病历')
    expect(wrapper.text()).toContain('材料已收到')
    await wrapper.get('textarea[name="answer-case-dibao"]').setValue('病历已拍照上传')
    await wrapper.get('form.answer').trigger('submit')
    await flushPromises()
    expect(api.answerCase).toHaveBeenCalledWith('case-dibao', { text: '病历已拍照上传', attachmentIds: undefined })
    expect(wrapper.get('.case-card').text()).toContain('已受理')
    expect(wrapper.find('form.answer').exists()).toBe(false)
  })

  it('should withdraw an item only after confirmation', async () => {
    vi.mocked(api.fetchApplication).mockResolvedValue(applicationView({ cases: [caseView()] }))
    vi.mocked(api.withdrawCase).mockResolvedValue(caseView({ status: 'withdrawn', dueAt: null, steps: [step('submitted', '2026-03-01T08:00:00.000Z'), step('withdrawn', '2026-03-02T08:00:00.000Z', { actor: '申请人' })] }))
    await open()
    await click('撤回这一项')
    expect(api.withdrawCase).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('撤回“最低生活保障（低保）”？')
    await click('确定撤回')
    expect(api.withdrawCase).toHaveBeenCalledWith('case-dibao', undefined)
    expect(wrapper.get('.case-card').text()).toContain('已撤回')
    expect(wrapper.findAll('button').some(b => b.text() === '撤回这一项')).toBe(false)
  })

  it('should say why a withdrawal was refused', async () => {
    vi.mocked(api.fetchApplication).mockResolvedValue(applicationView({ cases: [caseView()] }))
    vi.mocked(api.withdrawCase).mockRejectedValue(new ApiRequestError('conflict', '这一项已经作出决定，不能撤回', 409))
    await open()
    await click('撤回这一项')
    await click('确定撤回')
    expect(wrapper.get('.withdraw [role="alert"]').text()).toBe('这一项已经作出决定，不能撤回')
  })

  it('should ask a resident without a household to bind one, not show the server\'s refusal', async () => {
    vi.mocked(accountApi.fetchSession).mockResolvedValueOnce({ user: { id: 'u1', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null, household: null } })
    await open()
    expect(api.fetchApplication).not.toHaveBeenCalled()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('绑定家庭后')
    expect(wrapper.findAll('button').some(b => b.text() === '去绑定家庭')).toBe(true)
  })
})
