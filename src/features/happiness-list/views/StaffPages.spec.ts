// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountPage, settle } from '../../../app/testing'
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

  it('should show per village how many households each department reported for, leaving out silent departments', async () => {
    const { wrapper, pinia } = await mountPage(StaffCompletenessPage, { path: '/staff/list' })
    useSessionStore(pinia).user = STAFF_USER
    await settle()
    const villages = wrapper.findAll('section')
    expect(villages.map(v => v.find('h2').text())).toEqual(['和美村 3 户', '安康社区 2 户'])
    expect(villages[0].findAll('li').map(li => li.text())).toEqual(['✓ 民政已报送 3/3 户', '○ 医保已报送 1/3 户'])
    expect(villages[0].find('a').attributes('href')).toMatch(/^\/staff\/list\/339901001001\/\d{4}-Q[1-4]$/)
  })

  it('should show counts but no print link when the staff member is not of civil affairs', async () => {
    const { wrapper, pinia } = await mountPage(StaffCompletenessPage, { path: '/staff/list' })
    useSessionStore(pinia).user = { ...STAFF_USER, department: 'yibao' }
    await settle()
    expect(wrapper.findAll('section')).toHaveLength(2)
    expect(wrapper.find('a.print-link').exists()).toBe(false)
  })

  it('should ask for the quarter chosen', async () => {
    const { wrapper } = await mountPage(StaffCompletenessPage, { path: '/staff/list' })
    await settle()
    const select = wrapper.find<HTMLSelectElement>('select[name=quarter]')
    const older = select.findAll('option')[1].element.value
    await select.setValue(older)
    await settle()
    expect(api.fetchVillageCompleteness).toHaveBeenLastCalledWith(older)
  })

  it('should print every household of the village, one sheet each', async () => {
    const { wrapper } = await mountPage(StaffVillagePrintPage, { path: '/staff/list/339901001001/2026-Q4' })
    await settle()
    expect(api.fetchVillageLists).toHaveBeenCalledWith('339901001001', '2026-Q4')
    expect(wrapper.findAll('article.village-sheet')).toHaveLength(2)
    expect(wrapper.text()).toContain('和美村：共 2 户')
    expect(wrapper.findAll('article').map(a => a.find('dd').text())).toEqual(['李建国', '陈桂兰'])
  })

  it('should not lay a sheet out as its own household facts (a class of the page meeting the sheet\'s scoped style)', async () => {
    const { wrapper } = await mountPage(StaffVillagePrintPage, { path: '/staff/list/339901001001/2026-Q4' })
    await settle()
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
    await settle()
    vi.useRealTimers()
    expect(wrapper.findAll('article .printed-on').map(p => p.text())).toEqual(Array.from({ length: 2 }, () => '幸福码 · 打印时间：2027年1月1日 07:30'))
  })
})
