// @vitest-environment happy-dom
import type { MyVisits, VisitInput } from '../api'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { setLocale } from '../../../app/i18n'
import { readState } from '../../../app/idb-test-support'
import { mountPage } from '../../../app/testing'
import * as api from '../api'
import { saveVisit } from '../outbox'
import { MINE_KEY } from '../store'
import { outboxEntries } from '../test-support'
import MyVisitsPage from './MyVisitsPage.vue'

vi.mock('../api', () => ({ postVisit: vi.fn(), fetchMyVisits: vi.fn(), fetchHouseholdVisits: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 'v1', role: 'volunteer', displayName: '王志愿', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: null, household: null } })) }))

const offline = () => new ApiRequestError('network_error', '网络连接失败，请检查网络后重试。', null)

function visit(n: number): VisitInput {
  return { clientId: `00000000-0000-4000-8000-00000000000${n}`, token: 'tok', type: n === 2 ? 'survey' : 'care', visitedAt: `2026-11-2${n}T02:00:00.000Z`, observations: [], urgent: n === 3, urgentNote: n === 3 ? '需要送医' : '', notes: '' }
}

function history(over: Partial<MyVisits> = {}): MyVisits {
  return {
    visits: [{ id: 's1', clientId: 'old', visitedAt: '2026-11-03T02:00:00.000Z', type: 'care', visitorRole: 'volunteer', organisation: '安乐镇志愿者协会', maskedHeadName: '张*', villageName: '和美村', urgent: false, referred: false }],
    countThisMonth: 4,
    unconfirmed: [],
    ...over,
  }
}

async function open() {
  const mounted = await mountPage(MyVisitsPage, { path: '/volunteer/visits' })
  await flushPromises()
  return mounted
}

function button(wrapper: Awaited<ReturnType<typeof open>>['wrapper'], text: string) {
  return wrapper.findAll('button').find(b => b.text() === text)!
}

