// @vitest-environment happy-dom
import type { PendingVisit } from '../api'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage } from '../../../app/testing'
import * as api from '../api'
import VisitConfirmationsPage from './VisitConfirmationsPage.vue'

vi.mock('../api', () => ({ fetchPendingVisits: vi.fn(), decidePendingVisit: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 's1', role: 'town_staff', displayName: '孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null } })) }))

function pending(id: string, over: Partial<PendingVisit> = {}): PendingVisit {
  return {
    id,
    visitedAt: '2026-11-22T02:00:00.000Z',
    receivedAt: '2026-11-22T03:00:00.000Z',
    type: 'care',
    householdId: `h-${id}`,
    maskedHeadName: '王**',
    villageName: '和美村',
    visitorName: '志愿者 周敏',
    visitorRole: 'volunteer',
    organisation: '和美村志愿服务队',
    urgent: false,
    urgentNote: '',
    codeVersion: 1,
    codeRevokedAt: '2026-11-20T02:00:00.000Z',
    currentVersion: 2,
    withReferral: false,
    ...over,
  }
}

async function open() {
  const mounted = await mountPage(VisitConfirmationsPage, { path: '/staff/visits/confirmations' })
  await flushPromises()
  return mounted
}

const item = (wrapper: Awaited<ReturnType<typeof open>>['wrapper'], id: string) => wrapper.find(`[data-visit="${id}"]`)
const button = (el: ReturnType<typeof item>, text: string) => el.findAll('button').find(b => b.text() === text)

describe('visits to confirm (待确认的探访)', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(api.fetchPendingVisits).mockResolvedValue({ visits: [pending('a', { urgent: true, urgentNote: '屋里没有暖气' }), pending('b', { maskedHeadName: '李**', withReferral: true })] })
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show what a clerk needs to judge each visit: household, time, visitor, which code and when it was replaced', async () => {
    const { wrapper } = await open()
    const a = item(wrapper, 'a')
    expect(a.find('h2').text()).toContain('王**家 · 和美村')
    expect(a.text()).toContain('急需帮助')
    expect(a.text()).toContain('屋里没有暖气')
    // The role is not said twice ("志愿者 周敏 志愿者", issue #16).
    expect(a.text()).toContain('志愿者 周敏 · 和美村志愿服务队')
    expect(a.text()).toContain('扫的是第 1 版，该版已于 2026年11月20日 作废（现为第 2 版）')
    expect(button(a, '确认探访')!.attributes('aria-label')).toBe('确认探访：王**家 · 和美村')
  })

  it('should say when a referral waits with the visit, and what each decision does to it', async () => {
    const { wrapper } = await open()
    expect(item(wrapper, 'a').text()).not.toContain('转介')
    expect(item(wrapper, 'b').text()).toContain('登记人同时转介了这户：确认探访后，转介进入预警核实；不予确认，转介一并作废。')
  })

  it('should confirm only after asking once more, then take the visit off the list', async () => {
    vi.mocked(api.decidePendingVisit).mockResolvedValue({ id: 'a', status: 'accepted', decidedAt: '2026-11-23T02:00:00.000Z' })
    const { wrapper } = await open()
    await button(item(wrapper, 'a'), '确认探访')!.trigger('click')
    expect(api.decidePendingVisit).not.toHaveBeenCalled()
    expect(item(wrapper, 'a').find('[role=alert]').text()).toContain('不能撤回')
    await button(item(wrapper, 'a'), '取消')!.trigger('click')
    expect(button(item(wrapper, 'a'), '确认探访')).toBeDefined()

    await button(item(wrapper, 'a'), '确认探访')!.trigger('click')
    await button(item(wrapper, 'a'), '确定确认')!.trigger('click')
    await flushPromises()
    expect(api.decidePendingVisit).toHaveBeenCalledWith('a', 'confirm')
    expect(item(wrapper, 'a').exists()).toBe(false)
    expect(item(wrapper, 'b').exists()).toBe(true)
    expect(wrapper.find('[role=status]').text()).toBe('已确认王**家 · 和美村的探访')
  })

  it('should reject the same way', async () => {
    vi.mocked(api.decidePendingVisit).mockResolvedValue({ id: 'b', status: 'rejected', decidedAt: '2026-11-23T02:00:00.000Z' })
    const { wrapper } = await open()
    await button(item(wrapper, 'b'), '不予确认')!.trigger('click')
    await button(item(wrapper, 'b'), '确定不予确认')!.trigger('click')
    await flushPromises()
    expect(api.decidePendingVisit).toHaveBeenCalledWith('b', 'reject')
    expect(item(wrapper, 'b').exists()).toBe(false)
    expect(wrapper.find('[role=status]').text()).toBe('已不予确认李**家 · 和美村的探访')
  })

  it('should read the list again when another clerk decided the visit meanwhile (409)', async () => {
    vi.mocked(api.decidePendingVisit).mockRejectedValue(new ApiRequestError('conflict', '数据已被修改，请刷新后重试', 409))
    const { wrapper } = await open()
    vi.mocked(api.fetchPendingVisits).mockResolvedValue({ visits: [pending('b', { maskedHeadName: '李**', withReferral: true })] })
    await button(item(wrapper, 'a'), '确认探访')!.trigger('click')
    await button(item(wrapper, 'a'), '确定确认')!.trigger('click')
    await expect.poll(() => item(wrapper, 'a').exists()).toBe(false)
    expect(api.fetchPendingVisits).toHaveBeenCalledTimes(2)
    expect(wrapper.find('[role=status]').text()).toContain('已由其他工作人员处理')
  })

  it('should keep the visit and say why when the decision fails', async () => {
    vi.mocked(api.decidePendingVisit).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败，请检查网络后重试。', null))
    const { wrapper } = await open()
    await button(item(wrapper, 'a'), '确认探访')!.trigger('click')
    await button(item(wrapper, 'a'), '确定确认')!.trigger('click')
    await flushPromises()
    expect(item(wrapper, 'a').exists()).toBe(true)
    expect(item(wrapper, 'a').findAll('[role=alert]').map(e => e.text())).toContain('网络连接失败，请检查网络后重试。')
  })

  it('should say when nothing waits', async () => {
    vi.mocked(api.fetchPendingVisits).mockResolvedValue({ visits: [] })
    const { wrapper } = await open()
    expect(wrapper.text()).toContain('没有等待确认的探访')
  })
})
