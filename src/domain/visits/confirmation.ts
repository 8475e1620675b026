import { z } from 'zod'
import { myVisitsResponse, visitStoredSchema } from './api'
import { VISIT_TYPES } from './limits'

// Issue #16: a visit whose happiness code had been regenerated before the visit is kept, waiting
// for town 民政 staff to confirm it (the household is real, only its code changed), instead of
// being refused and lost. The shapes of that flow, shared by the server and the PWA.

/**
 * What became of a sent visit: `accepted` (an ordinary visit, or one staff confirmed),
 * `pending_confirmation` (stored, waiting for staff), `rejected` (staff did not confirm it).
 */
export const VISIT_STATUSES = ['accepted', 'pending_confirmation', 'rejected'] as const
export type VisitStatus = (typeof VISIT_STATUSES)[number]

/** POST /api/visits answers: 201 stored, 202 stored and waiting for staff, 200 a resend. */
export const visitSentSchema = visitStoredSchema.extend({
  status: z.enum(VISIT_STATUSES).describe('pending_confirmation: the code had been regenerated before the visit; town staff confirm it'),
}).meta({ id: 'VisitSent' })
export type VisitSent = z.infer<typeof visitSentSchema>

/** A visit of the visitor's own that is not (or not yet) counted. */
export const myUnconfirmedVisitSchema = z.object({
  clientId: z.string(),
  visitedAt: z.string(),
  type: z.enum(VISIT_TYPES),
  maskedHeadName: z.string(),
  villageName: z.string(),
  status: z.enum(['pending_confirmation', 'rejected']),
  decidedAt: z.string().nullable(),
})

/** GET /api/visits/mine: the counted visits, and those waiting for or refused by staff. */
export const myVisitsWithUnconfirmedResponse = myVisitsResponse.extend({
  unconfirmed: z.array(myUnconfirmedVisitSchema).describe('Visits waiting for staff confirmation, or not confirmed, newest first'),
})

/** GET /api/staff/visits/confirmations: what a town clerk needs to judge the visit; no notes. */
export const pendingVisitSchema = z.object({
  id: z.string().describe('the visit id'),
  visitedAt: z.string(),
  receivedAt: z.string(),
  type: z.enum(VISIT_TYPES),
  householdId: z.string(),
  maskedHeadName: z.string(),
  villageName: z.string(),
  visitorName: z.string(),
  visitorRole: z.enum(['volunteer', 'social_worker', 'town_staff', 'county_staff']),
  organisation: z.string(),
  urgent: z.boolean(),
  urgentNote: z.string(),
  codeVersion: z.number().int().describe('the version the visitor scanned'),
  codeRevokedAt: z.string().describe('when that version was regenerated (before the visit)'),
  currentVersion: z.number().int(),
  withReferral: z.boolean().describe('the visitor also referred the household (转介): confirming raises the referral\'s warning, rejecting drops it'),
}).meta({ id: 'PendingVisit' })
export const pendingVisitsResponse = z.object({ visits: z.array(pendingVisitSchema) })

export const visitDecisionParams = z.object({ id: z.string().min(1).max(100) })
export const visitDecisionSchema = z.object({
  id: z.string(),
  status: z.enum(['accepted', 'rejected']),
  decidedAt: z.string(),
}).meta({ id: 'VisitDecision' })
