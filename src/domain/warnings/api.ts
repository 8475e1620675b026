import type { SignalKind, SignalSource } from './signals'
import { z } from 'zod'
import { apiErrorSchema } from '../http/errors'
import { ITEM_CODES } from '../items'
import { RULE_CODES } from './rules'
import { SIGNAL_SOURCES } from './signals'
import { decisionSchema, staffInvitationSchema, WARNING_STATUSES } from './verification'

// Request and response shapes of the 政策找人 API (issue #19): department events through the
// feed and the CSV import, and the town staff's warning queue.

/** A department sends at most this many events per call; one transaction each. */
export const MAX_FEED_EVENTS = 1000

/** The kinds departments send (a referral comes from a visit, a contact request from a resident). */
export const DEPARTMENT_EVENT_KINDS = ['medical_spending', 'disability_certificate', 'death', 'unemployment', 'student'] as const satisfies readonly SignalKind[]
export type DepartmentEventKind = typeof DEPARTMENT_EVENT_KINDS[number]

/**
 * Which department may report which kind: the one that holds the fact (医保 the settlements,
 * 残联 the certificates, 民政 cremations and 公安 cancelled hukou, 人社 unemployment, 教育 school
 * status). A feed credential of another department is refused for it.
 */
export const EVENT_SENDERS: Record<DepartmentEventKind, readonly SignalSource[]> = {
  medical_spending: ['yibao'],
  disability_certificate: ['canlian'],
  death: ['mingzheng', 'gongan'],
  unemployment: ['renshe'],
  student: ['jiaoyu'],
}

export function isDepartmentEventKind(kind: unknown): kind is DepartmentEventKind {
  return typeof kind === 'string' && (DEPARTMENT_EVENT_KINDS as readonly string[]).includes(kind)
}

/**
 * Health and death data are sensitive personal information (个人信息保护法 第二十八条): what such a
 * signal carries is shown only to 民政 staff, who verify warnings, and to the department that sent it.
 */
export const SENSITIVE_KINDS: readonly SignalKind[] = ['medical_spending', 'disability_certificate', 'death']

export const eventFeedBody = z.object({
  events: z.array(z.unknown()).min(1).max(MAX_FEED_EVENTS).describe('Up to 1,000 events, each { kind, externalId, idNumber, occurredAt, …the fields of its kind }. Accepted or rejected as a whole.'),
})

export const eventCounts = z.object({
  /** events stored now */
  inserted: z.number().int(),
  /** events stored before (the same source and external id): not stored again */
  unchanged: z.number().int(),
  /** warnings raised by the events stored now */
  warnings: z.number().int(),
})

const warningStatus = z.enum(WARNING_STATUSES)

export const warningQueueQuery = z.object({
  status: warningStatus.optional(),
})

const suggestionSchema = z.object({
  item: z.enum(ITEM_CODES),
  itemName: z.string(),
  action: z.enum(['apply', 'review']),
  department: z.string(),
  departmentName: z.string(),
})

export const warningSummarySchema = z.object({
  id: z.string(),
  rule: z.enum(RULE_CODES),
  ruleName: z.string(),
  householdId: z.string(),
  village: z.object({ code: z.string(), name: z.string() }),
  /** the head of the household, masked */
  headMasked: z.string(),
  status: warningStatus,
  raisedOn: z.string(),
  dueOn: z.string(),
  overdue: z.boolean(),
  suggestions: z.array(suggestionSchema),
  signalCount: z.number().int(),
  /** the department 民政 referred it to (its queue), null until referred */
  referredTo: z.string().nullable(),
}).meta({ id: 'WarningSummary' })

export const warningQueueResponse = z.object({ warnings: z.array(warningSummarySchema) })

export const signalViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  source: z.enum(SIGNAL_SOURCES),
  sourceName: z.string(),
  occurredAt: z.string(),
  receivedAt: z.string(),
  /** the member concerned, as "家庭成员（配偶）" */
  member: z.string().nullable(),
  /** what the signal carries; null when withheld from this reader (sensitive, another department) */
  payload: z.record(z.string(), z.unknown()).nullable(),
  withheld: z.boolean(),
  /**
   * The visit a volunteer's referral came from (issue #19 1b): when it was, the volunteer's
   * display name, and a short plain text of what it recorded (no ID or phone numbers). Null or
   * absent for other signals.
   */
  visit: z.object({
    visitedAt: z.string(),
    visitorName: z.string().describe('the volunteer\'s display name'),
    summary: z.string().describe('a short plain text of the visit, no ID or phone numbers'),
  }).nullable().optional().describe('the visit a volunteer\'s referral came from'),
}).meta({ id: 'SignalView' })

export const warningDetailResponse = warningSummarySchema.extend({
  /** for staff: what happened, the figures and what to verify; null when withheld */
  text: z.string().nullable(),
  figures: z.record(z.string(), z.number()).nullable(),
  basis: z.array(z.object({ key: z.string(), value: z.number(), source: z.string(), effectiveFrom: z.string(), regionCode: z.string() })),
  signals: z.array(signalViewSchema),
  /** what staff decided, 民政's verification first (issue #19, verification step) */
  decisions: z.array(decisionSchema),
  /** the household's invitation when it was taken in, with its answer (a call requested shows here) */
  invitation: staffInvitationSchema.nullable(),
}).meta({ id: 'WarningDetail' })

/** 400 of an event feed or import: nothing was stored; every event at fault is listed. */
export const eventErrorSchema = z.object({ index: z.number().int(), field: z.string(), code: z.string(), message: z.string() })
export const eventsRejectedSchema = apiErrorSchema.extend({ errors: z.array(eventErrorSchema).optional() }).meta({ id: 'EventsRejected' })
