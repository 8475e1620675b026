import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { VisitInput } from '../../../src/domain/visits/api'
import type { User } from '../../db/repos/users'
import type { NewVisit, StoredVisit, VisitRow } from '../../db/repos/visits'
import type { RouteContext } from '../context'
import { randomUUID } from 'node:crypto'
import { ADULT_AGE, ageOn, ELDERLY_AGE } from '../../../src/domain/age'
import { decodeToken } from '../../../src/domain/household-code/token'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { maskName } from '../../../src/domain/mask'
import { JPEG_DATA_URL_PREFIX } from '../../../src/domain/photo'
import { shanghaiToday } from '../../../src/domain/time'
import { cardBody, householdCardSchema, householdVisitsResponse, visitInputSchema } from '../../../src/domain/visits/api'
import { myVisitsWithUnconfirmedResponse, visitSentSchema } from '../../../src/domain/visits/confirmation'
import { writeAudit } from '../../db/repos/audit'
import { countVisitorVisits, fieldAreasOf, hasDisabledMember, headNames, householdWithVillage, inAreas, isMemberOf, memberBirthDates, sendContext, unconfirmedVisitsOf, visitsOfHousehold, visitsOfVisitor, withinFieldAreas } from '../../db/repos/visits'
import { AppError, forbidden } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { residentHousehold } from '../../services/applications/access'
import { resolveHouseholdToken, resolveWithFacts, revokedAtScanWithFacts } from '../../services/household-code/resolve'
import { storeVisit } from '../../services/visits/referral'
import { chinaMonthOf, MS_PER_DAY } from '../../services/visits/time'

/** A phone's clock may run a little ahead of the server's. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000
/** Older visits are no longer taken: the outbox syncs within days, not months. */
export const MAX_VISIT_AGE_DAYS = 90
const LAST_VISITS_ON_CARD = 5
const MY_VISITS_LIMIT = 200
const HOUSEHOLD_VISITS_LIMIT = 200
const UNCONFIRMED_LIMIT = 50
const HTTP_ACCEPTED = 202
const JPEG_MAGIC = [0xFF, 0xD8, 0xFF]

const invalidCode = () => new AppError(400, 'invalid_household_code')
const outsideArea = (status: 403 | 404) => new AppError(status, status === 404 ? 'not_found' : 'forbidden', {}, undefined, 'household_outside_area')

/** A visit as the household may see it: who came (role, organisation), when, why. */
export function seenByHousehold(v: Pick<VisitRow, 'id' | 'visited_at' | 'type' | 'visitor_role' | 'organisation'>) {
  return { id: v.id, visitedAt: v.visited_at, type: v.type, visitorRole: v.visitor_role, organisation: v.organisation }
}

function isJpegDataUrl(photo: string): boolean {
  const base64 = photo.slice(JPEG_DATA_URL_PREFIX.length)
  if (!/^[A-Z0-9+/]+={0,2}$/i.test(base64))
    return false
  const head = Buffer.from(base64.slice(0, 8), 'base64')
  return JPEG_MAGIC.every((byte, i) => head[i] === byte)
}

/** The visit's time as stored (ISO UTC), or a 400 that says what is wrong with it. */
function checkedVisitedAt(visitedAt: string, now: number): string {
  const at = Date.parse(visitedAt)
  if (at > now + MAX_CLOCK_SKEW_MS)
    throw new AppError(400, 'invalid_visit_time', {}, 'visitedAt', 'visit_in_future')
  if (at < now - MAX_VISIT_AGE_DAYS * MS_PER_DAY)
    throw new AppError(400, 'invalid_visit_time', { days: MAX_VISIT_AGE_DAYS }, 'visitedAt', 'visit_too_old')
  return new Date(at).toISOString()
}

/**
 * The visitor's side of care visits: the household card after a scan, logging a visit (offline
 * first: idempotent by clientId), the visitor's own history; and the household's "谁来看过我".
 */
