// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import * as print from '../../../app/print'
import { mountPage, nextRoute } from '../../../app/testing'
import { shanghaiMonth } from '../../../domain/time'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import { monthsBack } from '../funnel'
import WarningReportPage from './WarningReportPage.vue'

vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchFunnel: vi.fn(),
}))
vi.mock('../../../app/print', async importOriginal => ({
  ...(await importOriginal<typeof import('../../../app/print')>()),
  printAs: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 'c', role: 'county_staff', displayName: '幸福县民政局 郑强', phoneMasked: null, areaCode: '339901', areaName: '幸福县（演示）', department: 'mingzheng', household: null } })) }))

const COUNTY = { id: 'c', role: 'county_staff' as const, displayName: '幸福县民政局 郑强', phoneMasked: null, areaCode: '339901', areaName: '幸福县（演示）', department: 'mingzheng', household: null }
const ROW = { village: { code: '339901001001', name: '和美村' }, month: '2026-11', issued: 2, verified: 1, takenIn: 1, referred: 0, notEligible: 0, couldNotReach: 0, medianDaysToDecision: 3 }

async function mounted(path: string) {
  const page = await mountPage(WarningReportPage, { path, before: pinia => void (useSessionStore(pinia).user = COUNTY) })
  await flushPromises()
  return page
}

describe('the printable warnings report', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(api.fetchFunnel).mockImplementation(async (from, to) => ({ from, to, rows: [ROW] }))
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should report the period in the address, for the staff member\'s area, and print it on A4', async () => {
    const { wrapper } = await mounted('/staff/warnings/report?from=2026-01&to=2026-12')
    expect(api.fetchFunnel).toHaveBeenCalledWith('2026-01', '2026-12')
    expect(wrapper.get('#report-heading').text()).toBe('幸福县（演示）政策找人预警核实情况')
    expect(wrapper.get('.period').text()).toBe('2026年1月 至 2026年12月')
    expect(wrapper.get('.reference').text()).toContain('发出风险预警 15.5 万条，核实 12.9 万条，新纳入救助 13 944 人')
    expect(wrapper.get('form.toolbar').classes()).toContain('no-print')
    await wrapper.findAll('button').find(b => b.text() === '打印 A4')!.trigger('click')
    expect(print.printAs).toHaveBeenCalledWith('a4')
  })

  it('should report the last six months when the address names no period the server would take', async () => {
    await mounted('/staff/warnings/report?from=2020-01&to=2026-12')
    const month = shanghaiMonth()
    expect(api.fetchFunnel).toHaveBeenCalledWith(monthsBack(month, 5), month)
  })

  it('should put a period chosen in the month fields into the address', async () => {
    const { wrapper, router } = await mounted('/staff/warnings/report?from=2026-01&to=2026-12')
    await wrapper.get('input[name=from]').setValue('2026-06')
    expect((await nextRoute(router)).fullPath).toBe('/staff/warnings/report?from=2026-06&to=2026-12')
    await flushPromises()
    expect(api.fetchFunnel).toHaveBeenLastCalledWith('2026-06', '2026-12')
  })

  it('should show the server\'s message to a department the funnel is not for', async () => {
    vi.mocked(api.fetchFunnel).mockRejectedValue(new ApiRequestError('forbidden', '只有民政部门可以进行此操作', 403))
    const { wrapper } = await mounted('/staff/warnings/report')
    expect(wrapper.get('[role=alert]').text()).toBe('只有民政部门可以进行此操作')
    expect(wrapper.find('article.sheet').exists()).toBe(false)
  })
})
