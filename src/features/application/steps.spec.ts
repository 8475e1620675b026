import type { ApplicationForm } from './draft'
import { describe, expect, it } from 'vitest'
import { createMember } from './draft'
import { firstInvalidStep, formField, stepOfField, validateStep } from './steps'
import { completeForm, LI, TODAY, ZHANG } from './test-support'

const options = { today: TODAY }

/** The applicant as typed (the registry could not be read). */
function withApplicant(over: { name?: string, idNumber?: string }, form: ApplicationForm = completeForm()): ApplicationForm {
  form.members[0] = { ...form.members[0], registered: null, ...over }
  return form
}

describe('validateStep', () => {
  it('should pass a complete form on every screen', () => {
    expect(validateStep(completeForm(), 'review', options)).toEqual({})
  })

  it.each([
    ['340524198001010013', 'errors.idNumber.check_digit'],
    ['3405241980', 'errors.idNumber.length'],
    ['110105194902300020', 'errors.idNumber.birth_date'],
    ['11010519491231002A', 'errors.idNumber.format'],
    ['990101194912310028', 'errors.idNumber.region'],
    ['', 'application.errors.required'],
  ])('should name the problem with the applicant\'s ID %s', (idNumber, key) => {
    expect(validateStep(withApplicant({ idNumber }), 'applicant', options)['members.0.idNumber']).toEqual({ key })
  })

  it.each([
    ['', 'application.errors.required'],
    ['李', 'errors.name'],
    ['李'.repeat(31), 'errors.name'],
  ])('should refuse the name "%s"', (name, key) => {
    expect(validateStep(withApplicant({ name }), 'applicant', options)['members.0.name']).toEqual({ key })
  })

  it.each([
    ['', 'application.errors.required'],
    ['1380013800', 'errors.mobile'],
    ['12800138000', 'errors.mobile'],
  ])('should refuse the mobile number "%s"', (phone, key) => {
    const form = completeForm({ applicant: { ...completeForm().applicant, phone } })
    expect(validateStep(form, 'applicant', options)['applicant.phone']).toEqual({ key })
  })

  it('should accept a mobile number typed with spaces and +86', () => {
    const form = completeForm({ applicant: { ...completeForm().applicant, phone: '+86 138 0013 8000' } })
    expect(validateStep(form, 'applicant', options)).toEqual({})
  })

  it('should ask for a full address and a 6-digit region', () => {
    const form = completeForm({ applicant: { phone: '13800138000', address: '和美村', region: '3399' } })
    const errors = validateStep(form, 'applicant', options)
    expect(errors['applicant.address'].key).toBe('application.errors.address')
    expect(errors['applicant.region'].key).toBe('application.errors.region')
  })

  it('should not ask the name and ID of an applicant the registry gave', () => {
    const form = completeForm()
    expect(form.members[0].registered).not.toBeNull()
    form.members[0].name = ''
    expect(validateStep(form, 'applicant', options)).toEqual({})
  })

  it('should not check the applicant\'s name and ID again on the members screen', () => {
    expect(validateStep(withApplicant({ name: '', idNumber: '' }), 'members', options)).toEqual({})
  })

  it('should ask each other member for name, ID, relation, income and illness', () => {
    const form = completeForm()
    form.members.push(createMember())
    expect(Object.keys(validateStep(form, 'members', options)).sort()).toEqual([
      'members.3.idNumber',
      'members.3.monthlyIncome',
      'members.3.name',
      'members.3.relation',
      'members.3.seriousIllness',
    ])
  })

  it('should point at the second of two members with the same ID', () => {
    const form = completeForm()
    form.members[2].idNumber = ZHANG.idNumber
    expect(validateStep(form, 'members', options)['members.2.idNumber']).toEqual({ key: 'application.errors.duplicateId', params: { n: 2 } })
  })

  it('should not ask the name, ID and relation of registered members, only what the registry does not know', () => {
    const form = completeForm()
    form.members[1].relation = null
    form.members[1].income = ''
    expect(Object.keys(validateStep(form, 'members', options))).toEqual(['members.1.monthlyIncome'])
  })

  it.each([
    ['', 'application.errors.incomeRequired'],
    ['-1', 'application.errors.number.negative'],
    ['1e12', 'application.errors.number.not_a_number'],
    ['abc', 'application.errors.number.not_a_number'],
    ['12.345', 'application.errors.number.too_many_decimals'],
    ['2000000', 'application.errors.number.too_large'],
    ['200万', 'application.errors.number.too_large'],
  ])('should say what is wrong with the income "%s"', (income, key) => {
    const form = completeForm()
    form.members[1].income = income
    expect(validateStep(form, 'members', options)['members.1.monthlyIncome'].key).toBe(key)
  })

  it('should give the limit with a number that is too large', () => {
    const form = completeForm()
    form.members[1].income = '2000000'
    expect(validateStep(form, 'members', options)['members.1.monthlyIncome'].params).toEqual({ max: 1_000_000 })
  })

  it.each(['800', '８００', '1,200', '1.5万', '800元', ' 800 '])('should accept the income "%s" as typed', (income) => {
    const form = completeForm()
    form.members[1].income = income
    expect(validateStep(form, 'members', options)).toEqual({})
  })

  it('should refuse a typed member who is also among the removed', () => {
    const form = completeForm()
    const [zhang] = form.members.splice(1, 1)
    form.removed = [{ member: zhang, reason: 'moved_out', note: '', position: 1 }]
    form.members.push({ ...createMember('spouse'), ...ZHANG, income: '0', seriousIllness: false })
    expect(validateStep(form, 'members', options)['members.2.idNumber']).toEqual({ key: 'application.errors.idRemoved' })
  })

  it('should ask for at least one item', () => {
    expect(validateStep(completeForm({ items: [] }), 'items', options)).toEqual({ items: { key: 'application.errors.itemsRequired' } })
  })

  it('should refuse 低保 and 特困 together', () => {
    expect(validateStep(completeForm({ items: ['dibao', 'tekun'] }), 'items', options)).toEqual({ items: { key: 'application.errors.exclusiveItems' } })
  })

  it('should refuse 两癌 without a woman among the members', () => {
    const form = completeForm({ items: ['two_cancers'] })
    expect(validateStep(form, 'items', options)).toEqual({})
    form.members.splice(1, 1)
    expect(validateStep(form, 'items', options)).toEqual({ items: { key: 'application.errors.twoCancersNoWoman' } })
  })

  it('should refuse an item the household already holds', () => {
    const held = [{ item: 'dibao', state: 'receiving', since: '2025-07', applicationNumber: null }] as const
    expect(validateStep(completeForm(), 'items', { ...options, held })).toEqual({ items: { key: 'application.errors.itemHeld' } })
    expect(validateStep(completeForm({ items: ['tekun'] }), 'items', { ...options, held })).toEqual({ items: { key: 'application.errors.itemHeld' } })
    expect(validateStep(completeForm({ items: ['medical'] }), 'items', { ...options, held })).toEqual({})
  })

  it.each([
    [{ deposits: '' }, 'declaration.deposits', 'application.errors.depositsRequired'],
    [{ deposits: '-5' }, 'declaration.deposits', 'application.errors.number.negative'],
    [{ deposits: '1e12' }, 'declaration.deposits', 'application.errors.number.not_a_number'],
    [{ deposits: '60000000' }, 'declaration.deposits', 'application.errors.number.too_large'],
    [{ vehicles: '' }, 'declaration.vehicles', 'application.errors.vehiclesRequired'],
    [{ vehicles: '1.5' }, 'declaration.vehicles', 'application.errors.number.not_integer'],
    [{ vehicles: '21' }, 'declaration.vehicles', 'application.errors.number.too_large'],
    [{ extraHousing: null }, 'declaration.extraHousing', 'application.errors.choose'],
  ])('should check the declaration %j', (over, field, key) => {
    const form = completeForm()
    form.declaration = { ...form.declaration, ...over }
    expect(Object.entries(validateStep(form, 'declaration', options)).map(([f, e]) => [f, e.key])).toEqual([[field, key]])
  })

  it.each(['1.5万', '１２０００', '12,000.50', '0'])('should accept deposits typed as "%s"', (deposits) => {
    const form = completeForm()
    form.declaration.deposits = deposits
    expect(validateStep(form, 'declaration', options)).toEqual({})
  })

  it.each([
    ['a', 'application.errors.reasonRequired'],
    ['很'.repeat(1001), 'application.errors.reasonTooLong'],
  ])('should refuse a reason of %s', (reason, key) => {
    expect(validateStep(completeForm({ reason }), 'reason', options).reason.key).toBe(key)
  })

  it('should ask again for a photo whose bytes are not on this device', () => {
    const attachments = [{ localId: 'l1', id: null, name: 'a.jpg', type: 'image/jpeg' as const, size: 1, thumb: null }]
    expect(validateStep(completeForm({ attachments }), 'reason', options).attachments.key).toBe('application.errors.photoLost')
    expect(validateStep(completeForm({ attachments }), 'reason', { ...options, uploadable: () => true })).toEqual({})
  })

  it('should require agreement and signature of every adult, not of the child', () => {
    const form = completeForm({ authorisations: [completeForm().authorisations[0]] })
    expect(validateStep(form, 'authorise', options)).toEqual({
      'authorisations.1': { key: 'application.errors.agreeRequired' },
      'authorisations.1.signature': { key: 'application.errors.signatureRequired' },
    })
  })

  it('should refuse a signature without agreement', () => {
    const form = completeForm()
    form.authorisations[1].agreedAt = null
    expect(Object.keys(validateStep(form, 'authorise', options))).toEqual(['authorisations.1'])
  })
})

