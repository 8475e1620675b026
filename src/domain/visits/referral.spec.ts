import { describe, expect, it } from 'vitest'
import { MAX_ID_LENGTH, MAX_NOTE_LENGTH, REFERRAL_CODES, referralSignal } from '../warnings/signals'
import { MAX_REFERRAL_NOTE, VISIT_REFERRAL_CODES, visitInputSchema, visitReferralSchema } from './api'
import { MAX_REFERRAL_MEMBER_ID } from './limits'
import { maskNumbersIn, shorten } from './summary'

const VISIT = {
  clientId: '6f1c2b7e-3d4a-4b8c-9e0f-1a2b3c4d5e6f',
  token: 'token',
  type: 'care',
  visitedAt: '2026-11-26T03:04:05.000Z',
  observations: [],
}

describe('a visit\'s referral (转介)', () => {
  it('should offer the form exactly the signal\'s codes and note limit', () => {
    expect([...VISIT_REFERRAL_CODES]).toEqual([...REFERRAL_CODES])
    expect(MAX_REFERRAL_NOTE).toBe(MAX_NOTE_LENGTH)
    expect(MAX_REFERRAL_MEMBER_ID).toBe(MAX_ID_LENGTH)
  })

  it('should accept a visit without referral, and one with what was seen', () => {
    expect(visitInputSchema.parse(VISIT)).not.toHaveProperty('referral')
    expect(visitInputSchema.parse({ ...VISIT, referral: { seen: ['unsafe_housing'] } }).referral).toEqual({ seen: ['unsafe_housing'], note: '' })
  })

  it.each([
    ['nothing seen', { seen: [] }, 'seen'],
    ['a code of no list', { seen: ['hungry'] }, 'seen.0'],
    ['the same code twice', { seen: ['no_income', 'no_income'] }, 'seen'],
    ['"other" without a note', { seen: ['other'], note: '  ' }, 'note'],
    ['a note too long', { seen: ['no_carer'], note: 'x'.repeat(MAX_NOTE_LENGTH + 1) }, 'note'],
    ['an empty member', { seen: ['no_carer'], memberId: ' ' }, 'memberId'],
    ['a member id longer than any', { seen: ['no_carer'], memberId: 'm'.repeat(MAX_ID_LENGTH + 1) }, 'memberId'],
    ['no object', 'no_income', ''],
  ])('should refuse %s', (_, referral, path) => {
    const parsed = visitInputSchema.safeParse({ ...VISIT, referral })
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues[0]!.path.join('.')).toBe(['referral', path].filter(Boolean).join('.'))
  })

  it('should make a valid signal of whatever it accepts', () => {
    const referral = visitReferralSchema.parse({ seen: ['other', 'serious_illness'], note: ' 老人独居，常忘记吃药 ', memberId: 'm-1' })
    const signal = referralSignal.safeParse({ kind: 'referral', source: 'volunteer', externalId: VISIT.clientId, householdId: 'h-1', occurredAt: VISIT.visitedAt, ...referral })
    expect(signal.success).toBe(true)
    expect(signal.data).toMatchObject({ seen: ['other', 'serious_illness'], note: '老人独居，常忘记吃药', memberId: 'm-1' })
  })
})

describe('numbers in a visit\'s words, for staff', () => {
  it.each([
    ['联系电话13812345678', '联系电话138****5678'],
    ['电话 138 1234 5678 找他女儿', '电话 138****5678 找他女儿'],
    ['身份证330102198001011234', '身份证330***********1234'],
    ['证号 33010219800101123X', '证号 330***********123X'],
    ['座机0571-8888-1234', '座机057*****1234'],
    ['欠医药费 3200 元，住 12 号，75 岁', '欠医药费 3200 元，住 12 号，75 岁'],
    ['2026-11-26 来过', '2026-11-26 来过'],
    ['门牌 123456', '门牌 123456'],
  ])('should mask %s as %s', (text, masked) => {
    expect(maskNumbersIn(text)).toBe(masked)
  })

  it('should shorten by characters, saying it was cut', () => {
    expect(shorten('  屋顶漏雨  ', 4)).toBe('屋顶漏雨')
    expect(shorten('屋顶漏雨严重', 4)).toBe('屋顶漏…')
    expect(shorten('👵👵👵', 2)).toBe('👵…')
  })
})
