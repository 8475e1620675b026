import type { HeldItem } from '../../domain/application/standing'
import type { NumberInputRules } from '../../domain/number-input'
import type { ApplicationForm, StepId } from './draft'
import { ADDRESS_MAX, ADDRESS_MIN, EXCLUSIVE_ITEMS, MAX_ATTACHMENTS, MAX_DECLARED_DEPOSITS, MAX_DECLARED_VEHICLES, MAX_MONTHLY_INCOME, REASON_MAX, REASON_MIN, REMOVAL_NOTE_MAX } from '../../domain/application/limits'
import { heldConflict } from '../../domain/application/standing'
import { checkIdNumber, normalizeIdNumber } from '../../domain/id-number'
import { isValidMobile } from '../../domain/mobile'
import { parseNumberInput } from '../../domain/number-input'
import { isPersonName } from '../../domain/person-name'
import { adultMembers, authorisationFor, hasWoman, STEP_IDS } from './draft'

// The form's screens and what each needs before the next one. Field paths follow the API
// (members.1.idNumber, applicant.phone, authorisations.0), so a server refusal lands on the
// same field as a check made here.

/** An i18n key (full path) with its parameters. */
export interface FieldError {
  key: string
  params?: Record<string, string | number>
}

export type FieldErrors = Record<string, FieldError>

const REGION_CODE = /^\d{6}$/

/** How each number the form asks is read (parseNumberInput): money in yuan with fen, vehicles whole. */
export const INCOME_RULES: NumberInputRules = { min: 0, max: MAX_MONTHLY_INCOME, decimals: 2 }
export const DEPOSITS_RULES: NumberInputRules = { min: 0, max: MAX_DECLARED_DEPOSITS, decimals: 2 }
export const VEHICLES_RULES: NumberInputRules = { integer: true, min: 0, max: MAX_DECLARED_VEHICLES }

/** The number typed, or null when it cannot be read (checkNumber says why). */
export function readNumber(text: string, rules: NumberInputRules): number | null {
  const result = parseNumberInput(text, rules)
  return result.ok ? result.value : null
}

/** Says exactly what is wrong with a typed number; `requiredKey` for an empty field. */
function checkNumber(errors: FieldErrors, field: string, text: string, rules: NumberInputRules, requiredKey: string) {
  const result = parseNumberInput(text, rules)
  if (result.ok)
    return
  errors[field] = result.problem === 'empty'
    ? { key: requiredKey }
    : { key: `application.errors.number.${result.problem}`, params: { max: rules.max ?? 0 } }
}

export function stepPosition(step: StepId): { index: number, total: number } {
  return { index: STEP_IDS.indexOf(step) + 1, total: STEP_IDS.length }
}

export function nextStep(step: StepId): StepId | null {
  return STEP_IDS[STEP_IDS.indexOf(step) + 1] ?? null
}

export function previousStep(step: StepId): StepId | null {
  return STEP_IDS[STEP_IDS.indexOf(step) - 1] ?? null
}

/** The server's name rule (domain/person-name.ts), so that the form never passes what the API refuses. */
function checkName(errors: FieldErrors, field: string, name: string) {
  if (name.trim() === '')
    errors[field] = { key: 'application.errors.required' }
  else if (!isPersonName(name))
    errors[field] = { key: 'errors.name' }
}

function checkId(errors: FieldErrors, field: string, idNumber: string, today: Date) {
  if (idNumber.trim() === '') {
    errors[field] = { key: 'application.errors.required' }
    return
  }
  const check = checkIdNumber(idNumber, today)
  if (!check.ok)
    errors[field] = { key: `errors.idNumber.${check.problem}` }
}

