import { afterEach, describe, expect, it, vi } from 'vitest'
import { adultIndexes, authorisationFor, createMember, emptyDraft, formFromHandoff, isAuthorised, newIdempotencyKey, parseDraft, takeHandoff, updateAuthorisation } from './draft'
import { completeForm, handoff, LI, SIGNATURE, storedDraft, TODAY, XIAOMING, ZHANG } from './test-support'

const UUID = /^[\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12}$/

describe('newIdempotencyKey', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('should make a v4 UUID with crypto.randomUUID', () => {
    expect(newIdempotencyKey()).toMatch(UUID)
  })

  it('should make a v4 UUID without crypto.randomUUID (no secure context)', () => {
    const real = globalThis.crypto
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) })
    const keys = new Set(Array.from({ length: 20 }, newIdempotencyKey))
    expect(keys.size).toBe(20)
    for (const key of keys)
      expect(key).toMatch(UUID)
  })

  it('should give every new draft its own key', () => {
    expect(emptyDraft().meta.idempotencyKey).not.toBe(emptyDraft().meta.idempotencyKey)
  })
})

describe('formFromHandoff', () => {
  it('should carry the diagnosis members over with relation, income, illness and school', () => {
    const form = formFromHandoff(handoff())
    expect(form.members.map(m => [m.relation, m.monthlyIncome, m.seriousIllness, m.student, m.diagnosisAge])).toEqual([
      ['self', 600, true, 'none', 50],
      ['spouse', 800, false, 'none', 47],
      ['child', 0, false, 'compulsory', 13],
    ])
    expect(form.members.every(m => m.name === '' && m.idNumber === '')).toBe(true)
  })

  it('should preselect the chosen items and take the region and what the household receives', () => {
    const form = formFromHandoff(handoff({ answers: { ...handoff().answers, receiving: ['dibao_edge'] } }))
    expect(form.items).toEqual(['dibao', 'medical'])
    expect(form.applicant.region).toBe('330106')
    expect(form.receiving).toEqual(['dibao_edge'])
    expect(form.diagnosisAssets).toEqual({ depositsPerCapita: 1000, vehicles: 0, extraHousing: false })
  })

  it('should show each item\'s verdict from the diagnosis engine', () => {
    const { verdicts } = formFromHandoff(handoff())
    expect(verdicts.dibao).toBe('likely')
    expect(verdicts.medical).toBe('likely')
    expect(Object.keys(verdicts).length).toBeGreaterThan(10)
  })

  it('should show no verdicts when the region has no figures', () => {
    expect(formFromHandoff(handoff({ answers: { ...handoff().answers, region: '110101' } })).verdicts).toEqual({})
  })
})

describe('takeHandoff', () => {
  it('should fill an untouched draft from the diagnosis', () => {
    const draft = emptyDraft()
    expect(takeHandoff(draft, handoff())).toBe('prefilled')
    expect(draft.form.members).toHaveLength(3)
    expect(draft.meta.handoffAt).toBe(handoff().createdAt)
  })

  it('should only add the items to a draft the person has typed into', () => {
    const draft = storedDraft(completeForm({ items: ['temporary'] }))
    expect(takeHandoff(draft, handoff())).toBe('merged')
    expect(draft.form.items).toEqual(['temporary', 'dibao', 'medical'])
    expect(draft.form.members[0].name).toBe(LI.name)
  })

  it('should take the same diagnosis only once', () => {
    const draft = emptyDraft()
    takeHandoff(draft, handoff())
    draft.form.members[0].name = '李建国'
    expect(takeHandoff(draft, handoff())).toBe('none')
    expect(draft.form.members[0].name).toBe('李建国')
  })

  it('should do nothing without a diagnosis', () => {
    expect(takeHandoff(emptyDraft(), null)).toBe('none')
  })
})

describe('who signs the authorisation', () => {
  it.each([
    ['339901200803010015', true, 'turns 18 today'],
    ['339901200803020010', false, 'turns 18 tomorrow'],
    [LI.idNumber, true, 'is 50'],
    [XIAOMING.idNumber, false, 'is 13'],
    ['3399011975', false, 'has no valid ID yet'],
  ])('should count %s as adult=%s (%s)', (idNumber, adult) => {
    expect(adultIndexes([{ ...createMember(), idNumber }], TODAY)).toEqual(adult ? [0] : [])
  })

  it('should forget an agreement once the member\'s name changes', () => {
    const form = completeForm()
    expect(isAuthorised(authorisationFor(form, form.members[1]))).toBe(true)
    form.members[1].name = '张莉'
    expect(authorisationFor(form, form.members[1])).toBeUndefined()
  })

  it('should record agreement and signature on one authorisation per member', () => {
    const form = completeForm({ authorisations: [] })
    updateAuthorisation(form, form.members[1], { agreedAt: '2026-03-01T10:00:00.000Z' })
    updateAuthorisation(form, form.members[1], { signature: SIGNATURE })
    expect(form.authorisations).toEqual([{ ...ZHANG, agreedAt: '2026-03-01T10:00:00.000Z', signature: SIGNATURE }])
  })

  it('should match an ID typed with a small x', () => {
    const form = completeForm({ authorisations: [] })
    form.members[2].idNumber = XIAOMING.idNumber.toLowerCase()
    updateAuthorisation(form, form.members[2], { agreedAt: 'now' })
    expect(form.authorisations[0].idNumber).toBe(XIAOMING.idNumber)
  })
})

describe('parseDraft', () => {
  it('should read back what it stored', () => {
    const draft = storedDraft()
    expect(parseDraft(structuredClone(draft))).toEqual(draft)
  })

  it.each([null, 'text', 42, [], { form: {} }])('should refuse %j as a draft', (value) => {
    expect(parseDraft(value)).toBeUndefined()
  })

  it('should keep what it can read and ask the rest again', () => {
    const parsed = parseDraft({
      meta: { idempotencyKey: 'bad key!', step: 'nowhere', editedAt: 5 },
      form: { members: [{ name: '李建国', relation: 'spouse', disabilityGrade: 9, student: 'phd' }, 'x'], items: ['dibao', 'nope', 'dibao'], reason: 3 },
    })!
    expect(parsed.meta.idempotencyKey).toMatch(UUID)
    expect(parsed.meta.step).toBe('applicant')
    expect(parsed.meta.editedAt).toBeNull()
    expect(parsed.form.members[0]).toMatchObject({ name: '李建国', relation: 'self', disabilityGrade: 0, student: 'none' })
    expect(parsed.form.members[1].relation).toBeNull()
    expect(parsed.form.items).toEqual(['dibao'])
    expect(parsed.form.reason).toBe('')
  })
})
