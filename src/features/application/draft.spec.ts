import type { ApplicationForm } from './draft'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { adultIndexes, applyRegistry, authorisationFor, createMember, diagnosisFigures, emptyDraft, emptyForm, fillFromDiagnosis, formFromHandoff, hasWoman, isAuthorised, isFromDiagnosis, needsVerification, newIdempotencyKey, parseDraft, removeMember, restoreMember, takeHandoff, tickItems, updateAuthorisation, withoutExclusivePair } from './draft'
import { completeForm, handoff, LI, registered, SIGNATURE, storedDraft, TODAY, XIAOMING, ZHANG } from './test-support'

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
    expect(form.members.map(m => [m.relation, m.income, m.seriousIllness, m.student, m.diagnosisAge])).toEqual([
      ['self', '600', true, 'none', 50],
      ['spouse', '800', false, 'none', 47],
      ['child', '0', false, 'compulsory', 13],
    ])
    expect(form.members.every(m => m.name === '' && m.idNumber === '')).toBe(true)
  })

  it('should preselect the chosen items and take the region and what the household receives', () => {
    const form = formFromHandoff(handoff({ answers: { ...handoff().answers, receiving: ['dibao_edge'] } }))
    expect(form.items).toEqual(['dibao', 'medical'])
    expect(form.applicant.region).toBe('330106')
    expect(form.receiving).toEqual(['dibao_edge'])
  })

  it('should not carry the diagnosis\' assets into the declaration silently', () => {
    expect(formFromHandoff(handoff()).declaration).toEqual({ deposits: '', vehicles: '', extraHousing: null, fromDiagnosis: null })
  })

  it('should never propose 低保 and 特困 together', () => {
    const form = formFromHandoff(handoff({ items: ['dibao', 'tekun', 'medical'] }))
    expect(form.items.filter(i => i === 'dibao' || i === 'tekun')).toHaveLength(1)
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

describe('withoutExclusivePair', () => {
  it.each([
    [{ dibao: 'likely', tekun: 'possible' }, ['dibao', 'medical']],
    [{ dibao: 'possible', tekun: 'likely' }, ['tekun', 'medical']],
    [{ dibao: 'likely', tekun: 'likely' }, ['dibao', 'medical']],
    [{}, ['dibao', 'medical']],
    [{ tekun: 'unlikely' }, ['tekun', 'medical']],
  ] as const)('should keep the better verdict of %j, 低保 when equal', (verdicts, kept) => {
    expect(withoutExclusivePair(['dibao', 'tekun', 'medical'], verdicts)).toEqual(kept)
  })

  it('should leave a menu without both as it is', () => {
    expect(withoutExclusivePair(['tekun', 'medical'], { dibao: 'likely' })).toEqual(['tekun', 'medical'])
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

  it('should not add 低保 to a draft where 特困 is ticked', () => {
    const draft = storedDraft(completeForm({ items: ['tekun'] }))
    takeHandoff(draft, handoff({ items: ['dibao', 'medical'] }))
    expect(draft.form.items).toEqual(['tekun', 'medical'])
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

describe('tickItems (an invitation of 政策找人)', () => {
  it('should tick the items in an untouched draft and leave it untouched', () => {
    const draft = emptyDraft()
    expect(tickItems(draft, ['temporary', 'medical'])).toBe('ticked')
    expect(draft.form.items).toEqual(['temporary', 'medical'])
    expect(draft.meta.editedAt).toBeNull()
  })

  it('should add the items to a draft the person began, keeping what they ticked and typed', () => {
    const draft = storedDraft(completeForm({ items: ['dibao', 'medical'] }))
    const before = structuredClone(draft)
    expect(tickItems(draft, ['temporary', 'medical'])).toBe('merged')
    expect(draft.form.items).toEqual(['dibao', 'medical', 'temporary'])
    expect({ ...draft.form, items: before.form.items }).toEqual(before.form)
    expect(draft.meta).toEqual(before.meta)
  })

  it('should not tick 特困 beside 低保, nor both when both are offered', () => {
    const draft = storedDraft(completeForm({ items: ['dibao'] }))
    tickItems(draft, ['tekun', 'medical'])
    expect(draft.form.items).toEqual(['dibao', 'medical'])
    const fresh = emptyDraft()
    tickItems(fresh, ['tekun', 'dibao'])
    expect(fresh.form.items).toEqual(['tekun'])
  })
})

describe('the declaration from the diagnosis', () => {
  it('should turn deposits per capita into the household\'s total with the diagnosis\' member count', () => {
    const answers = { ...handoff().answers, assets: { depositsPerCapita: 4000, vehicles: 1, extraHousing: true } }
    answers.members = answers.members.slice(0, 2)
    expect(diagnosisFigures(handoff({ answers }))).toEqual({ depositsPerCapita: 4000, members: 2, depositsTotal: 8000, vehicles: 1, extraHousing: true })
  })

  it('should count as from the diagnosis only while the figures it filled are unchanged', () => {
    const declaration = emptyForm().declaration
    expect(isFromDiagnosis(declaration)).toBe(false)
    fillFromDiagnosis(declaration, diagnosisFigures(handoff()))
    expect(declaration).toMatchObject({ deposits: '3000', vehicles: '0', extraHousing: false })
    expect(isFromDiagnosis(declaration)).toBe(true)
    declaration.deposits = '3500'
    expect(isFromDiagnosis(declaration)).toBe(false)
  })
})

describe('applyRegistry', () => {
  const AT = '2026-03-01T08:30:00.000Z'

  it('should fill an empty form with the registered members, the applicant first', () => {
    const form = emptyForm()
    expect(applyRegistry(form, registered(), AT)).toBe(3)
    expect(form.members.map(m => [m.name, m.idNumber, m.relation, m.registered?.sex])).toEqual([
      [LI.name, LI.idNumber, 'self', 'male'],
      [ZHANG.name, ZHANG.idNumber, 'spouse', 'female'],
      [XIAOMING.name, XIAOMING.idNumber, 'child', 'male'],
    ])
    expect(form.registryAt).toBe(AT)
  })

  it('should give the diagnosis\' answers to the registered member of the same relation', () => {
    const form = formFromHandoff(handoff())
    applyRegistry(form, registered(), AT)
    expect(form.members.map(m => [m.name, m.income, m.student])).toEqual([
      [LI.name, '600', 'none'],
      [ZHANG.name, '800', 'none'],
      [XIAOMING.name, '0', 'compulsory'],
    ])
  })

  it('should find members typed before by their ID number and keep what was typed', () => {
    const form = completeForm({ registryAt: null })
    for (const m of form.members)
      m.registered = null
    form.members[2].idNumber = XIAOMING.idNumber.toLowerCase()
    form.members.push({ ...createMember('parent'), name: '李老汉', idNumber: '339901194803150028', income: '300' })
    expect(applyRegistry(form, registered(), AT)).toBe(3)
    expect(form.members.map(m => [m.name, m.income, m.registered !== null])).toEqual([
      [LI.name, '600', true],
      [ZHANG.name, '800', true],
      [XIAOMING.name, '0', true],
      ['李老汉', '300', false],
    ])
    expect(needsVerification(form, form.members[3])).toBe(true)
  })

  it('should leave a removed member removed and bring nobody twice on the next visit', () => {
    const form = emptyForm()
    applyRegistry(form, registered(), AT)
    removeMember(form, 1, 'moved_out', '去杭州工作')
    expect(applyRegistry(form, registered(), AT)).toBe(0)
    expect(form.members.map(m => m.name)).toEqual([LI.name, XIAOMING.name])
    expect(form.removed.map(r => [r.member.name, r.reason, r.note])).toEqual([[ZHANG.name, 'moved_out', '去杭州工作']])
  })

  it('should mark someone the registry no longer lists as a member staff must verify', () => {
    const form = emptyForm()
    applyRegistry(form, registered(), AT)
    applyRegistry(form, registered().slice(0, 2), AT)
    expect(form.members[2].registered).toBeNull()
  })
})

describe('removing and restoring a registered member', () => {
  function registeredForm(): ApplicationForm {
    const form = emptyForm()
    applyRegistry(form, registered(), '2026-03-01T08:30:00.000Z')
    return form
  }

  it('should keep what was typed for the member and put them back where they were', () => {
    const form = registeredForm()
    form.members[1].income = '800'
    form.members.push({ ...createMember('other'), name: '王五' })
    removeMember(form, 1, 'separate_household', '')
    expect(form.members.map(m => m.name)).toEqual([LI.name, XIAOMING.name, '王五'])
    restoreMember(form, 0)
    expect(form.members.map(m => m.name)).toEqual([LI.name, ZHANG.name, XIAOMING.name, '王五'])
    expect(form.members[1].income).toBe('800')
    expect(form.removed).toEqual([])
  })

  it('should put a member back at the end when the list got shorter meanwhile', () => {
    const form = registeredForm()
    removeMember(form, 2, 'in_institution', '')
    removeMember(form, 1, 'moved_out', '')
    restoreMember(form, 0)
    expect(form.members.map(m => m.name)).toEqual([LI.name, XIAOMING.name])
  })

  it('should never remove the applicant or someone the resident added', () => {
    const form = registeredForm()
    form.members.push({ ...createMember('other'), name: '王五' })
    removeMember(form, 0, 'other', '')
    removeMember(form, 3, 'other', '')
    expect(form.members).toHaveLength(4)
  })
})

describe('hasWoman', () => {
  it.each([
    [[LI, XIAOMING], false],
    [[LI, ZHANG], true],
    [[{ name: '', idNumber: '' }], false],
  ])('should read the sex from the ID numbers of %j: %s', (people, expected) => {
    expect(hasWoman(people.map(p => ({ ...createMember(), ...p })))).toBe(expected)
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

  it('should read a draft made before the registry and the declaration existed', () => {
    const old = {
      version: 1,
      meta: { idempotencyKey: 'key-0000-1111-2222-3333', step: 'items', editedAt: '2026-02-01T08:00:00.000Z', handoffAt: null, ownerId: 'u1' },
      form: {
        applicant: { phone: '13800138000', address: '和美村 5 组 7 号', region: '339901' },
        members: [{ name: LI.name, idNumber: LI.idNumber, relation: 'self', monthlyIncome: 600, disabilityGrade: 0, seriousIllness: true, student: 'none', diagnosisAge: 50 }],
        items: ['dibao'],
        receiving: [],
        reason: '',
        attachments: [],
        authorisations: [],
        verdicts: { dibao: 'likely' },
        diagnosisAssets: { depositsPerCapita: 1000, vehicles: 0, extraHousing: false },
      },
    }
    const parsed = parseDraft(old)!
    expect(parsed.meta.step).toBe('items')
    expect(parsed.form.members[0]).toMatchObject({ name: LI.name, income: '600', registered: null })
    expect(parsed.form.removed).toEqual([])
    expect(parsed.form.registryAt).toBeNull()
    expect(parsed.form.declaration).toEqual({ deposits: '', vehicles: '', extraHousing: null, fromDiagnosis: null })
    expect(parsed.form.shareDiagnosis).toBe(false)
    expect('diagnosisAssets' in parsed.form).toBe(false)
  })

  it('should bring back a removed member whose reason cannot be read, instead of losing them', () => {
    const draft = storedDraft()
    const stored = structuredClone(draft) as unknown as { form: { removed: unknown[] } }
    stored.form.removed = [
      { member: { ...draft.form.members[1], name: '张三', idNumber: '339901194803150028' }, reason: 'eloped', note: '' },
      'nonsense',
    ]
    const parsed = parseDraft(stored)!
    expect(parsed.form.removed).toEqual([])
    expect(parsed.form.members.map(m => m.name)).toContain('张三')
  })
})