function validateApplicant(form: ApplicationForm, errors: FieldErrors, today: Date) {
  const self = form.members[0]
  // From the registry, the applicant's name and ID are not typed: nothing to check here.
  if (!self.registered) {
    checkName(errors, 'members.0.name', self.name)
    checkId(errors, 'members.0.idNumber', self.idNumber, today)
  }
  if (form.applicant.phone.trim() === '')
    errors['applicant.phone'] = { key: 'application.errors.required' }
  else if (!isValidMobile(form.applicant.phone))
    errors['applicant.phone'] = { key: 'errors.mobile' }
  const address = form.applicant.address.trim().length
  if (address < ADDRESS_MIN || address > ADDRESS_MAX)
    errors['applicant.address'] = { key: 'application.errors.address', params: { min: ADDRESS_MIN, max: ADDRESS_MAX } }
  if (!REGION_CODE.test(form.applicant.region.trim()))
    errors['applicant.region'] = { key: 'application.errors.region' }
}

function validateMembers(form: ApplicationForm, errors: FieldErrors, today: Date) {
  const seen = new Map<string, number>()
  const removedIds = new Set(form.removed.map(r => normalizeIdNumber(r.member.idNumber)))
  form.members.forEach((m, i) => {
    // The applicant's own name and ID are asked on the first screen; registered members' come from the registry.
    if (i > 0 && !m.registered) {
      checkName(errors, `members.${i}.name`, m.name)
      checkId(errors, `members.${i}.idNumber`, m.idNumber, today)
      if (m.relation === null)
        errors[`members.${i}.relation`] = { key: 'application.errors.choose' }
    }
    const id = normalizeIdNumber(m.idNumber)
    const first = seen.get(id)
    if (id && first !== undefined && !errors[`members.${i}.idNumber`])
      errors[`members.${i}.idNumber`] = { key: 'application.errors.duplicateId', params: { n: first + 1 } }
    if (id && first === undefined)
      seen.set(id, i)
    if (id && removedIds.has(id) && !errors[`members.${i}.idNumber`])
      errors[`members.${i}.idNumber`] = { key: 'application.errors.idRemoved' }
    checkNumber(errors, `members.${i}.monthlyIncome`, m.income, INCOME_RULES, 'application.errors.incomeRequired')
    if (m.seriousIllness === null)
      errors[`members.${i}.seriousIllness`] = { key: 'application.errors.choose' }
  })
  form.removed.forEach((r, i) => {
    if (r.note.trim().length > REMOVAL_NOTE_MAX)
      errors[`removed.${i}.note`] = { key: 'application.errors.noteTooLong', params: { max: REMOVAL_NOTE_MAX } }
  })
}

function validateDeclaration(form: ApplicationForm, errors: FieldErrors) {
  const { declaration } = form
  checkNumber(errors, 'declaration.deposits', declaration.deposits, DEPOSITS_RULES, 'application.errors.depositsRequired')
  checkNumber(errors, 'declaration.vehicles', declaration.vehicles, VEHICLES_RULES, 'application.errors.vehiclesRequired')
  if (declaration.extraHousing === null)
    errors['declaration.extraHousing'] = { key: 'application.errors.choose' }
}

function validateItems(form: ApplicationForm, errors: FieldErrors, held: readonly HeldItem[]) {
  if (form.items.length === 0)
    errors.items = { key: 'application.errors.itemsRequired' }
  else if (form.items.some(i => heldConflict(i, held)))
    errors.items = { key: 'application.errors.itemHeld' }
  else if (EXCLUSIVE_ITEMS.every(item => form.items.includes(item)))
    errors.items = { key: 'application.errors.exclusiveItems' }
  else if (form.items.includes('two_cancers') && !hasWoman(form.members))
    errors.items = { key: 'application.errors.twoCancersNoWoman' }
}

function validateReason(form: ApplicationForm, errors: FieldErrors, uploadable: (localId: string) => boolean) {
  const length = form.reason.trim().length
  if (length < REASON_MIN)
    errors.reason = { key: 'application.errors.reasonRequired', params: { min: REASON_MIN } }
  else if (length > REASON_MAX)
    errors.reason = { key: 'application.errors.reasonTooLong', params: { max: REASON_MAX } }
  if (form.attachments.length > MAX_ATTACHMENTS)
    errors.attachments = { key: 'application.errors.tooManyPhotos', params: { max: MAX_ATTACHMENTS } }
  else if (form.attachments.some(a => a.id === null && !uploadable(a.localId)))
    errors.attachments = { key: 'application.errors.photoLost' }
}

