import { z } from 'zod'
import { isValidIdNumber, normalizeIdNumber } from '../id-number'
import { isValidMobile, normalizeMobile } from '../mobile'
import { ROLES } from '../roles'
import { isSmsCode } from '../sms-code'

export const mobileField = z.string().trim().transform(normalizeMobile).refine(isValidMobile, { message: 'invalid_mobile' })
export const idNumberField = z.string().trim().transform(normalizeIdNumber).refine(v => isValidIdNumber(v), { message: 'invalid_id_number' })
export const personNameField = z.string().trim().min(2).max(30)

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

export type SessionUser = z.infer<typeof sessionUser>
export type SessionResponse = z.infer<typeof sessionResponse>
export type HouseholdSummary = z.infer<typeof householdSummary>
export type SmsRequestBody = z.input<typeof smsRequestBody>
export type SmsRequestResponse = z.infer<typeof smsRequestResponse>
export type SmsVerifyBody = z.input<typeof smsVerifyBody>
export type PasswordLoginBody = z.input<typeof passwordLoginBody>
export type BindHouseholdBody = z.input<typeof bindHouseholdBody>
