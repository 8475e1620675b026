// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage, settle } from '../../../app/testing'
import * as accountApi from '../../account/api'
import * as api from '../api'
import { resetStores } from '../test-support'
import HouseholdVisitsPage from './HouseholdVisitsPage.vue'

vi.mock('idb-keyval', async () => (await import('../test-support')).fakeIdbKeyval())
vi.mock('../api', () => ({ postVisit: vi.fn(), fetchMyVisits: vi.fn(), fetchHouseholdVisits: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 'u', role: 'resident', displayName: '李建国', phoneMasked: '138****8020', areaCode: null, areaName: null, department: null, household: { id: 'h2', headName: '李建国' } } })) }))

/** vi.waitFor's patience: the machine is shared, so a second is not always enough. */
const WAIT = { timeout: 5000 }

async function open() {
  const mounted = await mountPage(HouseholdVisitsPage, { path: '/visits' })
  await settle()
  return mounted
}

describe('谁来看过我', () => {
  beforeEach(() => {
    resetStores()
    vi.clearAllMocks()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should list who came, from which organisation, when and why; and keep it for offline', async () => {
    vi.mocked(api.fetchHouseholdVisits).mockResolvedValue({ visits: [
      { id: 'a', visitedAt: '2026-11-20T02:00:00.000Z', type: 'care', visitorRole: 'volunteer', organisation: '安乐镇志愿者协会' },
      { id: 'b', visitedAt: '2026-10-02T02:00:00.000Z', type: 'survey', visitorRole: 'social_worker', organisation: '安乐镇社工站' },
    ] })
    const first = await open()
    await vi.waitFor(() => expect(first.wrapper.findAll('li.visit')).toHaveLength(2), WAIT)
    const items = first.wrapper.findAll('li.visit').map(li => li.text())
    expect(items[0]).toContain('探访关爱')
    expect(items[0]).toContain('志愿者 · 安乐镇志愿者协会')
    expect(items[1]).toContain('入户调查')
    expect(items[1]).toContain('社工 · 安乐镇社工站')
    first.wrapper.unmount()
    document.body.innerHTML = ''

    vi.mocked(api.fetchHouseholdVisits).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败', null))
    const { wrapper } = await open()
    await vi.waitFor(() => expect(wrapper.find('[role=alert]').exists()).toBe(true), WAIT)
    expect(wrapper.find('[role=alert]').text()).toContain('显示的是上次同步的记录')
    expect(wrapper.findAll('li.visit')).toHaveLength(2)
    expect(wrapper.find('[role=status]').text()).toMatch(/^更新于/)
  })

  it('should offer to bind a household, not "sync first", to a resident without one', async () => {
    vi.mocked(accountApi.fetchSession).mockResolvedValueOnce({ user: { id: 'u', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null, household: null } })
    const { wrapper, router } = await open()
    await vi.waitFor(() => expect(wrapper.text()).toContain('绑定家庭后，才能看到谁来看过您家'), WAIT)
    expect(api.fetchHouseholdVisits).not.toHaveBeenCalled()
    expect(wrapper.text()).not.toContain('还没有同步过')
    expect(wrapper.text()).not.toContain('再提交申请')
    await wrapper.findAll('button').find(b => b.text() === '去绑定家庭')!.trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/bind'), WAIT)
  })

  it('should offer to bind when the server says the household is no longer linked', async () => {
    vi.mocked(api.fetchHouseholdVisits).mockRejectedValue(new ApiRequestError('forbidden', '请先绑定您的家庭，再提交申请', 403))
    const { wrapper } = await open()
    await vi.waitFor(() => expect(wrapper.text()).toContain('绑定家庭后，才能看到谁来看过您家'), WAIT)
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('还没有同步过')
  })

  it('should say when nobody has visited yet', async () => {
    vi.mocked(api.fetchHouseholdVisits).mockResolvedValue({ visits: [] })
    const { wrapper } = await open()
    await vi.waitFor(() => expect(wrapper.text()).toContain('还没有探访记录'), WAIT)
  })
})
