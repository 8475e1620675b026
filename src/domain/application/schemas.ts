import type { Verdict } from '../diagnosis/engine'
import { z } from 'zod'
import { ADULT_AGE } from '../age'
import { RECEIVABLE_ITEMS, RELATIONS, STUDENT_LEVELS } from '../diagnosis/options'
import { idNumberField, mobileField, personNameField } from '../http/auth'
import { ageFromIdNumber } from '../id-number'
import { ITEM_CODES } from '../items'
import { isWholeFen } from '../money'
import { regionCodeSchema } from '../regions/schema'
import { CASE_ACTIONS, CASE_STATUSES } from './case-status'
import { ADDRESS_MAX, ADDRESS_MIN, ATTACHMENT_TYPES, EXCLUSIVE_ITEMS, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_DECLARED_DEPOSITS, MAX_DECLARED_VEHICLES, MAX_MEMBERS, MAX_MONTHLY_INCOME, MAX_SIGNATURE_BYTES, REASON_MAX, REASON_MIN, REMOVAL_NOTE_MAX, REMOVAL_REASONS, SIGNATURE_PREFIX } from './limits'

// The limits live in limits.ts (no zod) so that the PWA can use them; re-exported for the server.
export { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, MAX_MEMBERS, MAX_SIGNATURE_BYTES }
export type { AttachmentType } from './limits'

// Spelt out rather than imported so that this schema does not pull the diagnosis engine into a bundle.
const VERDICT_VALUES = ['likely', 'possible', 'unlikely'] as const satisfies readonly Verdict[]

/** The PNG file signature (89 50 4E 47 0D 0A 1A 0A) in base64: a data URL that claims PNG must be one. */
const PNG_SIGNATURE_BASE64 = 'iVBORw0KGgo'
const BASE64_PATTERN = /^[A-Z0-9+/]+={0,2}$/i

export const applicationMemberSchema = z.object({
  name: personNameField,
  idNumber: idNumberField,
  relation: z.enum(RELATIONS),
  // Yuan with at most two decimals, as the form takes it: stored as whole fen (issue #17).
  monthlyIncome: z.number().min(0).max(MAX_MONTHLY_INCOME).refine(isWholeFen),
  disabilityGrade: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  seriousIllness: z.boolean(),
  student: z.enum(STUDENT_LEVELS),
})

export const authorisationSchema = z.object({
  idNumber: idNumberField,
  name: personNameField,
  /** When the member agreed, as the device saw it (the server records its own time too). */
  agreedAt: z.iso.datetime(),
  signature: z.string()
    .startsWith(SIGNATURE_PREFIX, { message: 'invalid_signature' })
    .max(Math.ceil(MAX_SIGNATURE_BYTES * 4 / 3) + SIGNATURE_PREFIX.length, { message: 'invalid_signature' })
    .refine(isPngDataUrl, { message: 'invalid_signature' }),
})

export function isPngDataUrl(value: string): boolean {
  const data = value.slice(SIGNATURE_PREFIX.length)
  return value.startsWith(SIGNATURE_PREFIX) && data.startsWith(PNG_SIGNATURE_BASE64) && BASE64_PATTERN.test(data)
}

/**
 * The self-diagnosis' verdicts per item, sent only when the resident chose to share them with
 * staff on the review step (issue #15: the diagnosis' answers otherwise never leave the device).
 */
export const applicationDiagnosisSchema = z.object({
  verdicts: z.array(z.object({ item: z.enum(ITEM_CODES), verdict: z.enum(VERDICT_VALUES) })).max(ITEM_CODES.length),
}).meta({ id: 'ApplicationDiagnosis' })

export type ApplicationDiagnosis = z.infer<typeof applicationDiagnosisSchema>

/**
 * The household's own declaration of its assets, made in the application (its income is per
 * member): shown on the review step and signed with the authorisation; the economic check
 * compares it with what the sources find. Yuan.
 */
export const declarationSchema = z.object({
  /** Deposits, cash and financial assets of all the application's members together. */
  depositsTotal: z.number().min(0).max(MAX_DECLARED_DEPOSITS),
  vehicles: z.number().int().min(0).max(MAX_DECLARED_VEHICLES),
  /** Owns housing beyond the home it lives in. */
  extraHousing: z.boolean(),
  /** The resident took the figures from the self-diagnosis (and saw them before signing). */
  fromDiagnosis: z.boolean(),
}).meta({ id: 'Declaration' })

export type Declaration = z.infer<typeof declarationSchema>

/** Someone the registry lists in the household who is not part of this application, and why. */
export const removedMemberSchema = z.object({
  idNumber: idNumberField,
  reason: z.enum(REMOVAL_REASONS),
  note: z.string().trim().max(REMOVAL_NOTE_MAX).optional(),
})

