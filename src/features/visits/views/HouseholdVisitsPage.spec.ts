// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { readState } from '../../../app/idb-test-support'
import { mountPage, nextRoute } from '../../../app/testing'
import * as accountApi from '../../account/api'
import * as api from '../api'
import { HOUSEHOLD_KEY } from '../store'
import HouseholdVisitsPage from './HouseholdVisitsPage.vue'

vi.mock('../api', () => ({ postVisit: vi.fn(), fetchMyVisits: vi.fn(), fetchHouseholdVisits: vi.fn() }))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 'u', role: 'resident', displayName: '李建国', phoneMasked: '138****8020', areaCode: null, areaName: null, department: null, household: { id: 'h2', headName: '李建国' } } })) }))

async function open() {
  const mounted = await mountPage(HouseholdVisitsPage, { path: '/visits' })
  await flushPromises()
  return mounted
}

describe('谁来看过我', () => {
  beforeEach(() => {
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
    await expect.poll(() => first.wrapper.findAll('li.visit')).toHaveLength(2)
    const items = first.wrapper.findAll('li.visit').map(li => li.text())
    expect(items[0]).toContain('探访关爱')
    expect(items[0]).toContain('志愿者 · 安乐镇志愿者协会')
    expect(items[1]).toContain('入户调查')
    expect(items[1]).toContain('社工 · 安乐镇社工站')
    await expect.poll(() => readState(HOUSEHOLD_KEY)).toBeDefined()
    first.wrapper.unmount()
    document.body.innerHTML = ''

    vi.mocked(api.fetchHouseholdVisits).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败', null))
    const { wrapper } = await open()
    await expect.poll(() => wrapper.find('[role=alert]').exists()).toBe(true)
    expect(wrapper.find('[role=alert]').text()).toContain('显示的是上次同步的记录')
    expect(wrapper.findAll('li.visit')).toHaveLength(2)
    expect(wrapper.find('[role=status]').text()).toMatch(/^更新于/)
  })

  it('should offer to bind a household, not "sync first", to a resident without one', async () => {
    vi.mocked(accountApi.fetchSession).mockResolvedValueOnce({ user: { id: 'u', role: 'resident', displayName: '138****8000', phoneMasked: '138****8000', areaCode: null, areaName: null, department: null, household: null } })
    const { wrapper, router } = await open()
    await expect.poll(() => wrapper.text()).toContain('绑定家庭后，才能看到谁来看过您家')
    expect(api.fetchHouseholdVisits).not.toHaveBeenCalled()
    expect(wrapper.text()).not.toContain('还没有同步过')
    expect(wrapper.text()).not.toContain('再提交申请')
    await wrapper.findAll('button').find(b => b.text() === '去绑定家庭')!.trigger('click')
    expect((await nextRoute(router)).path).toBe('/bind')
  })

  it('should offer to bind when the server says the household is no longer linked', async () => {
    vi.mocked(api.fetchHouseholdVisits).mockRejectedValue(new ApiRequestError('forbidden', '请先绑定您的家庭，再提交申请', 403))
    const { wrapper } = await open()
    await expect.poll(() => wrapper.text()).toContain('绑定家庭后，才能看到谁来看过您家')
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('还没有同步过')
  })

  it('should say when nobody has visited yet', async () => {
    vi.mocked(api.fetchHouseholdVisits).mockResolvedValue({ visits: [] })
    const { wrapper } = await open()
    await expect.poll(() => wrapper.text()).toContain('还没有探访记录')
  })
})
