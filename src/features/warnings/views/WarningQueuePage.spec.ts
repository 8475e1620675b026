// @vitest-environment happy-dom
import type { SessionUser } from '../../../domain/http/auth'
import type { WarningSummary } from '../api'
import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../../api/client'
import { mountPage, nextRoute } from '../../../app/testing'
import { shanghaiMonth } from '../../../domain/time'
import { useSessionStore } from '../../account/store'
import * as api from '../api'
import { monthsBack } from '../funnel'
import WarningQueuePage from './WarningQueuePage.vue'

vi.mock('../api', async importOriginal => ({
  ...(await importOriginal<typeof import('../api')>()),
  fetchWarnings: vi.fn(),
  fetchFunnel: vi.fn(),
}))
vi.mock('../../account/api', () => ({ fetchSession: vi.fn(async () => ({ user: { id: 's', role: 'town_staff', displayName: '安乐镇民政 孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null } })) }))

const TOWN = { id: 's', role: 'town_staff' as const, displayName: '安乐镇民政 孙静', phoneMasked: null, areaCode: '339901001', areaName: '安乐镇', department: 'mingzheng', household: null }
const COUNTY = { ...TOWN, role: 'county_staff' as const, displayName: '幸福县民政局 郑强', areaCode: '339901', areaName: '幸福县' }
const YIBAO = { ...TOWN, displayName: '安乐镇医保 钱敏', department: 'yibao' }

function warning(over: Partial<WarningSummary>): WarningSummary {
  return {
    id: 'w1',
    rule: 'medical_spending',
    ruleName: '医疗支出预警',
    householdId: 'h1',
    village: { code: '339901001002', name: '桃源村' },
    headMasked: '刘*',
    status: 'open',
    raisedOn: '2026-12-02',
    dueOn: '2026-12-16',
    overdue: false,
    suggestions: [
      { item: 'expense_hardship', itemName: '支出型困难家庭救助', action: 'apply', department: 'mingzheng', departmentName: '民政部门' },
      { item: 'medical', itemName: '医疗救助', action: 'apply', department: 'yibao', departmentName: '医保部门' },
    ],
    signalCount: 2,
    referredTo: null,
    ...over,
  }
}

const WARNINGS = [
  warning({ id: 'w2', rule: 'new_severe_disability', ruleName: '新办或升级残疾人证', village: { code: '339901001001', name: '和美村' }, headMasked: '王**', raisedOn: '2026-11-18', dueOn: '2026-12-02', overdue: true, suggestions: [{ item: 'disability_allowance', itemName: '残疾人两项补贴', action: 'apply', department: 'canlian', departmentName: '残联' }], signalCount: 1 }),
  warning({}),
  warning({ id: 'w3', rule: 'earner_death', ruleName: '家庭成员去世', status: 'closed', overdue: true, suggestions: [{ item: 'dibao', itemName: '最低生活保障（低保）', action: 'review', department: 'mingzheng', departmentName: '民政部门' }] }),
]

async function mounted(user: SessionUser = TOWN) {
  const page = await mountPage(WarningQueuePage, { path: '/staff/warnings', before: pinia => void (useSessionStore(pinia).user = user) })
  await flushPromises()
  return page
}

describe('the warning queue', () => {
  beforeEach(() => {
    sessionStorage.clear()
    vi.clearAllMocks()
    vi.mocked(api.fetchWarnings).mockResolvedValue({ warnings: WARNINGS })
    vi.mocked(api.fetchFunnel).mockResolvedValue({ from: '2026-07', to: '2026-12', rows: [] })
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should show each warning as a card with its rule, village, masked head, due date and suggestions', async () => {
    const { wrapper } = await mounted()
    expect(wrapper.get('#warnings-heading').text()).toBe('本镇预警')
    const cards = wrapper.findAll('[data-testid=warning-list] > li')
    expect(cards).toHaveLength(3)
    const second = cards[1]!
    expect(second.get('a').text()).toBe('医疗支出预警 · 桃源村 刘*')
    expect(second.get('a').attributes('href')).toBe('/staff/warnings/w1')
    expect(second.get('.tags').text()).toBe('待核实')
    expect(second.findAll('dl > div').map(d => `${d.get('dt').text()}：${d.get('dd').text()}`)).toEqual([
      '家庭：桃源村 · 户主 刘*',
      '核实期限：2026年12月16日',
      '发现日期：2026年12月2日',
      '建议：支出型困难家庭救助（民政部门）；医疗救助（医保部门）',
      '预警来源：2 条',
    ])
    expect(wrapper.get('[data-testid=warning-counts]').findAll('.van-tag').map(t => t.text())).toEqual(['共 3 条', '已超期 1 条'])
  })

  it('should mark an undecided warning past its due day overdue, and a closed one not', async () => {
    const { wrapper } = await mounted()
    const [late, , closed] = wrapper.findAll('[data-testid=warning-list] > li')
    expect(late!.classes()).toContain('late')
    expect(late!.get('.tags').text()).toBe('待核实已超期')
    expect(closed!.classes()).not.toContain('late')
    expect(closed!.get('.tags').text()).toBe('已处理')
    expect(closed!.text()).toContain('复核最低生活保障（低保）（民政部门）')
  })

  it('should open a warning when its card is tapped', async () => {
    const { wrapper, router } = await mounted()
    await wrapper.findAll('[data-testid=warning-list] > li')[1]!.trigger('click')
    expect((await nextRoute(router)).fullPath).toBe('/staff/warnings/w1')
  })

  it('should ask for the status kept in the filter, and say which one it is', async () => {
    sessionStorage.setItem('xfm.draft.warnings.queue', JSON.stringify({ status: 'referred', months: 6 }))
    const { wrapper } = await mounted()
    expect(api.fetchWarnings).toHaveBeenCalledWith('referred')
    expect(wrapper.get('.van-dropdown-menu__title').text()).toBe('状态：已转介')
  })

  it('should show the server\'s message when the queue cannot be loaded', async () => {
    vi.mocked(api.fetchWarnings).mockRejectedValue(new ApiRequestError('forbidden', '您没有权限进行此操作', 403))
    const { wrapper } = await mounted()
    expect(wrapper.get('[role=alert]').text()).toBe('您没有权限进行此操作')
  })

  it('should give county staff the villages at a glance', async () => {
    const { wrapper } = await mounted(COUNTY)
    expect(wrapper.get('#warnings-heading').text()).toBe('全县预警')
    expect(wrapper.get('[data-testid=warning-villages]').findAll('li').map(li => li.text())).toEqual(['和美村1 条已超期 1 条', '桃源村2 条'])
  })

  it('should chart the funnel of the last six months for 民政, with a link to the printable report', async () => {
    const { wrapper } = await mounted()
    const month = shanghaiMonth()
    expect(api.fetchFunnel).toHaveBeenCalledWith(monthsBack(month, 5), month)
    expect(wrapper.find('[data-testid=warning-funnel]').exists()).toBe(true)
    expect(wrapper.get('a.report-link').attributes('href')).toBe(`/staff/warnings/report?from=${monthsBack(month, 5)}&to=${month}`)
  })

  it('should show another department its warnings without the funnel, which is 民政\'s', async () => {
    const { wrapper } = await mounted(YIBAO)
    expect(wrapper.findAll('[data-testid=warning-list] > li')).toHaveLength(3)
    expect(api.fetchFunnel).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid=warning-funnel]').exists()).toBe(false)
  })
})
