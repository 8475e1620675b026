// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountPage, settle } from '../../../app/testing'
import * as api from '../api'
import { NARROW_NO_BREAK_SPACE } from '../format'
import { idb, sampleQuarter } from '../test-support'
import HappinessQuarterPage from './HappinessQuarterPage.vue'

vi.mock('idb-keyval', async () => (await import('../test-support')).fakeIdbKeyval())
vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchQuarterList: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 'u', role: 'resident', displayName: '李建国', phoneMasked: '138****8020', areaCode: null, areaName: null, department: null, household: { id: 'h2', headName: '李建国' } } })) }))

async function open(path = '/list/quarter/2026-Q4') {
  const mounted = await mountPage(HappinessQuarterPage, { path })
  await settle()
  return mounted
}

describe('happinessQuarterPage', () => {
  beforeEach(() => {
    idb.clear()
    vi.clearAllMocks()
    vi.mocked(api.fetchQuarterList).mockResolvedValue(sampleQuarter())
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show the household, members, records, totals and departments of the quarter', async () => {
    const { wrapper } = await open()
    expect(api.fetchQuarterList).toHaveBeenCalledWith('2026-Q4')
    const sheet = wrapper.find('article')
    expect(sheet.find('h2').text()).toBe('幸福清单（2026 年第 4 季度）')
    const text = sheet.text()
    for (const part of ['李建国', '和美村 5 组 7 号', '配偶', '医疗救助', '慈善帮扶', '10 公斤', `本季度合计：1${NARROW_NO_BREAK_SPACE}234.56 元`, '医保、慈善组织'])
      expect(text).toContain(part)
  })

  it('should leave a labelled frame for the household code instead of a fake QR', async () => {
    const { wrapper } = await open()
    const frame = wrapper.find('.qr-placeholder')
    expect(frame.text()).toBe('幸福码（下一版本提供）')
    expect(frame.attributes('role')).toBe('img')
    expect(wrapper.find('article img, article canvas, article svg').exists()).toBe(false)
  })

  it('should have lines for the visitor\'s signature and the date of delivery', async () => {
    const { wrapper } = await open()
    const lines = wrapper.findAll('.signatures p').map(p => p.text())
    expect(lines).toEqual(['走访人签字：', '户主（或家庭成员）签收：', '送达日期：'])
  })

  it('should print with the browser when the print button is tapped', async () => {
    // happy-dom has no window.print
    const print = vi.fn()
    vi.stubGlobal('print', print)
    const { wrapper } = await open()
    await wrapper.find('.toolbar button').trigger('click')
    expect(print).toHaveBeenCalledOnce()
    vi.unstubAllGlobals()
  })

  it('should not ask the server for a quarter that does not exist', async () => {
    const { wrapper } = await open('/list/quarter/2026-Q9')
    expect(api.fetchQuarterList).not.toHaveBeenCalled()
    expect(wrapper.find('[role=alert]').exists()).toBe(true)
  })
})
