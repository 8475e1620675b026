import type { ActionContext } from './actions'
import type { AmountGuide, StaffAction } from './api'
import { describe, expect, it } from 'vitest'
import { buildAction, currentAction, emptyActionDraft } from './actions'
import { amountWorking } from './format'

const draft = (over: Partial<ReturnType<typeof emptyActionDraft>>) => ({ ...emptyActionDraft(), ...over })

/** 李建国's household: 3 people, 760 元 a month together, 浙江 line 886. */
const DIBAO_GUIDE: AmountGuide = {
  suggested: 1898.01,
  max: 2658,
  working: { rule: 'dibao_gap', line: 886, members: 3, income: 760, perCapita: 253.33, gap: 632.67 },
  regionName: '浙江省',
}
const ALL: StaffAction[] = ['accept', 'start_check', 'start_review', 'request_info', 'approve', 'reject']
const dibao: ActionContext = { allowed: ALL, guide: DIBAO_GUIDE }

describe('buildAction', () => {
  it.each([
    ['accept', {}, { action: 'accept' }],
    ['start_check', { note: '  已电话核实  ' }, { action: 'start_check', note: '已电话核实' }],
    ['reject', { reason: '家庭人均收入高于标准' }, { action: 'reject', reason: '家庭人均收入高于标准' }],
    ['request_info', { reason: '请补充病历' }, { action: 'request_info', reason: '请补充病历' }],
    ['approve', { monthlyAmount: '1898', startDate: '2026-12-01' }, { action: 'approve', monthlyAmount: 1898, startDate: '2026-12-01' }],
  ] as const)('should build the body of %s when the form is complete', (action, fields, body) => {
    expect(buildAction(draft({ action, ...fields }), dibao)).toEqual({ ok: true, body, aboveSuggestion: false })
  })

  it.each([
    ['reject', {}, { reason: 'reason_required' }],
    ['request_info', { reason: ' ' }, { reason: 'reason_required' }],
    ['approve', { startDate: '2026-12-01' }, { monthlyAmount: 'amount_required' }],
    ['approve', { monthlyAmount: '-5', startDate: '2026-12-01' }, { monthlyAmount: 'amount_invalid' }],
    ['approve', { monthlyAmount: '0', startDate: '2026-12-01' }, { monthlyAmount: 'amount_invalid' }],
    ['approve', { monthlyAmount: '1e3', startDate: '2026-12-01' }, { monthlyAmount: 'amount_invalid' }],
    ['approve', { monthlyAmount: '88.123', startDate: '2026-12-01' }, { monthlyAmount: 'amount_decimals' }],
    ['approve', { monthlyAmount: '2658.01', startDate: '2026-12-01' }, { monthlyAmount: 'amount_above_max' }],
    ['approve', { monthlyAmount: '5万', startDate: '2026-12-01' }, { monthlyAmount: 'amount_above_max' }],
    ['approve', { monthlyAmount: '886' }, { startDate: 'start_date_required' }],
    ['accept', { note: 'x'.repeat(501) }, { note: 'too_long' }],
  ] as const)('should refuse %s with %o', (action, fields, problems) => {
    expect(buildAction(draft({ action, ...fields }), dibao)).toEqual({ ok: false, problems })
  })

  it.each([
    ['１８９８', 1898],
    ['1,898.5', 1898.5],
    ['2658 元', 2658],
  ])('should read the amount %s as a person means it', (text, value) => {
    expect(buildAction(draft({ action: 'approve', monthlyAmount: text, startDate: '2026-12-01' }), dibao))
      .toMatchObject({ ok: true, body: { monthlyAmount: value } })
  })

  it('should send an amount above the suggestion only after asking', () => {
    expect(buildAction(draft({ action: 'approve', monthlyAmount: '2000', startDate: '2026-12-01' }), dibao))
      .toEqual({ ok: true, aboveSuggestion: true, body: { action: 'approve', monthlyAmount: 2000, startDate: '2026-12-01' } })
  })

  it('should approve an item without an amount guide without an amount, even one typed before', () => {
    expect(buildAction(draft({ action: 'approve', monthlyAmount: '500', startDate: '2026-12-01' }), { allowed: ALL, guide: null }))
      .toEqual({ ok: true, aboveSuggestion: false, body: { action: 'approve', startDate: '2026-12-01' } })
  })

  it('should never send an action the case no longer allows', () => {
    // The draft kept "accept" from before the case was accepted: the case now allows other steps.
    const kept = draft({ action: 'accept' })
    const allowed: StaffAction[] = ['start_check', 'request_info']
    expect(currentAction(kept, allowed)).toBeNull()
    expect(buildAction(kept, { allowed, guide: null })).toEqual({ ok: false, problems: { action: 'action_required' } })
  })
})

describe('amountWorking', () => {
  it('should word the 低保 working with the figures of the region', () => {
    expect(amountWorking(DIBAO_GUIDE, 'zh-CN')).toEqual({
      key: 'staff.amount.working.dibao_gap',
      params: { line: '886', perCapita: '253.33', gap: '632.67', members: 3, suggested: '1\u2009898.01', income: '760' },
    })
  })

  it('should group thousands the English way in English', () => {
    expect(amountWorking({ suggested: null, max: 2658, working: { rule: 'line_cap', line: 886, members: 3 }, regionName: 'Zhejiang' }, 'en').params)
      .toEqual({ line: '886', members: 3, max: '2,658' })
  })
})
