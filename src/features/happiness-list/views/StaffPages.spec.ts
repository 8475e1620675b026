// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as exporter from '../../../app/downloads'
import { mountPage } from '../../../app/testing'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import { sampleQuarter } from '../test-support'
import StaffCompletenessPage from './StaffCompletenessPage.vue'
import StaffVillagePrintPage from './StaffVillagePrintPage.vue'

vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchVillageCompleteness: vi.fn(),
  fetchVillageLists: vi.fn(),
}))
vi.mock('../../../app/downloads', async importOriginal => ({
  ...(await importOriginal<typeof import('../../../app/downloads')>()),
  downloadExport: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 's', role: 'town_staff', displayName: '孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null } })) }))

const STAFF_USER = { id: 's', role: 'town_staff' as const, displayName: '孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null }

function byDepartment(mingzheng: number, yibao: number) {
  return [
    { department: 'mingzheng' as const, name: '民政', households: mingzheng },
    { department: 'yibao' as const, name: '医保', households: yibao },
    { department: 'jiaoyu' as const, name: '教育', households: 0 },
  ]
}

describe('staff happiness-list pages', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(api.fetchVillageCompleteness).mockResolvedValue({
      quarter: '2026-Q4',
      villages: [{ code: '339901001001', name: '和美村', households: 3, byDepartment: byDepartment(3, 1) }, { code: '339901001002', name: '安康社区', households: 2, byDepartment: byDepartment(0, 0) }],
    })
    vi.mocked(api.fetchVillageLists).mockResolvedValue({ quarter: '2026-Q4', village: { code: '339901001001', name: '和美村' }, lists: [sampleQuarter(), sampleQuarter({ household: { id: 'h3', areaName: '和美村', address: '和美村 1 组 2 号', headName: '陈桂兰' } })] })
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show a table of villages and how many households each department reported for, leaving out silent departments', async () => {
    const { wrapper, pinia } = await mountPage(StaffCompletenessPage, { path: '/staff/list' })
    useSessionStore(pinia).user = STAFF_USER
    await flushPromises()
    expect(wrapper.findAll('thead th').map(h => h.text())).toEqual(['村（社区）', '登记户数', '民政已报送户数', '医保已报送户数', '打印本村清单'])
    const rows = wrapper.findAll('tbody tr').map(r => [r.get('th').text(), ...r.findAll('td.num').map(td => td.text())])
    expect(rows).toEqual([['和美村', '3 户', '✓3/3', '○1/3'], ['安康社区', '2 户', '○0/2', '○0/2']])
    expect(wrapper.findAll('tbody td.complete')).toHaveLength(1)
    // The print button is a Vant button with the village in its name, not a browser-blue link.
    const print = wrapper.findAll('tbody button.print-button')
    expect(print.map(b => b.attributes('aria-label'))).toEqual(['打印本村清单（和美村）', '打印本村清单（安康社区）'])
    expect(wrapper.find('a').exists()).toBe(false)
  })

  it('should open a village\'s print page from its button', async () => {
    const { wrapper, pinia, router } = await mountPage(StaffCompletenessPage, { path: '/staff/list' })
    useSessionStore(pinia).user = STAFF_USER
    await flushPromises()
    await wrapper.get('tbody tr[data-code="339901001001"] button.print-button').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toMatch(/^\/staff\/list\/339901001001\/\d{4}-Q[1-4]$/)
  })

  it('should show counts but no print button when the staff member is not of civil affairs', async () => {
    const { wrapper, pinia } = await mountPage(StaffCompletenessPage, { path: '/staff/list' })
    useSessionStore(pinia).user = { ...STAFF_USER, department: 'yibao' }
    await flushPromises()
    expect(wrapper.findAll('tbody tr')).toHaveLength(2)
    expect(wrapper.find('.print-button').exists()).toBe(false)
  })

  it('should ask for the quarter chosen in a Vant menu and export that quarter', async () => {
    vi.mocked(exporter.downloadExport).mockResolvedValue('清单完整度.xlsx')
    const { wrapper } = await mountPage(StaffCompletenessPage, { path: '/staff/list' })
    await flushPromises()
    expect(wrapper.find('select').exists()).toBe(false)
    await wrapper.get('.quarter-menu .van-dropdown-menu__item').trigger('click')
    await flushPromises()
    await wrapper.findAll('.quarter-menu [role=menuitem]')[1].trigger('click')
    await flushPromises()
    const older = vi.mocked(api.fetchVillageCompleteness).mock.lastCall![0]
    expect(vi.mocked(api.fetchVillageCompleteness).mock.calls[0][0]).not.toBe(older)
    await wrapper.findAll('button').find(b => b.text() === '导出 Excel')!.trigger('click')
    await flushPromises()
    expect(exporter.downloadExport).toHaveBeenCalledWith(`/staff/happiness-list/completeness/export.xlsx?quarter=${older}`, 'completeness.xlsx')
  })

  it('should print every household of the village, one sheet each', async () => {
    const { wrapper } = await mountPage(StaffVillagePrintPage, { path: '/staff/list/339901001001/2026-Q4' })
    await flushPromises()
    expect(api.fetchVillageLists).toHaveBeenCalledWith('339901001001', '2026-Q4')
    expect(wrapper.findAll('article.village-sheet')).toHaveLength(2)
    expect(wrapper.text()).toContain('和美村：共 2 户')
    expect(wrapper.findAll('article').map(a => a.find('dd').text())).toEqual(['李建国', '陈桂兰'])
  })

  it('should not lay a sheet out as its own household facts (a class of the page meeting the sheet\'s scoped style)', async () => {
    const { wrapper } = await mountPage(StaffVillagePrintPage, { path: '/staff/list/339901001001/2026-Q4' })
    await flushPromises()
    // Scoped styles of the sheet also reach its root: a class the page gives the sheet must not be
    // one the sheet styles inside it (it was "household", and every sheet became a 2-column grid).
    const sheet = wrapper.find('article')
    const inside = new Set(sheet.findAll('*').flatMap(e => e.classes()))
    expect(sheet.classes().filter(c => inside.has(c))).toEqual([])
  })

  it('should put the time of printing on every sheet in Beijing time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    // 23:30 in UTC is 07:30 the next morning in Beijing.
    vi.setSystemTime(new Date('2026-12-31T23:30:00Z'))
    const { wrapper } = await mountPage(StaffVillagePrintPage, { path: '/staff/list/339901001001/2026-Q4' })
    await flushPromises()
    vi.useRealTimers()
    expect(wrapper.findAll('article .printed-on').map(p => p.text())).toEqual(Array.from({ length: 2 }, () => '幸福码 · 打印时间：2027年1月1日 07:30'))
  })
})