export type RemovedMember = z.infer<typeof removedMemberSchema>

export const applicationInputSchema = z.object({
  /** Made by the client once per application: resending the same key returns the same application. */
  idempotencyKey: z.string().min(16).max(64).regex(/^[\w-]+$/),
  applicant: z.object({
    name: personNameField,
    idNumber: idNumberField,
    phone: mobileField,
    address: z.string().trim().min(ADDRESS_MIN).max(ADDRESS_MAX),
    region: regionCodeSchema,
  }),
  /** Everyone living in the household, the applicant included (relation `self`). */
  members: z.array(applicationMemberSchema).min(1).max(MAX_MEMBERS),
  items: z.array(z.enum(ITEM_CODES)).min(1).max(ITEM_CODES.length),
  reason: z.string().trim().min(REASON_MIN).max(REASON_MAX),
  /** Statuses the household already has (they let special items start at once). */
  receiving: z.array(z.enum(RECEIVABLE_ITEMS)).default([]),
  attachmentIds: z.array(z.uuid()).max(MAX_ATTACHMENTS).default([]),
  authorisations: z.array(authorisationSchema).max(MAX_MEMBERS),
  /** The household's declaration of assets (income is declared per member). */
  declaration: declarationSchema,
  /** Registered members left out of the application, each with a reason; staff see them. */
  removedMembers: z.array(removedMemberSchema).max(MAX_MEMBERS).default([]),
  /** The self-diagnosis' verdicts, only when the resident chose to share them. */
  diagnosis: applicationDiagnosisSchema.nullable().optional(),
}).superRefine((input, ctx) => {
  const [self, ...otherSelves] = input.members.filter(m => m.relation === 'self')
  if (!self || otherSelves.length > 0 || self.idNumber !== input.applicant.idNumber)
    ctx.addIssue({ code: 'custom', path: ['members'], message: 'applicant_not_member' })
  const ids = input.members.map(m => m.idNumber)
  if (new Set(ids).size !== ids.length)
    ctx.addIssue({ code: 'custom', path: ['members'], message: 'duplicate_member' })
  input.removedMembers.forEach((removed, index) => {
    if (ids.includes(removed.idNumber))
      ctx.addIssue({ code: 'custom', path: ['removedMembers', index], message: 'duplicate_member' })
  })
  // 低保 and 特困 are not both given to one household in one application (policy brief §2).
  if (EXCLUSIVE_ITEMS.every(item => input.items.includes(item)))
    ctx.addIssue({ code: 'custom', path: ['items'], message: 'exclusive_items' })
  // 一证一书: no economic check without every adult's authorisation.
  input.members.forEach((member, index) => {
    const age = ageFromIdNumber(member.idNumber)
    if (age !== null && age >= ADULT_AGE && !input.authorisations.some(a => a.idNumber === member.idNumber && a.name === member.name))
      ctx.addIssue({ code: 'custom', path: ['authorisations', index], message: 'authorisation_missing' })
  })
})

export type ApplicationInput = z.input<typeof applicationInputSchema>
export type ApplicationMember = z.infer<typeof applicationMemberSchema>

export const caseStepSchema = z.object({
  status: z.enum(CASE_STATUSES),
  action: z.enum(CASE_ACTIONS).nullable(),
  /** Who acted, as the resident may see it: a department and town, "申请人" or "系统". */
  actor: z.string(),
  at: z.string(),
  note: z.string().nullable(),
})

export const caseViewSchema = z.object({
  id: z.string(),
  item: z.enum(ITEM_CODES),
  itemName: z.string(),
  department: z.string(),
  departmentName: z.string(),
  townCode: z.string(),
  townName: z.string(),
  status: z.enum(CASE_STATUSES),
  /** When the current step is due; null once decided. */
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  /** What the resident must do now, in words; null when nothing. */
  residentTodo: z.string().nullable(),
  /** Monthly amount and start, once approved; who decided and when. */
  decision: z.object({
    monthlyAmount: z.number().nullable(),
    startDate: z.string().nullable(),
    reason: z.string().nullable(),
    decidedAt: z.string().nullable(),
    /** The deciding office (town and department), as on the timeline. */
    decidedBy: z.string().nullable(),
  }).nullable(),
  steps: z.array(caseStepSchema),
}).meta({ id: 'Case' })

export const applicationViewSchema = z.object({
  id: z.string(),
  /** Printed on the receipt and used for enquiries without an account. */
  number: z.string(),
  submittedAt: z.string(),
  applicantNameMasked: z.string(),
  cases: z.array(caseViewSchema),
}).meta({ id: 'Application' })

export type CaseView = z.infer<typeof caseViewSchema>
export type ApplicationView = z.infer<typeof applicationViewSchema>
