// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import type { QueueRow } from '../api'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import * as exporter from '../../../app/downloads'
import { mountPage } from '../../../app/testing'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import StaffQueuePage from './StaffQueuePage.vue'

vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchQueue: vi.fn(),
}))
vi.mock('../../../app/downloads', async importOriginal => ({
  ...(await importOriginal<typeof import('../../../app/downloads')>()),
  downloadExport: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 's', role: 'town_staff', displayName: '安乐镇民政 孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null } })) }))

const STAFF_USER = { id: 's', role: 'town_staff' as const, displayName: '安乐镇民政 孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null }

function row(over: Partial<QueueRow>): QueueRow {
  return { id: 'c1', applicationNumber: 'XFM-20261120-0001', item: 'dibao', itemName: '最低生活保障（低保）', status: 'submitted', townName: '安乐镇', applicantNameMasked: '刘*', submittedAt: '2026-11-20T02:00:00.000Z', dueAt: '2026-11-23T02:00:00.000Z', overdue: false, ...over }
}

const ROWS = [
  row({}),
  row({ id: 'c2', applicationNumber: 'XFM-20261121-0002', item: 'temporary', itemName: '临时救助', status: 'reviewing', applicantNameMasked: '陈**', submittedAt: '2026-11-21T02:00:00.000Z', overdue: true }),
  row({ id: 'c3', applicationNumber: 'XFM-20261122-0003', item: 'tekun', itemName: '特困人员救助供养', status: 'approved', applicantNameMasked: '王**', submittedAt: '2026-11-22T02:00:00.000Z', dueAt: null }),
]

const headerButton = (wrapper: VueWrapper, label: string) => wrapper.findAll('th button.sort').find(b => b.text() === label)!
const th = (wrapper: VueWrapper, label: string) => wrapper.findAll('th').find(h => h.text() === label)!

describe('staff review queue', () => {
  beforeEach(() => {
    sessionStorage.clear()
    vi.clearAllMocks()
    vi.mocked(api.fetchQueue).mockResolvedValue({ cases: ROWS })
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  async function mounted() {
    const page = await mountPage(StaffQueuePage, { path: '/staff' })
    useSessionStore(page.pinia).user = STAFF_USER
    await flushPromises()
    return page
  }

  it('should show the cases as a table with their counts, each linking to its case', async () => {
    const { wrapper } = await mounted()
    expect(wrapper.findAll('thead th').map(h => h.text())).toEqual(['事项', '申请人', '申请编号', '乡镇（街道）', '状态', '提交时间', '办理期限'])
    const cells = wrapper.findAll('tbody tr').map(r => r.findAll('td').map(td => td.text()))
    expect(cells[1]).toEqual(['临时救助 · 陈**', '陈**', 'XFM-20261121-0002', '安乐镇', '审核中已超期', '2026年11月21日', '2026年11月23日 10:00'])
    expect(cells[2][6]).toBe('—')
    expect(wrapper.findAll('tbody a').map(a => a.attributes('href'))).toEqual(['/staff/cases/c1', '/staff/cases/c2', '/staff/cases/c3'])
    expect(wrapper.get('[data-testid=queue-counts]').findAll('.van-tag').map(t => t.text())).toEqual(['共 3 件', '已提交 1', '审核中 1', '已批准 1', '已超期 1 件'])
    expect(wrapper.get('caption').text()).toBe('待审核事项，共 3 件，点列名排序')
  })

  it('should sort by a column when its header is clicked, and turn the order round on a second click', async () => {
    const { wrapper } = await mounted()
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    expect(th(wrapper, '提交时间').attributes('aria-sort')).toBe('ascending')
    expect(th(wrapper, '申请人').attributes('aria-sort')).toBeUndefined()

    await headerButton(wrapper, '事项').trigger('click')
    await vi.advanceTimersByTimeAsync(250)
    expect(api.fetchQueue).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'item', order: 'asc' }))
    expect(th(wrapper, '事项').attributes('aria-sort')).toBe('ascending')
    expect(th(wrapper, '提交时间').attributes('aria-sort')).toBe('none')

    await headerButton(wrapper, '事项').trigger('click')
    await vi.advanceTimersByTimeAsync(250)
    expect(api.fetchQueue).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'item', order: 'desc' }))
    expect(th(wrapper, '事项').attributes('aria-sort')).toBe('descending')
    // The applicant's masked name is no column to sort by.
    expect(th(wrapper, '申请人').find('button').exists()).toBe(false)
  })

  it('should show the rows in the order the server answers for the sort', async () => {
    const { wrapper } = await mounted()
    vi.mocked(api.fetchQueue).mockResolvedValue({ cases: [...ROWS].reverse() })
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    await headerButton(wrapper, '提交时间').trigger('click')
    await vi.advanceTimersByTimeAsync(250)
    expect(wrapper.findAll('tbody td.col-number').map(td => td.text())).toEqual(['XFM-20261122-0003', 'XFM-20261121-0002', 'XFM-20261120-0001'])
  })

  it('should filter with a Vant checkbox for overdue cases and Vant menus that say what they filter', async () => {
    const { wrapper } = await mounted()
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    expect(wrapper.find('select').exists()).toBe(false)
    expect(wrapper.find('input[type=checkbox]').exists()).toBe(false)
    expect(wrapper.findAll('.menus:not(.sort-menu) .van-dropdown-menu__title').map(t => t.text())).toEqual(['事项：全部', '状态：全部'])
    const box = wrapper.get('[role=checkbox]')
    expect(box.text()).toBe('只看超期')
    expect(box.attributes('aria-label')).toBe('只看超期')
    await box.trigger('click')
    await vi.advanceTimersByTimeAsync(250)
    expect(box.attributes('aria-checked')).toBe('true')
    expect(api.fetchQueue).toHaveBeenLastCalledWith(expect.objectContaining({ overdue: true }))
  })

  it('should export what the table shows: the same filters and order', async () => {
    vi.mocked(exporter.downloadExport).mockResolvedValue('待审核事项-安乐镇-2026-12-05.xlsx')
    sessionStorage.setItem('xfm.draft.staff.queue', JSON.stringify({ item: 'temporary', status: '', overdue: true, sort: 'dueAt', order: 'desc' }))
    const { wrapper } = await mounted()
    await wrapper.findAll('button').find(b => b.text() === '导出 Excel')!.trigger('click')
    await flushPromises()
    expect(exporter.downloadExport).toHaveBeenCalledWith('/staff/cases/export.xlsx?item=temporary&overdue=true&sort=dueAt&order=desc', 'queue.xlsx')
    expect(wrapper.get('.export [aria-live]').text()).toBe('已导出：待审核事项-安乐镇-2026-12-05.xlsx')
  })

  it('should say why an export failed', async () => {
    vi.mocked(exporter.downloadExport).mockRejectedValue(new ApiRequestError('forbidden', '您没有权限进行此操作', 403))
    const { wrapper } = await mounted()
    await wrapper.findAll('button').find(b => b.text() === '导出 Excel')!.trigger('click')
    await flushPromises()
    expect(wrapper.get('.export [role=alert]').text()).toBe('您没有权限进行此操作')
  })

  it('should greet without naming the town twice and link the other staff screens as tiles', async () => {
    const { wrapper } = await mounted()
    expect(wrapper.get('.who').text()).toBe('您好，安乐镇民政 孙静')
    const nav = wrapper.get('nav')
    expect(nav.attributes('aria-label')).toBe('其他工作')
    expect(nav.findAll('a').map(a => [a.text(), a.attributes('href')])).toEqual([
      ['预警核实', '/staff/warnings'],
      ['幸福清单完整度', '/staff/list'],
      ['探访覆盖与紧急情况', '/staff/coverage'],
      ['志愿者、社工负责区域', '/staff/field-workers'],
      ['待确认的探访', '/staff/visits/confirmations'],
      ['微心愿管理', '/staff/needs'],
      ['代办绑定家庭', '/staff/bind'],
    ])
  })

  it('should leave out the screens of civil affairs for another department', async () => {
    const { wrapper, pinia } = await mounted()
    useSessionStore(pinia).user = { ...STAFF_USER, displayName: '安乐镇医保 钱敏', department: 'yibao' }
    await flushPromises()
    expect(wrapper.get('nav').findAll('a').map(a => a.text())).toEqual(['预警核实', '幸福清单完整度'])
  })
})
