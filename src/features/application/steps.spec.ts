import type { ApplicationForm } from './draft'
import { describe, expect, it } from 'vitest'
import { firstInvalidStep, formField, stepOfField, validateStep } from './steps'
import { completeForm, TODAY, ZHANG } from './test-support'

const options = { today: TODAY }

function withApplicant(over: { name?: string, idNumber?: string }, form: ApplicationForm = completeForm()): ApplicationForm {
  form.members[0] = { ...form.members[0], ...over }
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

  it('should not check the applicant\'s name and ID again on the members screen', () => {
    expect(validateStep(withApplicant({ name: '', idNumber: '' }), 'members', options)).toEqual({})
  })

  it('should ask each other member for name, ID, relation, income and illness', () => {
    const form = completeForm()
    form.members.push({ name: '', idNumber: '', relation: null, monthlyIncome: null, disabilityGrade: 0, seriousIllness: null, student: 'none', diagnosisAge: null })
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

  it.each([
    [-1, 'application.errors.notNegative'],
    [2_000_000, 'application.errors.incomeTooLarge'],
  ])('should refuse the income %d', (income, key) => {
    const form = completeForm()
    form.members[1].monthlyIncome = income
    expect(validateStep(form, 'members', options)['members.1.monthlyIncome'].key).toBe(key)
  })

  it('should ask for at least one item', () => {
    expect(validateStep(completeForm({ items: [] }), 'items', options)).toEqual({ items: { key: 'application.errors.itemsRequired' } })
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
  ])('should show %s as %s on the %s screen', (api, field, step) => {
    expect(formField(api)).toBe(field)
    expect(stepOfField(api)).toBe(step)
  })
})
