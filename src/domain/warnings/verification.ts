import { z } from 'zod'
import { DEPARTMENT_CODES, ITEM_CODES } from '../items'

// Verifying a warning and inviting the household (issue #19): the outcomes staff choose from,
// the reasons a household is not eligible (worded in warnings.notEligible.* of the catalogs),
// and the request and response shapes of the verification, funnel and invitation APIs.

/** open: 民政 of the town to verify; referred: the department it was referred to decides; closed: decided. */
export const WARNING_STATUSES = ['open', 'referred', 'closed'] as const
export type WarningStatus = typeof WARNING_STATUSES[number]

export const WARNING_OUTCOMES = ['taken_in', 'referred', 'not_eligible', 'could_not_reach'] as const
export type WarningOutcome = typeof WARNING_OUTCOMES[number]

/** 民政 verifies first; a warning it refers is decided once more, by the receiving department. */
export const DECISION_STAGES = ['verify', 'referral'] as const
export type DecisionStage = typeof DECISION_STAGES[number]

/** Why a household is not eligible, as staff record it (a fixed list: the funnel counts them). */
export const NOT_ELIGIBLE_REASONS = ['income_above_line', 'assets_above_limit', 'already_assisted', 'supporter_able', 'circumstances_changed', 'moved_away', 'other'] as const
export type NotEligibleReason = typeof NOT_ELIGIBLE_REASONS[number]

export const INVITATION_STATUSES = ['open', 'accepted', 'declined', 'call_requested'] as const
export type InvitationStatus = typeof INVITATION_STATUSES[number]

/** Staff's note on a decision: a few sentences. */
export const MAX_DECISION_NOTE = 500
/** The funnel spans at most this many months: two years side by side. */
export const MAX_FUNNEL_MONTHS = 24

export const verifyWarningBody = z.object({
  outcome: z.enum(WARNING_OUTCOMES),
  /** taken_in: the suggested items staff confirmed (all of the warning's suggested items when left out). */
  items: z.array(z.enum(ITEM_CODES)).min(1).max(ITEM_CODES.length).optional(),
  /** referred: the department that can act on it. */
  department: z.enum(DEPARTMENT_CODES).optional(),
  /** not_eligible: why. */
  reason: z.enum(NOT_ELIGIBLE_REASONS).optional(),
  note: z.string().trim().max(MAX_DECISION_NOTE).optional(),
})
export type VerifyWarningBody = z.infer<typeof verifyWarningBody>

export const decisionSchema = z.object({
  stage: z.enum(DECISION_STAGES),
  outcome: z.enum(WARNING_OUTCOMES),
  outcomeName: z.string(),
  department: z.string(),
  departmentName: z.string(),
  referredTo: z.string().nullable(),
  referredToName: z.string().nullable(),
  reason: z.enum(NOT_ELIGIBLE_REASONS).nullable(),
  reasonName: z.string().nullable(),
  note: z.string().nullable(),
  decidedBy: z.string(),
  decidedAt: z.string(),
  /** calendar days from the day of the signal that raised the warning to the decision (Beijing days) */
  daysFromSignal: z.number().int(),
}).meta({ id: 'WarningDecision' })

/** The invitation as staff see it on the warning: whether the household answered or asked to be called. */
export const staffInvitationSchema = z.object({
  id: z.string(),
  items: z.array(z.enum(ITEM_CODES)),
  status: z.enum(INVITATION_STATUSES),
  createdAt: z.string(),
  respondedAt: z.string().nullable(),
  callRequestedAt: z.string().nullable(),
}).meta({ id: 'StaffInvitation' })

export const verifyWarningResponse = z.object({
  id: z.string(),
  status: z.enum(WARNING_STATUSES),
  decision: decisionSchema,
  invitation: staffInvitationSchema.nullable(),
})

const month = z.string().regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, 'invalid_period')

export const funnelQuery = z.object({ from: month, to: month })

export const funnelRowSchema = z.object({
  village: z.object({ code: z.string(), name: z.string() }),
  /** the month the warnings were raised in */
  month: z.string(),
  issued: z.number().int(),
  verified: z.number().int(),
  takenIn: z.number().int(),
  referred: z.number().int(),
  notEligible: z.number().int(),
  couldNotReach: z.number().int(),
  /** median days from the signal to 民政's decision, over the verified ones; null when none is */
  medianDaysToDecision: z.number().nullable(),
}).meta({ id: 'FunnelRow' })

export const funnelResponse = z.object({ from: z.string(), to: z.string(), rows: z.array(funnelRowSchema) })

export const invitationSchema = z.object({
  id: z.string(),
  items: z.array(z.object({ code: z.enum(ITEM_CODES), name: z.string() })),
  /** "您家可能可以申请：临时救助" */
  title: z.string(),
  /** the plain reason: "您家近 12 个月自付医疗费用 32000 元，超过本地 20000 元的标准。…" */
  reason: z.string(),
  status: z.enum(INVITATION_STATUSES),
  createdAt: z.string(),
  callRequestedAt: z.string().nullable(),
}).meta({ id: 'Invitation' })

export const invitationListResponse = z.object({ invitations: z.array(invitationSchema) })

/** Accepting: the items to tick in the application form (prefilled from the registry as issue 10 does). */
export const invitationAcceptResponse = z.object({ invitation: invitationSchema, prefill: z.object({ items: z.array(z.enum(ITEM_CODES)) }) })