export function fieldVisitRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  function visitRow(user: User, householdId: string, input: VisitInput, visitedAt: string): NewVisit {
    // Never true: the permission table lets only field workers and staff log a visit.
    if (user.role === 'resident')
      throw forbidden()
    return {
      id: randomUUID(),
      client_id: input.clientId,
      household_id: householdId,
      visitor_id: user.id,
      visitor_role: user.role,
      organisation: user.organisation ?? '',
      type: input.type,
      visited_at: visitedAt,
      observations: JSON.stringify(input.observations),
      urgent: input.urgent ? 1 : 0,
      urgent_note: input.urgent ? input.urgentNote : '',
      notes: input.notes,
      photo: input.photo ?? null,
      location: input.location ? { lat: input.location.lat, lng: input.location.lng } : null,
      accuracy: input.location?.accuracyM ?? null,
      created_at: new Date().toISOString(),
      flag_resolved_at: null,
      flag_resolved_by: null,
    }
  }

  /** The answer to a send whose clientId is stored: the stored visit, or 409 when it is someone else's. */
  function storedAnswer(stored: StoredVisit, user: User, created: boolean) {
    if (stored.visitor_id !== user.id)
      throw new AppError(409, 'conflict', {}, 'clientId', 'visit_client_id_taken')
    const status = stored.confirmation === 'pending' ? 'pending_confirmation' as const : stored.confirmation === 'rejected' ? 'rejected' as const : 'accepted' as const
    return { id: stored.id, clientId: stored.client_id, created, status }
  }

  return async (app) => {
    app.post('/visits/card', {
      schema: {
        tags: ['visits'],
        summary: 'The minimal household card after a scan: masked head name, village, member count, flags, last visits (audited)',
        description: 'Only for households in the visitor\'s areas (own area and areas staff assigned). Elsewhere 404: the card tells who lives alone, is old, disabled or a child, which nobody without a duty there should learn; the phone has already verified the code offline and says "not your area". A revoked version is 400: at the door only the current code counts.',
        body: cardBody,
        response: { 200: householdCardSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const code = await resolveHouseholdToken(db, request.body.token)
      if (!code)
        throw invalidCode()
      const household = (await householdWithVillage(k, code.householdId))!
      // Decision (issue #6): staff and field workers of the area only; others get 404 rather
      // than a view-only card. inMyArea stays in the contract and is therefore always true in
      // a 200 today; it would carry a wider, view-only policy without a new shape.
      const inMyArea = inAreas(await fieldAreasOf(k, user), household.area_code)
      if (!inMyArea)
        throw outsideArea(404)
      const members = await memberBirthDates(k, household.id)
      const today = shanghaiToday(new Date())
      const ages = members.filter(m => m.birth_date).map(m => ageOn(m.birth_date, today))
      const [heads, disabled, lastVisits] = await Promise.all([
        headNames(k, [household.id]),
        hasDisabledMember(k, household.id, members.map(m => m.id_number)),
        visitsOfHousehold(k, household.id, LAST_VISITS_ON_CARD),
      ])
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'household_card_view', subjectType: 'household', subjectId: household.id, detail: `version=${code.version}` })
      return {
        ref: code.ref,
        version: code.version,
        maskedHeadName: maskName(heads.get(household.id) ?? ''),
        villageName: household.village_name,
        memberCount: members.length,
        flags: {
          livesAlone: members.length === 1,
          elderly: ages.some(a => a >= ELDERLY_AGE),
          disabled,
          child: ages.some(a => a < ADULT_AGE),
        },
        lastVisits: lastVisits.map(seenByHousehold),
        inMyArea,
      }
    })

    app.post('/visits', {
      schema: {
        tags: ['visits'],
        summary: 'Log a care visit (探访关爱), home survey or service; stored once per clientId however often it is resent',
        description: '201 when this send stored it; 200 with created false for a resend (also a concurrent one). 409 when the clientId is another visitor\'s. The code must have been valid at visitedAt: a version revoked after the visit still counts, but visitedAt may not precede the version\'s issue (back-dating is refused). A genuine code whose version was regenerated BEFORE the visit (the phone checked it offline with an old revocation list) is stored too, answered 202 with status pending_confirmation: it counts nowhere until town 民政 staff confirm it (issue #16). Forged, altered, unknown-key and never-issued codes are 400. visitedAt at most 5 minutes ahead of the server and at most 90 days old. Only for households in the visitor\'s areas (403 elsewhere). A referral (转介) is stored with the visit, in the same transaction and once with it: it raises a warning for the household\'s town staff (with a visit held for confirmation, only once staff confirm the visit; a rejected visit drops it); a resend raises nothing more, and the answer says nothing of the warning (volunteers never see warnings). A referral that names a member of another household is 400, and then nothing is stored.',
        body: visitInputSchema,
        response: { 200: visitSentSchema, 201: visitSentSchema, 202: visitSentSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 409: apiErrorSchema },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      const input = request.body
      const decoded = decodeToken(input.token)
      const ref = decoded.ok ? decoded.payload.ref : null
      // What every check below reads, in one query (issue #18).
      const context = await sendContext(k, { clientId: input.clientId, ref, userId: user.id })
      // A resend is answered from what is stored, before any other check: the code may have been
      // revoked or the visit grown old since the first send, and the answer must stay the same.
      if (context.stored) {
        const answer = storedAnswer(context.stored, user, false)
        reply.status(answer.status === 'pending_confirmation' ? HTTP_ACCEPTED : 200)
        return answer
      }
      const visitedAt = checkedVisitedAt(input.visitedAt, Date.now())
      if (input.photo && !isJpegDataUrl(input.photo))
        throw new AppError(400, 'invalid_photo', {}, 'photo')
      if (ref === null)
        throw invalidCode()
      const facts = { ref, versions: context.versions, keys: context.keys }
      const scan = { scannedAt: visitedAt, clockSkewMs: MAX_CLOCK_SKEW_MS }
      const code = await resolveWithFacts(facts, input.token, scan)
      // Regenerated before the visit: the household is real, only its code changed (issue #16).
      const revoked = code ? null : await revokedAtScanWithFacts(facts, input.token, scan)
      const householdId = code?.householdId ?? revoked?.householdId
      if (!householdId)
        throw invalidCode()
      if (!withinFieldAreas(user, context.householdArea, context.assigned))
        throw outsideArea(403)
      const memberId = input.referral?.memberId
      if (memberId !== undefined && !await isMemberOf(k, householdId, memberId))
        throw new AppError(400, 'validation_failed', {}, 'referral.memberId')
      const row = visitRow(user, householdId, input, visitedAt)
      const stored = await storeVisit(k, row, {
        ...(revoked ? { held: { version: revoked.version, revokedAt: revoked.revokedAt } } : {}),
        ...(input.referral ? { referral: input.referral } : {}),
      })
      const created = stored.id === row.id
      const answer = storedAnswer(stored, user, created)
      if (created && revoked)
        await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'visit_held_for_confirmation', subjectType: 'household', subjectId: householdId, detail: `visit=${row.id}; version=${revoked.version}` })
      reply.status(answer.status === 'pending_confirmation' ? HTTP_ACCEPTED : created ? 201 : 200)
      return answer
    })

    app.get('/visits/mine', {
      schema: {
        tags: ['visits'],
        summary: 'The visitor\'s own visits, newest first (at most 200), how many this month (China time), and those waiting for or refused staff confirmation',
        response: { 200: myVisitsWithUnconfirmedResponse, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const month = chinaMonthOf(new Date())
      const [visits, countThisMonth, unconfirmed] = await Promise.all([
        visitsOfVisitor(k, user.id, MY_VISITS_LIMIT),
        countVisitorVisits(k, user.id, month.from, month.to),
        unconfirmedVisitsOf(k, user.id, UNCONFIRMED_LIMIT),
      ])
      const heads = await headNames(k, [...visits, ...unconfirmed].map(v => v.household_id))
      return {
        visits: visits.map(v => ({
          ...seenByHousehold(v),
          clientId: v.client_id,
          maskedHeadName: maskName(heads.get(v.household_id) ?? ''),
          villageName: v.village_name,
          urgent: Number(v.urgent) === 1,
          referred: v.referral_id !== null,
        })),
        countThisMonth,
        unconfirmed: unconfirmed.map(v => ({
          clientId: v.client_id,
          visitedAt: v.visited_at,
          type: v.type,
          maskedHeadName: maskName(heads.get(v.household_id) ?? ''),
          villageName: v.village_name,
          status: v.status === 'pending' ? 'pending_confirmation' as const : 'rejected' as const,
          decidedAt: v.decided_at,
        })),
      }
    })

    app.get('/household/visits', {
      schema: {
        tags: ['visits'],
        summary: '谁来看过我: the visits to the signed-in resident\'s household, newest first (role, organisation, date, type; never notes or names)',
        response: { 200: householdVisitsResponse, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const household = await residentHousehold(db, signedInUser(request))
      return { visits: (await visitsOfHousehold(k, household.id, HOUSEHOLD_VISITS_LIMIT)).map(seenByHousehold) }
    })
  }
}