describe('firstInvalidStep', () => {
  it('should send the person back to the first screen with a problem', () => {
    expect(firstInvalidStep(completeForm({ items: [], reason: '' }), options)).toBe('items')
    expect(firstInvalidStep(completeForm(), options)).toBeNull()
  })
})

describe('server fields', () => {
  it.each([
    ['applicant.idNumber', 'members.0.idNumber', 'applicant'],
    ['applicant.name', 'members.0.name', 'applicant'],
    ['applicant.phone', 'applicant.phone', 'applicant'],
    ['members.1.idNumber', 'members.1.idNumber', 'members'],
    ['members', 'members', 'members'],
    ['items', 'items', 'items'],
    ['reason', 'reason', 'reason'],
    ['attachmentIds.0', 'attachments', 'reason'],
    ['authorisations.1', 'authorisations.1', 'authorise'],
    ['idempotencyKey', 'idempotencyKey', 'review'],
    ['removedMembers.0.note', 'removed.0.note', 'members'],
    ['declaration.depositsTotal', 'declaration.deposits', 'declaration'],
    ['declaration.vehicles', 'declaration.vehicles', 'declaration'],
  ])('should show %s as %s on the %s screen', (api, field, step) => {
    expect(formField(api)).toBe(field)
    expect(stepOfField(api)).toBe(step)
  })

  it.each([
    ['already_receiving', null, 'items'],
    ['case_open', null, 'items'],
    ['exclusive_items', 'items', 'items'],
    ['registered_member_missing', 'members', 'members'],
    ['validation_failed', null, ''],
  ])('should put the server\'s %s on the field %s', (code, apiField, field) => {
    expect(formField(apiField, code)).toBe(field)
  })
})

describe('the applicant typed by hand', () => {
  it('should still be checked when the registry could not be read', () => {
    expect(validateStep(withApplicant({ idNumber: LI.idNumber.slice(0, 10) }), 'applicant', options)['members.0.idNumber']).toEqual({ key: 'errors.idNumber.length' })
  })
})
