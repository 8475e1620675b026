import { z } from 'zod'
import { TOKEN_CHARS } from '../household-code/token'
import { JPEG_DATA_URL_PREFIX } from '../photo'
import { MAX_REFERRAL_MEMBER_ID, MAX_REFERRAL_NOTE, MAX_VISIT_NOTE, MAX_VISIT_NOTES, MAX_VISIT_PHOTO_CHARS, OBSERVATION_LEVELS, REFERRAL_NEEDS_NOTE, VISIT_DIMENSIONS, VISIT_REFERRAL_CODES, VISIT_TYPES } from './limits'

// Care visits (探访关爱) by volunteers and social workers, issue #6: the request and response
// shapes shared by the server and the PWA. A visit names its household by the scanned happiness
// code's token, never by a person: that is all a volunteer's phone ever holds.

// The lists and limits live in ./limits (no zod) for the PWA's form.
export { MAX_REFERRAL_NOTE, MAX_VISIT_NOTE, MAX_VISIT_NOTES, MAX_VISIT_PHOTO_CHARS, OBSERVATION_LEVELS, VISIT_DIMENSIONS, VISIT_REFERRAL_CODES, VISIT_TYPES } from './limits'
export type { ObservationLevel, VisitDimension, VisitReferralCode, VisitType } from './limits'

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
 * A volunteer's referral (转介, issue #19) sent with the visit it came from: in the same outbox
 * entry and under the same clientId, so it is stored once with the visit however often it is
 * resent (as the signal source 'volunteer' with externalId = clientId). Town staff verify it; the
 * volunteer never sees what came of it. Its lists and limits are the referral signal's
 * (src/domain/warnings/signals.ts), repeated in ./limits and checked equal by a test.
 */
export const visitReferralSchema = z.object({
  seen: z.array(z.enum(VISIT_REFERRAL_CODES)).min(1).max(VISIT_REFERRAL_CODES.length).refine(codes => new Set(codes).size === codes.length, { message: 'duplicate' }).describe('What the volunteer saw, at least one, each once'),
  note: z.string().trim().max(MAX_REFERRAL_NOTE).default('').describe('Required when "other" is among what was seen'),
  memberId: z.string().trim().min(1).max(MAX_REFERRAL_MEMBER_ID).optional().describe('The household member concerned (a registry member id of this household)'),
}).refine(r => !r.seen.includes(REFERRAL_NEEDS_NOTE) || r.note.length > 0, { path: ['note'], message: 'validation_failed' }).meta({ id: 'VisitReferral' })
export type VisitReferral = z.infer<typeof visitReferralSchema>

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
  referral: visitReferralSchema.optional().describe('转介给工作人员: a warning for the town staff of the household, raised once with the visit'),
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
  referred: z.boolean().describe('a referral (转介) was sent with this visit; nothing of what came of it'),
})
export const myVisitsResponse = z.object({
  visits: z.array(myVisitSchema),
  countThisMonth: z.number().int(),
})

/**
 * Households per page of the coverage page's two lists (issue #18): the page answers the first
 * page of each with its total, and GET /api/staff/visits/coverage/not-visited and
 * /left-assistance answer the next ones. The .xlsx export writes the whole lists.
 */
export const COVERAGE_PAGE_SIZE = 50

const coverageHouseholdSchema = z.object({
  householdId: z.string(),
  maskedHeadName: z.string(),
  villageName: z.string(),
  lastVisitedAt: z.string().nullable().describe('the last visit that counts; null: never visited'),
})
const notVisitedHouseholdSchema = coverageHouseholdSchema.meta({ id: 'NotVisitedHousehold' })
const leftAssistanceHouseholdSchema = coverageHouseholdSchema.extend({
  leftOn: z.string().describe('date the last benefit ended; visits stay due for one more year'),
}).meta({ id: 'LeftAssistanceHousehold' })
const nextCursor = z.string().nullable().describe('Pass as ?after= for the next page of this list; null when no household is left')
const listTotal = z.number().int().min(0)

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
  notVisited90Days: z.array(notVisitedHouseholdSchema).max(COVERAGE_PAGE_SIZE).describe(`The first ${COVERAGE_PAGE_SIZE} households not visited in 90 days, in register order (village, then register reference)`),
  leftAssistanceDue: z.array(leftAssistanceHouseholdSchema).max(COVERAGE_PAGE_SIZE).describe(`The first ${COVERAGE_PAGE_SIZE} households that left assistance in the last year, in register order`),
  totals: z.object({
    notVisited90Days: listTotal.describe('every household of the area not visited in 90 days; notVisited90Days holds the first page of them'),
    leftAssistanceDue: listTotal.describe('every household of the area that left assistance in the last year; leftAssistanceDue holds the first page of them'),
  }).describe('How many households each list has in all (the two lists are counted as of today, whatever the quarter)'),
  next: z.object({
    notVisited90Days: nextCursor,
    leftAssistanceDue: nextCursor,
  }),
}).meta({ id: 'VisitCoverage' })

/**
 * GET /api/staff/visits/coverage/not-visited and /left-assistance: one page of a list, in the
 * same register order. `after` is the `next` of the page before (the householdId of its last
 * household, a household of the staff member's area: 400 otherwise); without it, the first page.
 */
export const coverageListQuery = z.object({
  after: z.uuid().optional().describe('the `next` of the page before; omitted: the first page'),
})
export const notVisitedPageSchema = z.object({
  households: z.array(notVisitedHouseholdSchema).max(COVERAGE_PAGE_SIZE),
  total: listTotal.describe('every household of the list, as of this answer'),
  next: nextCursor,
}).meta({ id: 'NotVisitedPage' })
export const leftAssistancePageSchema = z.object({
  households: z.array(leftAssistanceHouseholdSchema).max(COVERAGE_PAGE_SIZE),
  total: listTotal.describe('every household of the list, as of this answer'),
  next: nextCursor,
}).meta({ id: 'LeftAssistancePage' })

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
