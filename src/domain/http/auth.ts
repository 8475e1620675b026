import { z } from 'zod'
import { isValidIdNumber, normalizeIdNumber } from '../id-number'
import { isValidMobile, normalizeMobile } from '../mobile'
import { PERSON_NAME_MAX, PERSON_NAME_MIN } from '../person-name'
import { ROLES } from '../roles'
import { isSmsCode } from '../sms-code'

export const mobileField = z.string().trim().transform(normalizeMobile).refine(isValidMobile, { message: 'invalid_mobile' })
export const idNumberField = z.string().trim().transform(normalizeIdNumber).refine(v => isValidIdNumber(v), { message: 'invalid_id_number' })
export const personNameField = z.string().trim().min(PERSON_NAME_MIN).max(PERSON_NAME_MAX)

export const smsRequestBody = z.object({ phone: mobileField })
export const smsRequestResponse = z.object({
  sent: z.literal(true),
  resendAfterSeconds: z.number().int(),
  expiresInSeconds: z.number().int(),
})

export const smsVerifyBody = z.object({
  phone: mobileField,
  code: z.string().trim().refine(isSmsCode, { message: 'invalid_sms_code' }),
})

export const passwordLoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
})

export const householdSummary = z.object({
  id: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  /** The head of household's name, masked unless the viewer belongs to the household. */
  headName: z.string(),
  memberCount: z.number().int(),
})

export const sessionUser = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  displayName: z.string(),
  /** Phone of a resident, masked: the full number is only ever typed by its owner. */
  phoneMasked: z.string().nullable(),
  areaCode: z.string().nullable(),
  areaName: z.string().nullable(),
  department: z.string().nullable(),
  household: householdSummary.nullable(),
})

export const sessionResponse = z.object({ user: sessionUser.nullable() }).meta({ id: 'Session' })

export const bindHouseholdBody = z.object({
  idNumber: idNumberField,
  name: personNameField,
})

/**
 * What proved that an account belongs to a household (issue #13): an SMS code reached the phone
 * the registry holds for the member, or town staff saw the member's ID card. Bindings made before
 * proof was asked for carry 'id_and_name'.
 */
export const HOUSEHOLD_BINDING_PROOFS = ['registry_phone', 'staff_checked_id_card', 'id_and_name'] as const
export type HouseholdBindingProof = (typeof HOUSEHOLD_BINDING_PROOFS)[number]

/** One account bound to the household, as its members see it (the phone masked). */
export const householdAccount = z.object({
  id: z.string(),
  phoneMasked: z.string().nullable(),
  boundAt: z.string().nullable(),
  boundVia: z.enum(HOUSEHOLD_BINDING_PROOFS).nullable(),
  /** The account of the person looking. */
  you: z.boolean(),
})

export const householdAccountsResponse = z.object({ accounts: z.array(householdAccount) }).meta({ id: 'HouseholdAccounts' })

/** Town staff bind a resident's account at the office after seeing the member's ID card. */
export const staffBindHouseholdBody = z.object({
  phone: mobileField,
  idNumber: idNumberField,
  name: personNameField,
  /** Staff confirm they saw the original ID card: the proof is the card, not what was typed. */
  idCardChecked: z.literal(true, { message: 'id_card_not_checked' }),
})

export const staffBindHouseholdResponse = z.object({
  household: householdSummary,
  phoneMasked: z.string(),
})

export type SessionUser = z.infer<typeof sessionUser>
export type SessionResponse = z.infer<typeof sessionResponse>
export type HouseholdSummary = z.infer<typeof householdSummary>
export type SmsRequestBody = z.input<typeof smsRequestBody>
export type SmsRequestResponse = z.infer<typeof smsRequestResponse>
export type SmsVerifyBody = z.input<typeof smsVerifyBody>
export type PasswordLoginBody = z.input<typeof passwordLoginBody>
export type BindHouseholdBody = z.input<typeof bindHouseholdBody>
export type HouseholdAccount = z.infer<typeof householdAccount>
export type HouseholdAccountsResponse = z.infer<typeof householdAccountsResponse>
export type StaffBindHouseholdBody = z.input<typeof staffBindHouseholdBody>
export type StaffBindHouseholdResponse = z.infer<typeof staffBindHouseholdResponse>
