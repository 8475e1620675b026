import { describe, expect, it } from 'vitest'
import { checkSignal, signalDay, signalKey } from './signals'

const COMMON = { externalId: 'YB-1', householdId: 'h1', occurredAt: '2026-03-05' }
const MEDICAL = { ...COMMON, kind: 'medical_spending', source: 'yibao', memberId: 'm1', amountFen: 320_000, period: '2026-03' }

describe('signal schema', () => {
  it.each([
    ['medical spending', MEDICAL],
    ['a medical bill at an instant', { ...MEDICAL, occurredAt: '2026-03-05T16:00:00Z', period: '2026-03-01/2026-03-05' }],
    ['a disability certificate', { ...COMMON, kind: 'disability_certificate', source: 'canlian', memberId: 'm1', grade: 2, category: 'physical' }],
    ['a cremation record', { ...COMMON, kind: 'death', source: 'mingzheng', memberId: 'm1' }],
    ['a cancelled hukou', { ...COMMON, kind: 'death', source: 'gongan', memberId: 'm1' }],
    ['an unemployment registration', { ...COMMON, kind: 'unemployment', source: 'renshe', memberId: 'm1' }],
    ['a student', { ...COMMON, kind: 'student', source: 'jiaoyu', memberId: 'm1', level: 'compulsory', status: 'enrolled' }],
    ['a referral without member', { ...COMMON, kind: 'referral', source: 'volunteer', seen: ['no_income'], note: '' }],
    ['a contact request with no items', { ...COMMON, kind: 'contact_request', source: 'resident', items: [] }],
  ])('should accept %s', (_name, raw) => {
    expect(checkSignal(raw)).toMatchObject({ ok: true })
  })

  it.each([
    ['a negative amount', { ...MEDICAL, amountFen: -1 }, 'amountFen', 'invalid_amount'],
    ['an amount in yuan with decimals', { ...MEDICAL, amountFen: 3200.5 }, 'amountFen', 'invalid_amount'],
    ['a bad period', { ...MEDICAL, period: '2026-13' }, 'period', 'invalid_period'],
    ['no such day', { ...MEDICAL, occurredAt: '2026-02-30' }, 'occurredAt', 'invalid_date'],
    ['a local time without offset', { ...MEDICAL, occurredAt: '2026-03-05T10:00:00' }, 'occurredAt', 'invalid_date'],
    ['a blank external id', { ...MEDICAL, externalId: '  ' }, 'externalId', 'validation_failed'],
    ['no member', { ...MEDICAL, memberId: undefined }, 'memberId', 'validation_failed'],
    ['the wrong source for the kind', { ...MEDICAL, source: 'canlian' }, 'source', 'validation_failed'],
    ['grade 5', { ...COMMON, kind: 'disability_certificate', source: 'canlian', memberId: 'm1', grade: 5, category: 'physical' }, 'grade', 'validation_failed'],
    ['grade 0', { ...COMMON, kind: 'disability_certificate', source: 'canlian', memberId: 'm1', grade: 0, category: 'physical' }, 'grade', 'validation_failed'],
    ['a student level "none"', { ...COMMON, kind: 'student', source: 'jiaoyu', memberId: 'm1', level: 'none', status: 'enrolled' }, 'level', 'validation_failed'],
    ['nothing seen', { ...COMMON, kind: 'referral', source: 'volunteer', seen: [], note: '' }, 'seen', 'validation_failed'],
    ['a code seen twice', { ...COMMON, kind: 'referral', source: 'volunteer', seen: ['other', 'other'], note: '' }, 'seen', 'duplicate'],
    ['an unknown code seen', { ...COMMON, kind: 'referral', source: 'volunteer', seen: ['no_income', 'hungry'], note: '' }, 'seen.1', 'validation_failed'],
    ['a note too long', { ...COMMON, kind: 'referral', source: 'volunteer', seen: ['other'], note: 'x'.repeat(501) }, 'note', 'validation_failed'],
    ['an unknown item', { ...COMMON, kind: 'contact_request', source: 'resident', items: ['dibao', 'money'] }, 'items.1', 'validation_failed'],
    ['an unknown kind', { ...COMMON, kind: 'rumour', source: 'volunteer' }, 'kind', 'validation_failed'],
  ])('should refuse %s, naming the field', (_name, raw, field, code) => {
    const checked = checkSignal(raw)
    expect(checked.ok).toBe(false)
    if (!checked.ok)
      expect(checked.issues).toContainEqual({ field, code })
  })
})

describe('signalDay', () => {
  it.each([
    ['2025-12-05', '2025-12-05', 'a calendar day is taken as written'],
    ['2025-12-05T16:00:00Z', '2025-12-06', 'UTC 16:00 is Beijing midnight of the next day'],
    ['2025-12-05T15:59:59Z', '2025-12-05', 'one second earlier is still the same Beijing day'],
    ['2025-12-06T00:30:00+08:00', '2025-12-06', 'a Beijing time keeps its day'],
  ])('should read %s as %s (%s)', (occurredAt, day) => {
    expect(signalDay(occurredAt)).toBe(day)
  })
})

describe('signalKey', () => {
  it('should be the same for a resend and differ by source', () => {
    expect(signalKey({ source: 'yibao', externalId: 'A1' })).toBe(signalKey({ source: 'yibao', externalId: 'A1' }))
    expect(signalKey({ source: 'yibao', externalId: 'A1' })).not.toBe(signalKey({ source: 'canlian', externalId: 'A1' }))
  })
})