describe('my visits (我的探访)', () => {
  beforeEach(async () => {
    vi.clearAllMocks()
    vi.mocked(api.fetchMyVisits).mockResolvedValue(history())
    await saveVisit(visit(1), { maskedHeadName: '李**', villageName: '和美村' }, Date.parse('2026-11-26T08:00:00Z'))
    await saveVisit(visit(2), {}, Date.parse('2026-11-26T08:01:00Z'))
    await saveVisit(visit(3), {}, Date.parse('2026-11-26T08:02:00Z'))
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should list what waits on the phone, and upload it with 立即同步: synced, and refused with the server\'s reason and 删除', async () => {
    // Automatic runs on open find no network.
    vi.mocked(api.postVisit).mockRejectedValue(offline())
    const { wrapper } = await open()
    await expect.poll(() => wrapper.find('.pending-count').text()).toBe('3 条待上传')
    expect(wrapper.text()).toContain('李**家 · 和美村')
    expect(wrapper.text()).toContain('家庭信息上传后显示')
    await expect.poll(() => wrapper.text()).toContain('网络不通，联网后自动上传')
    expect(wrapper.text()).toContain('本月 4 次')
    expect(wrapper.text()).toContain('张*家 · 和美村')

    vi.mocked(api.postVisit).mockImplementation(async (input) => {
      if (input.clientId === visit(2).clientId)
        throw new ApiRequestError('forbidden', '这户不在您负责的区域', 403)
      return { id: `s-${input.clientId.slice(-1)}`, clientId: input.clientId, created: true, status: 'accepted' as const }
    })
    await button(wrapper, '立即同步').trigger('click')
    await expect.poll(() => wrapper.find('.pending-count').text()).toBe('0 条待上传')
    const items = wrapper.findAll('.entries')[0].findAll('li')
    expect(items.map(li => li.find('.van-tag').text())).toEqual(['已上传', '未通过', '已上传'])
    expect(items[1].text()).toContain('未通过：这户不在您负责的区域')
    expect(items[0].text()).toContain('急需帮助')
    // Uploaded visits appear in the history (loaded again).
    expect(api.fetchMyVisits).toHaveBeenCalledTimes(2)

    await items[1].find('button').trigger('click')
    await expect.poll(() => outboxEntries()).toHaveLength(2)
    expect((await outboxEntries()).every(e => e.state === 'synced')).toBe(true)
  })

  it('should show a visit held for staff confirmation as waiting, with no 删除, until staff decide', async () => {
    vi.mocked(api.postVisit).mockImplementation(async input => ({ id: `s-${input.clientId.slice(-1)}`, clientId: input.clientId, created: true, status: input.clientId === visit(2).clientId ? 'pending_confirmation' as const : 'accepted' as const }))
    const held = { clientId: visit(2).clientId, visitedAt: visit(2).visitedAt, type: 'survey' as const, maskedHeadName: '王**', villageName: '和美村', decidedAt: null }
    vi.mocked(api.fetchMyVisits).mockResolvedValue(history({ unconfirmed: [{ ...held, status: 'pending_confirmation' }] }))
    const { wrapper } = await open()
    await expect.poll(() => wrapper.find('.pending-count').text()).toBe('0 条待上传')
    await expect.poll(() => wrapper.text()).toContain('王**家 · 和美村')
    const item = wrapper.findAll('.entries')[0].findAll('li')[1]
    expect(item.find('.van-tag').text()).toBe('等待工作人员确认')
    expect(item.text()).toContain('需镇（街道）民政工作人员确认后计入探访记录')
    expect(item.find('button').exists()).toBe(false)
    expect((await outboxEntries()).find(e => e.clientId === visit(2).clientId)).toMatchObject({ state: 'awaiting', input: null })

    // Staff did not confirm it: now it may be deleted, saying why.
    vi.mocked(api.fetchMyVisits).mockResolvedValue(history({ unconfirmed: [{ ...held, status: 'rejected', decidedAt: '2026-11-27T02:00:00.000Z' }] }))
    wrapper.unmount()
    document.body.innerHTML = ''
    const again = await open()
    await expect.poll(async () => (await outboxEntries()).find(e => e.clientId === visit(2).clientId)?.state).toBe('rejected')
    await expect.poll(() => again.wrapper.text()).toContain('未通过：镇（街道）民政工作人员没有确认这次探访')
  })

  it('should say that a referral went with a visit, waiting on the phone and once uploaded, and nothing of what came of it', async () => {
    vi.mocked(api.postVisit).mockRejectedValue(offline())
    const referred = { ...visit(4), referral: { seen: ['no_income' as const], note: '' } }
    await saveVisit(referred, { maskedHeadName: '赵**', villageName: '和美村' }, Date.parse('2026-11-26T08:03:00Z'))
    vi.mocked(api.fetchMyVisits).mockResolvedValue(history({ visits: [{ ...history().visits[0]!, referred: true }] }))
    const { wrapper } = await open()
    await expect.poll(() => wrapper.text()).toContain('网络不通，联网后自动上传')
    const onPhone = () => wrapper.findAll('.entries')[0].findAll('li')
    expect(onPhone().map(li => li.find('.referred').exists())).toEqual([true, false, false, false])
    expect(onPhone()[0].find('.referred').text()).toBe('转介待上传')
    // The server's history says it of its own visits.
    expect(wrapper.findAll('.entries')[1].find('.referred').text()).toBe('已转介')

    vi.mocked(api.postVisit).mockImplementation(async input => ({ id: `s-${input.clientId.slice(-1)}`, clientId: input.clientId, created: true, status: 'accepted' as const }))
    await button(wrapper, '立即同步').trigger('click')
    await expect.poll(() => wrapper.find('.pending-count').text()).toBe('0 条待上传')
    expect(onPhone()[0].find('.referred').text()).toBe('已转介')
    expect(vi.mocked(api.postVisit).mock.calls.filter(([input]) => input.clientId === referred.clientId).at(-1)![0].referral).toEqual({ seen: ['no_income'], note: '' })
    expect(wrapper.text()).not.toMatch(/预警|核实|纳入/)
  })

  it('should word a stored refusal in the language on screen, not the one of the sync', async () => {
    vi.mocked(api.postVisit).mockRejectedValue(new ApiRequestError('forbidden', '这户不在您负责的区域', 403))
    const { wrapper } = await open()
    await expect.poll(() => wrapper.find('.pending-count').text()).toBe('0 条待上传')
    await setLocale('en')
    try {
      await flushPromises()
      expect(wrapper.text()).toContain('Refused: this household is not in your area')
      expect(wrapper.text()).not.toContain('这户不在')
    }
    finally {
      await setLocale('zh-CN')
    }
  })

  it('should drop the stale "could not load" banner once the network is back', async () => {
    vi.mocked(api.postVisit).mockRejectedValue(offline())
    vi.mocked(api.fetchMyVisits).mockRejectedValue(offline())
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    try {
      const { wrapper } = await open()
      await expect.poll(() => wrapper.text()).toContain('还没有同步过探访记录')
      vi.mocked(api.fetchMyVisits).mockResolvedValue(history())
      vi.mocked(api.postVisit).mockImplementation(async input => ({ id: `s-${input.clientId.slice(-1)}`, clientId: input.clientId, created: true, status: 'accepted' as const }))
      online.mockReturnValue(true)
      window.dispatchEvent(new Event('online'))
      await expect.poll(() => wrapper.text()).toContain('本月 4 次')
      expect(wrapper.text()).not.toContain('还没有同步过探访记录')
      expect(wrapper.find('.card:nth-of-type(2) [role=alert]').exists()).toBe(false)
    }
    finally {
      online.mockRestore()
    }
  })

  it('should show the history last loaded, with "更新于", when offline', async () => {
    vi.mocked(api.postVisit).mockRejectedValue(offline())
    const first = await open()
    await expect.poll(() => readState(MINE_KEY)).toBeDefined()
    first.wrapper.unmount()
    document.body.innerHTML = ''

    vi.mocked(api.fetchMyVisits).mockRejectedValue(offline())
    const { wrapper } = await open()
    await expect.poll(() => wrapper.find('[role=alert]').exists()).toBe(true)
    expect(wrapper.find('[role=alert]').text()).toContain('网络连接失败')
    expect(wrapper.find('[role=alert]').text()).toContain('显示的是上次同步的记录')
    expect(wrapper.text()).toMatch(/更新于 2\d{3}/)
    expect(wrapper.text()).toContain('本月 4 次')
  })

  it('should say so when nothing was ever loaded and the network is down', async () => {
    vi.mocked(api.postVisit).mockRejectedValue(offline())
    vi.mocked(api.fetchMyVisits).mockRejectedValue(offline())
    const { wrapper } = await open()
    await expect.poll(() => wrapper.text()).toContain('还没有同步过探访记录')
    expect(wrapper.text()).not.toContain('本月')
  })
})
