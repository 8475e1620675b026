// @vitest-environment happy-dom
import type { FunnelRow } from '../api'
import { mount } from '@vue/test-utils'
import Vant from 'vant'
import { beforeAll, describe, expect, it } from 'vitest'
import { i18n, setLocale } from '../../../app/i18n'
import WarningFunnel from './WarningFunnel.vue'

function row(village: [string, string], month: string, counts: Partial<FunnelRow>): FunnelRow {
  return { village: { code: village[0], name: village[1] }, month, issued: 0, verified: 0, takenIn: 0, referred: 0, notEligible: 0, couldNotReach: 0, medianDaysToDecision: null, ...counts }
}
const HEMEI: [string, string] = ['339901001001', '和美村']
const TAOYUAN: [string, string] = ['339901001002', '桃源村']
/** 和美村: 3 in November (2 taken in, 1 not eligible), 4 in December (1 referred, 1 could not reach, 2 open); 桃源村: 1 open. */
const ROWS = [
  row(HEMEI, '2026-11', { issued: 3, verified: 3, takenIn: 2, notEligible: 1, medianDaysToDecision: 4 }),
  row(HEMEI, '2026-12', { issued: 4, verified: 2, referred: 1, couldNotReach: 1, medianDaysToDecision: 2.5 }),
  row(TAOYUAN, '2026-12', { issued: 1 }),
]

function mountFunnel(rows: FunnelRow[]) {
  return mount(WarningFunnel, { props: { rows, from: '2026-07', to: '2026-12' }, global: { plugins: [i18n, Vant] } })
}

describe('the warning funnel chart', () => {
  beforeAll(async () => {
    await setLocale('zh-CN')
  })

  it('should write every stage\'s count and share beside its bar, outcomes under verified', () => {
    const wrapper = mountFunnel(ROWS)
    expect(wrapper.get('h2').text()).toBe('预警漏斗')
    expect(wrapper.get('.period').text()).toBe('2026年7月 至 2026年12月')
    const stages = wrapper.findAll('.stages > li')
    expect(stages.map(s => [s.attributes('data-stage'), s.get('.stage-label').text(), s.get('.stage-value').text()])).toEqual([
      ['issued', '发出预警', '8 条'],
      ['verified', '已核实', '5 条（63%）'],
      ['takenIn', '纳入救助', '2 条（25%）'],
      ['referred', '转介其他部门', '1 条（13%）'],
      ['notEligible', '不符合条件', '1 条（13%）'],
      ['couldNotReach', '联系不上', '1 条（13%）'],
    ])
    // The bar is as long as the share, and hidden from screen readers (the text says it).
    expect(stages[0]!.get('.bar').attributes('aria-hidden')).toBe('true')
    expect(stages[0]!.get('.fill').attributes('style')).toContain('width: 100%')
    expect(stages[1]!.get('.fill').attributes('style')).toContain('width: 63%')
    expect(stages.filter(s => s.classes('outcome')).map(s => s.attributes('data-stage'))).toEqual(['takenIn', 'referred', 'notEligible', 'couldNotReach'])
  })

  it('should add the rows up by village and by month, each line saying its numbers', () => {
    const wrapper = mountFunnel(ROWS)
    const lines = (testid: string) => wrapper.get(`[data-testid=${testid}]`).findAll('li').map(li => `${li.get('.group-name').text()}: ${li.get('.group-value').text()}`)
    expect(lines('funnel-by-village')).toEqual([
      '和美村: 发出 7 · 已核实 5（71%） · 纳入 2 · 转介 1 · 不符合 1 · 联系不上 1',
      '桃源村: 发出 1 · 已核实 0（0%）',
    ])
    expect(lines('funnel-by-month')).toEqual([
      '2026年11月: 发出 3 · 已核实 3（100%） · 纳入 2 · 不符合 1',
      '2026年12月: 发出 5 · 已核实 2（40%） · 转介 1 · 联系不上 1',
    ])
    // Bars of a group are relative to the largest group.
    expect(wrapper.get('[data-testid=funnel-by-village] li .fill-issued').attributes('style')).toContain('width: 100%')
  })

  it('should keep each village\'s months with their median days in a table', () => {
    const wrapper = mountFunnel(ROWS)
    const table = wrapper.get('[data-testid=funnel-detail]')
    expect(table.findAll('thead th').map(th => th.text())).toEqual(['村（社区）', '月份', '发出', '已核实', '纳入', '转介', '不符合', '联系不上', '核实用时（中位数）'])
    expect(table.findAll('tbody tr').map(tr => [tr.get('th').text(), ...tr.findAll('td').map(td => td.text())])).toEqual([
      ['和美村', '2026年11月', '3', '3', '2', '0', '1', '0', '4 天'],
      ['和美村', '2026年12月', '4', '2', '0', '1', '0', '1', '2.5 天'],
      ['桃源村', '2026年12月', '1', '0', '0', '0', '0', '0', '—'],
    ])
    expect(table.get('tbody td').attributes('data-label')).toBe('月份')
  })

  it('should say so when no warning was issued in the period', () => {
    const wrapper = mountFunnel([])
    expect(wrapper.get('.empty').text()).toBe('这段时间没有发出预警。')
    expect(wrapper.find('.stages').exists()).toBe(false)
  })
})
