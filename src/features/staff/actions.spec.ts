import { describe, expect, it } from 'vitest'
import { buildAction, emptyActionDraft } from './actions'

const draft = (over: Partial<ReturnType<typeof emptyActionDraft>>) => ({ ...emptyActionDraft(), ...over })

describe('buildAction', () => {
  it.each([
    ['accept', {}, { action: 'accept' }],
    ['start_check', { note: '  已电话核实  ' }, { action: 'start_check', note: '已电话核实' }],
    ['reject', { reason: '家庭人均收入高于标准' }, { action: 'reject', reason: '家庭人均收入高于标准' }],
    ['request_info', { reason: '请补充病历' }, { action: 'request_info', reason: '请补充病历' }],
    ['approve', { monthlyAmount: '886', startDate: '2026-12-01' }, { action: 'approve', monthlyAmount: 886, startDate: '2026-12-01' }],
  ] as const)('should build the body of %s when the form is complete', (action, fields, body) => {
    expect(buildAction(draft({ action, ...fields }), 'dibao')).toEqual({ ok: true, body })
  })

  it.each([
    ['reject', {}, { reason: 'reason_required' }],
    ['request_info', { reason: ' ' }, { reason: 'reason_required' }],
    ['approve', { startDate: '2026-12-01' }, { monthlyAmount: 'amount_required' }],
    ['approve', { monthlyAmount: '-5', startDate: '2026-12-01' }, { monthlyAmount: 'amount_invalid' }],
    ['approve', { monthlyAmount: '88.123', startDate: '2026-12-01' }, { monthlyAmount: 'amount_invalid' }],
    ['approve', { monthlyAmount: '886' }, { startDate: 'start_date_required' }],
    ['accept', { note: 'x'.repeat(501) }, { note: 'too_long' }],
  ] as const)('should refuse %s with %o', (action, fields, problems) => {
    expect(buildAction(draft({ action, ...fields }), 'dibao')).toEqual({ ok: false, problems })
  })

  it('should let an item without a monthly cash amount be approved without one', () => {
    expect(buildAction(draft({ action: 'approve', startDate: '2026-12-01' }), 'medical')).toEqual({ ok: true, body: { action: 'approve', startDate: '2026-12-01' } })
  })
})
