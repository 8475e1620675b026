import { describe, expect, it } from 'vitest'
import { JPEG_DATA_URL_PREFIX } from '../../domain/photo'
import { MAX_REFERRAL_NOTE, MAX_VISIT_NOTE, MAX_VISIT_NOTES, MAX_VISIT_PHOTO_CHARS, visitInputSchema } from '../../domain/visits/api'
import { newDraft, parseDraft, toVisitInput, validateDraft } from './form'

const CLIENT_ID = '6f1c2b7e-3d4a-4b8c-9e0f-1a2b3c4d5e6f'

describe('the visit draft', () => {
  it('should accept exactly what the contract accepts at its limits', () => {
    const draft = { ...newDraft(CLIENT_ID), type: 'care' as const, notes: 'x'.repeat(MAX_VISIT_NOTES), urgent: true, urgentNote: 'u'.repeat(MAX_VISIT_NOTE) }
    draft.dimensions.health = { level: 'concern', note: 'n'.repeat(MAX_VISIT_NOTE) }
    draft.photo = { dataUrl: JPEG_DATA_URL_PREFIX + 'A'.repeat(MAX_VISIT_PHOTO_CHARS - JPEG_DATA_URL_PREFIX.length), thumb: '' }
    expect(validateDraft(draft)).toEqual({})
    expect(visitInputSchema.safeParse(toVisitInput(draft, 'token')).success).toBe(true)

    draft.notes += 'x'
    draft.dimensions.health.note += 'n'
    draft.urgentNote += 'u'
    draft.photo.dataUrl += 'A'
    expect(validateDraft(draft)).toEqual({
      'notes': { key: 'tooLong', params: { max: MAX_VISIT_NOTES } },
      'note.health': { key: 'tooLong', params: { max: MAX_VISIT_NOTE } },
      'urgentNote': { key: 'tooLong', params: { max: MAX_VISIT_NOTE } },
      'photo': { key: 'photo' },
    })
    expect(visitInputSchema.safeParse(toVisitInput(draft, 'token')).success).toBe(false)
  })

  it('should send only the dimensions assessed, trimmed, and the urgent note only when urgent', () => {
    const draft = { ...newDraft(CLIENT_ID), type: 'service' as const, urgentNote: 'left over' }
    draft.dimensions.housing = { level: 'ok', note: '  房子已修好 ' }
    const input = toVisitInput(draft, 'token', new Date('2026-11-26T03:04:05.000Z'))
    expect(input).toEqual({
      clientId: CLIENT_ID,
      token: 'token',
      type: 'service',
      visitedAt: '2026-11-26T03:04:05.000Z',
      observations: [{ dimension: 'housing', level: 'ok', note: '房子已修好' }],
      urgent: false,
      urgentNote: '',
      notes: '',
    })
    expect(visitInputSchema.safeParse(input).success).toBe(true)
  })

  it('should make the visit urgent when a dimension is, even if the switch was off', () => {
    const draft = { ...newDraft(CLIENT_ID), type: 'care' as const, urgentNote: '需要送医' }
    draft.dimensions.health = { level: 'urgent', note: '' }
    expect(toVisitInput(draft, 't')).toMatchObject({ urgent: true, urgentNote: '需要送医' })
  })

  it('should restore a stored draft and ignore anything else', () => {
    expect(parseDraft(null)).toBeUndefined()
    expect(parseDraft({ type: 'care' })).toBeUndefined()
    const restored = parseDraft({ clientId: CLIENT_ID, type: 'care', dimensions: { health: { level: 'ok', note: '' } } })!
    expect(restored.clientId).toBe(CLIENT_ID)
    expect(restored.dimensions.health.level).toBe('ok')
    expect(restored.dimensions.economy).toEqual({ level: '', note: '' })
  })

  describe('with a referral (转介给工作人员)', () => {
    const draftWith = (seen: ReturnType<typeof newDraft>['referral']['seen'], note = '') => ({ ...newDraft(CLIENT_ID), type: 'care' as const, referral: { seen, note } })

    it('should send no referral when nothing seen is ticked', () => {
      const draft = draftWith([])
      expect(validateDraft(draft)).toEqual({})
      expect(toVisitInput(draft, 't')).not.toHaveProperty('referral')
    })

    it('should send what was ticked in the list\'s order, each once, with the note trimmed', () => {
      const input = toVisitInput(draftWith(['child_out_of_school', 'serious_illness'], '  孩子辍学在家照顾母亲 '), 't')
      expect(input.referral).toEqual({ seen: ['serious_illness', 'child_out_of_school'], note: '孩子辍学在家照顾母亲' })
      expect(visitInputSchema.safeParse(input).success).toBe(true)
    })

    it.each([
      { seen: ['other' as const], note: '', errors: { 'referral.note': { key: 'referralNote' } } },
      { seen: ['other' as const], note: '   ', errors: { 'referral.note': { key: 'referralNote' } } },
      { seen: ['other' as const], note: '老人常被邻居欺负', errors: {} },
      { seen: ['no_income' as const], note: '', errors: {} },
      { seen: [], note: '家里没人管', errors: { 'referral.seen': { key: 'referralSeen' } } },
      { seen: ['no_carer' as const], note: 'x'.repeat(MAX_REFERRAL_NOTE), errors: {} },
      { seen: ['no_carer' as const], note: 'x'.repeat(MAX_REFERRAL_NOTE + 1), errors: { 'referral.note': { key: 'tooLong', params: { max: MAX_REFERRAL_NOTE } } } },
    ])('should ask for $errors when $seen is ticked with a note of $note.length characters', ({ seen, note, errors }) => {
      const draft = draftWith(seen, note)
      expect(validateDraft(draft)).toEqual(errors)
      // What the phone accepts the server accepts, and what it refuses the server refuses.
      if (seen.length > 0)
        expect(visitInputSchema.safeParse(toVisitInput(draft, 't')).success).toBe(Object.keys(errors).length === 0)
    })

    it('should restore a draft\'s referral, and give drafts of older versions (or a damaged one) an empty referral', () => {
      expect(parseDraft({ clientId: CLIENT_ID, dimensions: {} })!.referral).toEqual({ seen: [], note: '' })
      expect(parseDraft({ clientId: CLIENT_ID, dimensions: {}, referral: 'x' })!.referral).toEqual({ seen: [], note: '' })
      expect(parseDraft({ clientId: CLIENT_ID, dimensions: {}, referral: { seen: ['other', 'made_up', 'no_income'], note: '看到的情况' } })!.referral)
        .toEqual({ seen: ['no_income', 'other'], note: '看到的情况' })
    })
  })
})
