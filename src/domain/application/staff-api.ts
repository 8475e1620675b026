import { z } from 'zod'
import { ITEM_CODES } from '../items'
import { isWholeFen } from '../money'
import { CASE_ACTIONS, CASE_STATUSES } from './case-status'
import { REMOVAL_REASONS } from './limits'
import { ATTACHMENT_TYPES, caseViewSchema } from './schemas'
import { MONTHLY_CASH_ITEMS, REVEAL_TARGETS, STAFF_ACTIONS } from './staff-rules'

export { MONTHLY_CASH_ITEMS, REVEAL_TARGETS, STAFF_ACTIONS }
export type { RevealTarget, StaffAction } from './staff-rules'

// Request and response shapes of the staff side of issue #4: queue, case page, reveal,
// decisions and the audit log. Staff see personal data masked unless they reveal it.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

export const staffQueueQuery = z.object({
  item: z.enum(ITEM_CODES).optional(),
  status: z.enum(CASE_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
})

export const staffQueueRowSchema = z.object({
  id: z.string(),
  applicationNumber: z.string(),
  item: z.enum(ITEM_CODES),
  itemName: z.string(),
  status: z.enum(CASE_STATUSES),
  townName: z.string(),
  applicantNameMasked: z.string(),
  submittedAt: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
}).meta({ id: 'StaffQueueRow' })

export const staffQueueResponse = z.object({ cases: z.array(staffQueueRowSchema) })

/**
 * Whether a member of an application is in the applicant's registered household (issue #13).
 * Anyone else is 'unconfirmed' until staff see proof of living together; no economic check runs
 * on an application with an unconfirmed member.
 */
export const MEMBER_REGISTRY_STATUSES = ['registered', 'unconfirmed', 'confirmed'] as const
export type MemberRegistryStatus = (typeof MEMBER_REGISTRY_STATUSES)[number]

export const staffMemberSchema = z.object({
  index: z.number().int(),
  nameMasked: z.string(),
  idMasked: z.string(),
  relation: z.string(),
  age: z.number().int().nullable(),
  monthlyIncome: z.number(),
  disabilityGrade: z.number().int(),
  seriousIllness: z.boolean(),
  student: z.string(),
  registryStatus: z.enum(MEMBER_REGISTRY_STATUSES),
})

export const staffApplicationSchema = z.object({
  id: z.string(),
  householdId: z.string().describe('For household-level actions such as regenerating its happiness code'),
  number: z.string(),
  submittedAt: z.string(),
  reason: z.string(),
  address: z.string(),
  region: z.string(),
  applicant: z.object({ nameMasked: z.string(), idMasked: z.string(), phoneMasked: z.string() }),
  members: z.array(staffMemberSchema),
  attachments: z.array(z.object({ id: z.string(), type: z.enum(ATTACHMENT_TYPES), size: z.number().int() })),
  authorisations: z.array(z.object({ nameMasked: z.string(), agreedAt: z.string(), recordedAt: z.string() })),
  infoAnswers: z.array(z.object({ at: z.string(), text: z.string(), attachmentIds: z.array(z.string()) })),
  /** The self-diagnosis' verdicts, only when the resident chose to share them. */
  diagnosis: z.object({
    verdicts: z.array(z.object({ item: z.enum(ITEM_CODES), verdict: z.string() })),
  }).nullable(),
  /** The household's declaration of assets, signed with the authorisation; null on applications made before it was asked. */
  declaration: z.object({
    depositsTotal: z.number(),
    /** depositsTotal ÷ the application's members. */
    depositsPerCapita: z.number(),
    vehicles: z.number().int(),
    extraHousing: z.boolean(),
    fromDiagnosis: z.boolean(),
  }).nullable(),
  /** Registered members the resident left out, with the reason. */
  removedMembers: z.array(z.object({ nameMasked: z.string(), idMasked: z.string(), relation: z.string(), reason: z.enum(REMOVAL_REASONS), note: z.string().nullable() })),
}).meta({ id: 'StaffApplication' })

/** See amounts.ts: the suggestion, the maximum and the working, for monthly cash items. */
export const amountGuideSchema = z.object({
  suggested: z.number().nullable(),
  max: z.number(),
  working: z.discriminatedUnion('rule', [
    z.object({ rule: z.literal('dibao_gap'), line: z.number(), members: z.number().int(), income: z.number(), perCapita: z.number(), gap: z.number() }),
    z.object({ rule: z.literal('tekun_standard'), standard: z.number(), members: z.number().int() }),
    z.object({ rule: z.literal('line_cap'), line: z.number(), members: z.number().int() }),
  ]),
  /** The region whose figures were used, e.g. 浙江省 (2021.1). */
  regionName: z.string(),
}).meta({ id: 'AmountGuide' })

export const staffCaseResponse = z.object({
  case: caseViewSchema,
  application: staffApplicationSchema,
  /** For monthly cash items (MONTHLY_CASH_ITEMS); null for the others, which take no amount. */
  amountGuide: amountGuideSchema.nullable(),
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
}).meta({ id: 'StaffCase' })

export const revealBody = z.object({
  target: z.enum(REVEAL_TARGETS),
  memberIndex: z.number().int().min(0).optional(),
  reason: z.string().trim().min(2).max(200),
}).superRefine((body, ctx) => {
  if (body.target === 'member_id' && body.memberIndex === undefined)
    ctx.addIssue({ code: 'custom', path: ['memberIndex'], message: 'validation_failed' })
})

export const revealResponse = z.object({ value: z.string() })

export const staffActionBody = z.object({
  action: z.enum(STAFF_ACTIONS),
  note: z.string().trim().max(1000).optional(),
  // No fixed cap here: the server refuses above the item's maximum from the region's figures and names it (amounts.ts).
  monthlyAmount: z.number().positive().refine(isWholeFen).optional(),
  startDate: z.string().regex(ISO_DATE).refine(v => !Number.isNaN(Date.parse(v))).optional(),
  /** For reject and request_info: the resident reads it. */
  reason: z.string().trim().min(2).max(1000).optional(),
}).superRefine((body, ctx) => {
  // The monthly amount is checked against the case's item and the region's figures by the server (amounts.ts).
  if (body.action === 'approve' && body.startDate === undefined)
    ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'validation_failed' })
  if ((body.action === 'reject' || body.action === 'request_info') && body.reason === undefined)
    ctx.addIssue({ code: 'custom', path: ['reason'], message: 'validation_failed' })
})

export const staffActionResponse = z.object({
  case: caseViewSchema,
  allowedActions: z.array(z.enum(CASE_ACTIONS)),
})

export const auditQuery = z.object({
  subjectType: z.string().max(32).optional(),
  subjectId: z.string().max(64).optional(),
})

export const auditResponse = z.object({
  entries: z.array(z.object({
    at: z.string(),
    actorRole: z.string().nullable(),
    actorName: z.string().nullable(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string().nullable(),
    detail: z.string().nullable(),
  })),
})

export type StaffQueueRow = z.infer<typeof staffQueueRowSchema>
export type StaffCase = z.infer<typeof staffCaseResponse>
export type StaffApplication = z.infer<typeof staffApplicationSchema>
export type StaffActionBody = z.infer<typeof staffActionBody>
export type RevealBody = z.infer<typeof revealBody>
export type AuditEntryView = z.infer<typeof auditResponse>['entries'][number]
export type AmountGuideView = z.infer<typeof amountGuideSchema>
