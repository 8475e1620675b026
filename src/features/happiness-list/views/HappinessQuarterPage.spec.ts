// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { until } from '@vueuse/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { writeWaitingNow } from '../../../app/composables/useStoredState'
import { mountPage } from '../../../app/testing'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import { NARROW_NO_BREAK_SPACE } from '../format'
import { useHappinessListStore } from '../store'
import { sampleQuarter } from '../test-support'
import HappinessQuarterPage from './HappinessQuarterPage.vue'

vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchQuarterList: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 'u', role: 'resident', displayName: '李建国', phoneMasked: '138****8020', areaCode: null, areaName: null, department: null, household: { id: 'h2', headName: '李建国' } } })) }))

async function open(path = '/list/quarter/2026-Q4') {
  const mounted = await mountPage(HappinessQuarterPage, { path })
  // The page shows once its list is loaded, or the one kept on the device.
  await until(() => useHappinessListStore(mounted.pinia).loading).toBe(false)
  await flushPromises()
  return mounted
}

describe('happinessQuarterPage', () => {
  beforeEach(() => {
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
    expect(sheet.find('h2').text()).toBe('幸福清单（2026年第4季度）')
    const text = sheet.text()
    for (const part of ['李建国', '和美村 5 组 7 号', '配偶', '医疗救助', '慈善帮扶', '10 公斤', `本季度合计：1${NARROW_NO_BREAK_SPACE}234.56 元`, '医保、慈善组织'])
      expect(text).toContain(part)
  })

  it('should list a granted month as 已核定，待发放 without a date paid, and dates as time.ts writes them', async () => {
    const { wrapper } = await open()
    const rows = wrapper.findAll('article table.records tbody tr').map(tr => tr.findAll('td').map(td => td.text()))
    expect(rows).toEqual([
      ['医疗救助（张丽）', '医保', '2026年10月', '2026年10月15日', '已发放', `1${NARROW_NO_BREAK_SPACE}234.56 元`],
      ['慈善帮扶（李建国、张丽、李小明）', '慈善组织', '2026年10月', '2026年10月20日', '已发放', '10 公斤'],
      ['最低生活保障（低保）（李建国）', '民政', '2026年12月', '—', '已核定，待发放', `1${NARROW_NO_BREAK_SPACE}538 元`],
    ])
  })

  it('should fit the records table to the paper: fixed layout, column widths in per cent adding up to 100', async () => {
    const { wrapper } = await open()
    for (const table of wrapper.findAll('article table')) {
      const cols = table.findAll('col')
      expect(cols.length).toBe(table.findAll('thead th').length)
    }
    // The widths themselves are checked on paper by tests/e2e/print.e2e.ts (Chromium, A4).
  })

  it('should print the time in Beijing time, whatever the device\'s clock zone', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-05T03:52:00Z'))
    const { wrapper } = await open()
    vi.useRealTimers()
    expect(wrapper.find('article .printed-on').text()).toBe('幸福码 · 打印时间：2026年12月5日 11:52')
  })

  it('should print the household code as a labelled QR of the list\'s code URL', async () => {
    const { wrapper } = await open()
    await flushPromises()
    const qr = wrapper.find('article .code [role="img"]')
    expect(qr.attributes('aria-label')).toBe('李建国 户幸福码')
    const svg = qr.find('svg')
    expect(svg.exists()).toBe(true)
    // The QR of the sample URL, not of something else: same module count as qrcode makes for it.
    const QRCode = (await import('qrcode')).default
    const modules = QRCode.create('https://xfm.example.gov.cn/h/AQE', { errorCorrectionLevel: 'M' }).modules.size
    expect(svg.attributes('viewBox')).toBe(`0 0 ${modules + 8} ${modules + 8}`)
    expect(wrapper.find('article .code figcaption').text()).toBe('扫码登记探访')
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

  it('should show the quarter kept on this device when offline, saying so as a status', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-10T02:00:00Z'))
    await open()
    vi.useRealTimers()
    // The quarter is written to the device once the page is idle: now, for the next visit.
    await writeWaitingNow()
    document.body.innerHTML = ''
    vi.mocked(api.fetchQuarterList).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败，请检查网络后再试。', null))
    const { wrapper } = await open()
    expect(wrapper.find('[role=status]').text()).toBe('离线显示，上次更新于 2026年12月10日 10:00')
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
    expect(wrapper.find('article h2').text()).toBe('幸福清单（2026年第4季度）')
  })

  it('should say the quarter was never saved here when offline without it', async () => {
    vi.mocked(api.fetchQuarterList).mockRejectedValue(new ApiRequestError('network_error', '网络连接失败，请检查网络后再试。', null))
    const { wrapper } = await open()
    expect(wrapper.find('[role=alert]').text()).toBe('这个季度的清单还没有在本机保存过，请联网后再打开。')
    expect(wrapper.findAll('button').some(b => b.text() === '重新加载')).toBe(true)
  })

  it('should ask a resident without a household to bind one, and fetch nothing', async () => {
    const { wrapper } = await mountPage(HappinessQuarterPage, { path: '/list/quarter/2026-Q4', before: (pinia) => {
      const session = useSessionStore(pinia)
      session.user = { id: 'u', role: 'resident', displayName: '138****8020', phoneMasked: '138****8020', areaCode: null, areaName: null, department: null, household: null }
      session.loaded = true
    } })
    await flushPromises()
    expect(api.fetchQuarterList).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('绑定家庭后，才能查看全家收到的救助和补贴')
    expect(wrapper.findAll('button').some(b => b.text() === '去绑定家庭')).toBe(true)
  })

  it('should not ask the server for a quarter that does not exist', async () => {
    const { wrapper } = await open('/list/quarter/2026-Q9')
    expect(api.fetchQuarterList).not.toHaveBeenCalled()
    expect(wrapper.find('[role=alert]').exists()).toBe(true)
  })
})
