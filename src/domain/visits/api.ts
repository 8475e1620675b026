import { z } from 'zod'
import { TOKEN_CHARS } from '../household-code/token'
import { JPEG_DATA_URL_PREFIX } from '../photo'
import { MAX_VISIT_NOTE, MAX_VISIT_NOTES, MAX_VISIT_PHOTO_CHARS, OBSERVATION_LEVELS, VISIT_DIMENSIONS, VISIT_TYPES } from './limits'

// Care visits (探访关爱) by volunteers and social workers, issue #6: the request and response
// shapes shared by the server and the PWA. A visit names its household by the scanned happiness
// code's token, never by a person: that is all a volunteer's phone ever holds.

// The lists and limits live in ./limits (no zod) for the PWA's form.
export { MAX_VISIT_NOTE, MAX_VISIT_NOTES, MAX_VISIT_PHOTO_CHARS, OBSERVATION_LEVELS, VISIT_DIMENSIONS, VISIT_TYPES } from './limits'
export type { ObservationLevel, VisitDimension, VisitType } from './limits'

const token = z.string().min(1).max(4 * TOKEN_CHARS)

export const observationSchema = z.object({
  dimension: z.enum(VISIT_DIMENSIONS),
  level: z.enum(OBSERVATION_LEVELS),
  note: z.string().trim().max(MAX_VISIT_NOTE).default(''),
})

export const visitLocationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).max(100_000),
}).describe('Only when the visitor consented on the device')

/**
 * POST /api/visits. `clientId` is made on the phone when the visit is written (offline too): the
 * server stores a visit once per clientId however often it is resent, and answers the stored one.
 */
export const visitInputSchema = z.object({
  clientId: z.uuid(),
  token: token.describe('The happiness code token scanned at the door'),
  type: z.enum(VISIT_TYPES),
  visitedAt: z.iso.datetime({ offset: true }).describe('When the visit happened on the phone, not when it synced'),
  observations: z.array(observationSchema).max(VISIT_DIMENSIONS.length),
  urgent: z.boolean().default(false).describe('Raises a flag to the town staff of the household\'s area'),
  urgentNote: z.string().trim().max(MAX_VISIT_NOTE).default(''),
  notes: z.string().trim().max(MAX_VISIT_NOTES).default('').describe('Private to visitors and staff; never shown to the household'),
  photo: z.string().max(MAX_VISIT_PHOTO_CHARS).startsWith(JPEG_DATA_URL_PREFIX).optional(),
  location: visitLocationSchema.optional(),
}).meta({ id: 'VisitInput' })
export type VisitInput = z.infer<typeof visitInputSchema>

/** What the phone's outbox needs back: the stored visit's id, and whether this send stored it. */
export const visitStoredSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  created: z.boolean().describe('false when this clientId was already stored (a resend)'),
}).meta({ id: 'VisitStored' })

/** A visit as the household sees it (谁来看过我): who came, from where, when, why. No notes. */
export const visitSeenByHouseholdSchema = z.object({
  id: z.string(),
  visitedAt: z.string(),
  type: z.enum(VISIT_TYPES),
  visitorRole: z.enum(['volunteer', 'social_worker', 'town_staff', 'county_staff']),
  organisation: z.string(),
}).meta({ id: 'VisitSeenByHousehold' })
export const householdVisitsResponse = z.object({ visits: z.array(visitSeenByHouseholdSchema) })

/** The flags a visit needs, derived from the household's members; nothing else about them. */
export const householdFlagsSchema = z.object({
  livesAlone: z.boolean(),
  elderly: z.boolean().describe('a member aged 60 or more'),
  disabled: z.boolean(),
  child: z.boolean().describe('a member under 18'),
})

/**
 * POST /api/visits/card: the minimal household card after a valid scan (audited). Masked head
 * name, how many members, the flags, the last visits. No ID numbers, phones, amounts or address
 * beyond the village.
 */
export const cardBody = z.object({ token })
export const householdCardSchema = z.object({
  ref: z.string().describe('The code\'s household reference: how the phone files visits offline'),
  version: z.number().int(),
  maskedHeadName: z.string(),
  villageName: z.string(),
  memberCount: z.number().int(),
  flags: householdFlagsSchema,
  lastVisits: z.array(visitSeenByHouseholdSchema).max(5),
  inMyArea: z.boolean().describe('false: the visitor may look but not log a visit here'),
}).meta({ id: 'HouseholdCard' })
export type HouseholdCard = z.infer<typeof householdCardSchema>

/** GET /api/visits/mine: the visitor's own visits, newest first, with this month's count. */
export const myVisitSchema = visitSeenByHouseholdSchema.extend({
  clientId: z.string(),
  maskedHeadName: z.string(),
  villageName: z.string(),
  urgent: z.boolean(),
})
export const myVisitsResponse = z.object({
  visits: z.array(myVisitSchema),
  countThisMonth: z.number().int(),
})

/** GET /api/staff/visits/coverage?quarter=2026-Q4 per village of the staff member's area. */
export const coverageQuery = z.object({ quarter: z.string().regex(/^\d{4}-Q[1-4]$/) })
export const coverageSchema = z.object({
  quarter: z.string(),
  villages: z.array(z.object({
    code: z.string(),
    name: z.string(),
    households: z.number().int().describe('registered households'),
    visited: z.number().int().describe('households visited at least once in the quarter'),
    percent: z.number().describe('visited / households × 100, one decimal'),
  })),
  notVisited90Days: z.array(z.object({
    householdId: z.string(),
    maskedHeadName: z.string(),
    villageName: z.string(),
    lastVisitedAt: z.string().nullable(),
  })),
  leftAssistanceDue: z.array(z.object({
    householdId: z.string(),
    maskedHeadName: z.string(),
    villageName: z.string(),
    leftOn: z.string().describe('date the last benefit ended; visits stay due for one more year'),
    lastVisitedAt: z.string().nullable(),
  })),
}).meta({ id: 'VisitCoverage' })

/** GET /api/staff/visits/flags and POST /api/staff/visits/flags/:id/resolve. */
export const urgentFlagSchema = z.object({
  id: z.string().describe('the visit id'),
  visitedAt: z.string(),
  maskedHeadName: z.string(),
  villageName: z.string(),
  householdId: z.string(),
  visitorName: z.string(),
  organisation: z.string(),
  urgentNote: z.string(),
  resolvedAt: z.string().nullable(),
})
export const urgentFlagsResponse = z.object({ flags: z.array(urgentFlagSchema) })

/** Volunteers and social workers of the staff member's area and where they may log visits. */
export const fieldWorkerSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  role: z.enum(['volunteer', 'social_worker']),
  organisation: z.string(),
  homeArea: z.object({ code: z.string(), name: z.string() }).nullable(),
  assignedAreas: z.array(z.object({ code: z.string(), name: z.string() })),
})
export const fieldWorkersResponse = z.object({
  workers: z.array(fieldWorkerSchema),
  areas: z.array(z.object({ code: z.string(), name: z.string() })).describe('Towns and villages within the staff member\'s area, by code: what may be assigned'),
})
export const assignAreasBody = z.object({ areaCodes: z.array(z.string().regex(/^\d{9}(\d{3})?$/)).max(50) })
