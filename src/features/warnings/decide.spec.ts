import type { VerifyDraft } from './decide'
import { describe, expect, it } from 'vitest'
import { buildVerifyBody, decisionStage, emptyVerifyDraft, outcomesFor, REFERRAL_DEPARTMENTS } from './decide'

const MEDICAL = [
  { item: 'expense_hardship', department: 'mingzheng' },
  { item: 'medical', department: 'yibao' },
  { item: 'temporary', department: 'mingzheng' },
] as const
const SUGGESTED = MEDICAL.map(s => s.item)

function draft(over: Partial<VerifyDraft>): VerifyDraft {
  return { ...emptyVerifyDraft(MEDICAL), ...over }
}

describe('decisionStage', () => {
  it.each([
    ['town 民政, open', { role: 'town_staff', department: 'mingzheng' }, { status: 'open', referredTo: null }, 'verify'],
    ['town 医保, open (sees it, 民政 verifies first)', { role: 'town_staff', department: 'yibao' }, { status: 'open', referredTo: null }, null],
    ['town 住建, referred to 住建', { role: 'town_staff', department: 'zhujian' }, { status: 'referred', referredTo: 'zhujian' }, 'referral'],
    ['town 民政, referred elsewhere', { role: 'town_staff', department: 'mingzheng' }, { status: 'referred', referredTo: 'zhujian' }, null],
    ['town 医保, referred to 住建', { role: 'town_staff', department: 'yibao' }, { status: 'referred', referredTo: 'zhujian' }, null],
    ['county 民政, open (overview only)', { role: 'county_staff', department: 'mingzheng' }, { status: 'open', referredTo: null }, null],
    ['town 民政, closed', { role: 'town_staff', department: 'mingzheng' }, { status: 'closed', referredTo: null }, null],
  ] as const)('should answer %s: %s', (_, user, warning, stage) => {
    expect(decisionStage(user, warning)).toBe(stage)
  })

  it('should let nobody signed out decide', () => {
    expect(decisionStage(null, { status: 'open', referredTo: null })).toBeNull()
  })
})

describe('outcomesFor', () => {
  it('should offer all four outcomes to 民政 and no second referral to the receiving department', () => {
    expect(outcomesFor('verify')).toEqual(['taken_in', 'referred', 'not_eligible', 'could_not_reach'])
    expect(outcomesFor('referral')).toEqual(['taken_in', 'not_eligible', 'could_not_reach'])
  })
})

describe('emptyVerifyDraft', () => {
  it('should tick every suggested item once and pick the first suggested department other than 民政', () => {
    expect(emptyVerifyDraft([...MEDICAL, { item: 'medical', department: 'yibao' }])).toEqual({ outcome: null, items: ['expense_hardship', 'medical', 'temporary'], department: 'yibao', reason: '', note: '' })
    expect(emptyVerifyDraft([{ item: 'funeral', department: 'mingzheng' }]).department).toBe('')
  })

  it('should never offer 民政 as a department to refer to', () => {
    expect(REFERRAL_DEPARTMENTS).not.toContain('mingzheng')
  })
})

describe('buildVerifyBody', () => {
  it.each([
    ['taken in with the ticked items, in the order suggested', draft({ outcome: 'taken_in', items: ['temporary', 'medical'] }), { outcome: 'taken_in', items: ['medical', 'temporary'] }],
    ['referred to the department chosen', draft({ outcome: 'referred', department: 'zhujian' }), { outcome: 'referred', department: 'zhujian' }],
    ['not eligible with its reason', draft({ outcome: 'not_eligible', reason: 'supporter_able' }), { outcome: 'not_eligible', reason: 'supporter_able' }],
    ['could not reach, with the note trimmed', draft({ outcome: 'could_not_reach', note: '  电话三次无人接听 ' }), { outcome: 'could_not_reach', note: '电话三次无人接听' }],
    ['only what the outcome needs (the department and items of the draft are left out)', draft({ outcome: 'not_eligible', reason: 'other', department: 'yibao' }), { outcome: 'not_eligible', reason: 'other' }],
  ] as const)('should send %s', (_, d, body) => {
    expect(buildVerifyBody(d, SUGGESTED, 'verify')).toEqual({ ok: true, body })
  })

  it.each([
    ['no outcome', draft({}), { outcome: 'required' }],
    ['taken in with no item ticked', draft({ outcome: 'taken_in', items: [] }), { items: 'required' }],
    ['taken in with only an item not suggested', draft({ outcome: 'taken_in', items: ['housing'] }), { items: 'required' }],
    ['referred without a department', draft({ outcome: 'referred', department: '' }), { department: 'required' }],
    ['referred to 民政 itself', draft({ outcome: 'referred', department: 'mingzheng' }), { department: 'required' }],
    ['not eligible without a reason', draft({ outcome: 'not_eligible' }), { reason: 'required' }],
    ['a note over 500 characters', draft({ outcome: 'could_not_reach', note: '长'.repeat(501) }), { note: 'too_long' }],
  ] as const)('should refuse %s', (_, d, problems) => {
    expect(buildVerifyBody(d, SUGGESTED, 'verify')).toEqual({ ok: false, problems })
  })

  it('should send no item list for a warning that suggests none', () => {
    expect(buildVerifyBody(draft({ outcome: 'taken_in', items: [] }), [], 'verify')).toEqual({ ok: true, body: { outcome: 'taken_in' } })
  })

  it('should refuse a referral at the referral stage', () => {
    expect(buildVerifyBody(draft({ outcome: 'referred', department: 'zhujian' }), SUGGESTED, 'referral')).toEqual({ ok: false, problems: { outcome: 'required' } })
  })
})