function validateAuthorisations(form: ApplicationForm, errors: FieldErrors, today: Date) {
  for (const { index: i, member } of adultMembers(form.members, today)) {
    const auth = authorisationFor(form, member)
    if (!auth?.agreedAt)
      errors[`authorisations.${i}`] = { key: 'application.errors.agreeRequired' }
    if (!auth?.signature)
      errors[`authorisations.${i}.signature`] = { key: 'application.errors.signatureRequired' }
  }
}

export interface ValidateOptions {
  today?: Date
  /** whether a photo not yet uploaded still has its bytes on this device */
  uploadable?: (localId: string) => boolean
  /** what the household already receives or has an open case for (GET /api/application-start) */
  held?: readonly HeldItem[]
}

/** Problems on one screen, by field path. Empty = go on. The review screen checks them all. */
export function validateStep(form: ApplicationForm, step: StepId, options: ValidateOptions = {}): FieldErrors {
  const today = options.today ?? new Date()
  const uploadable = options.uploadable ?? (() => false)
  const errors: FieldErrors = {}
  switch (step) {
    case 'applicant':
      validateApplicant(form, errors, today)
      break
    case 'members':
      validateMembers(form, errors, today)
      break
    case 'declaration':
      validateDeclaration(form, errors)
      break
    case 'items':
      validateItems(form, errors, options.held ?? [])
      break
    case 'reason':
      validateReason(form, errors, uploadable)
      break
    case 'authorise':
      validateAuthorisations(form, errors, today)
      break
    case 'review':
      for (const s of STEP_IDS.filter(s => s !== 'review'))
        Object.assign(errors, validateStep(form, s, options))
      break
  }
  return errors
}

/** The first screen with a problem, to send the person back to before submitting. */
export function firstInvalidStep(form: ApplicationForm, options: ValidateOptions = {}): StepId | null {
  return STEP_IDS.find(step => step !== 'review' && Object.keys(validateStep(form, step, options)).length > 0) ?? null
}

/** Server error codes that concern the chosen items, whether or not the server names the field. */
const ITEM_CODES_OF_ERRORS = new Set(['already_receiving', 'case_open', 'exclusive_items'])

/**
 * The server names fields as in ApplicationInput; the form asks the applicant's name and ID as
 * member 0's, keeps removed members as `removed` and the declaration as typed text.
 */
export function formField(apiField: string | null, code = ''): string {
  if (ITEM_CODES_OF_ERRORS.has(code))
    return 'items'
  if (code === 'registered_member_missing')
    return 'members'
  if (apiField === null)
    return ''
  if (apiField === 'applicant.name' || apiField === 'applicant.idNumber')
    return `members.0.${apiField.slice('applicant.'.length)}`
  if (apiField.startsWith('attachmentIds'))
    return 'attachments'
  if (apiField.startsWith('removedMembers'))
    return `removed${apiField.slice('removedMembers'.length)}`
  if (apiField.startsWith('declaration.depositsTotal'))
    return 'declaration.deposits'
  return apiField
}

/** The screen on which a field is asked. */
export function stepOfField(field: string): StepId {
  const f = formField(field)
  if (f === 'members.0.name' || f === 'members.0.idNumber' || f.startsWith('applicant'))
    return 'applicant'
  if (f.startsWith('members') || f.startsWith('removed'))
    return 'members'
  if (f.startsWith('declaration'))
    return 'declaration'
  if (f === 'items' || f.startsWith('items.') || f.startsWith('receiving'))
    return 'items'
  if (f === 'reason' || f.startsWith('attachments'))
    return 'reason'
  if (f.startsWith('authorisations'))
    return 'authorise'
  return 'review'
}
