import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Lang } from '../../../src/domain/lang'
import type { NeedAction } from '../../../src/domain/needs/state'
import type { NeedChange, NeedListRow } from '../../db/repos/needs'
import type { User } from '../../db/repos/users'
import type { RouteContext } from '../context'
import { randomUUID } from 'node:crypto'
import { sniffImageType } from '../../../src/domain/application/attachments'
import { MAX_ATTACHMENT_BYTES } from '../../../src/domain/application/limits'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { confirmBody, deliverBody, fieldNeedsResponse, moderateBody, needDetailSchema, needInputSchema, needListResponse, needParams, needSchema, staffNeedsQuery } from '../../../src/domain/needs/api'
import { transition } from '../../../src/domain/needs/state'
import { JPEG_DATA_URL_PREFIX } from '../../../src/domain/photo'
import { areaContains, FIELD_ROLES } from '../../../src/domain/roles'
import { needActionKey, needStatusKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'
import { writeAudit } from '../../db/repos/audit'
import { changeNeed, eventsOfNeeds, findNeedRow, headNames, householdOfCodeRef, insertNeed, needsClaimedBy, needsInArea, needsOfHousehold, openNeedsInAreas, photosOfNeed } from '../../db/repos/needs'
import { fieldAreasOf, inAreas } from '../../db/repos/visits'
import { AppError, forbidden, notFound } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { residentHousehold } from '../../services/applications/access'
import { resolveHouseholdToken } from '../../services/household-code/resolve'
import { actorOf, needView } from '../../services/needs/views'
import { notifyHousehold } from '../../services/notify/notify-household'

// Small needs (微心愿, issue #6): a household posts a need (itself, or through a visiting volunteer
// with its happiness code), volunteers of the area see it and one claims it, delivers it, and the
// household confirms and rates. Staff moderate. Every step is a row of the need's timeline.

/** A need's words in a notification: the start of its description. */
const NOTIFIED_DESCRIPTION_CHARS = 20
/** Steps the household hears about at once: someone took their need on, and it was delivered. */
const NOTIFIED: Partial<Record<NeedAction, string>> = { claim: 'need_claimed', deliver: 'need_delivered' }

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema }
const BASE64 = /^[A-Z0-9+/]+={0,2}$/i

/** A photo must really be a JPEG of at most 500 KB, whatever the data URL says. */
function checkedPhoto(photo: string | undefined): string | null {
  if (photo === undefined)
    return null
  const base64 = photo.slice(JPEG_DATA_URL_PREFIX.length)
  const bytes = BASE64.test(base64) ? Buffer.from(base64, 'base64') : Buffer.alloc(0)
  if (bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BYTES || sniffImageType(bytes) !== 'image/jpeg')
    throw new AppError(400, 'invalid_photo', {}, 'photo')
  return photo
}

/** Why a step is refused, in plain words: who may do it, or what state the need is in. */
function refusal(reason: 'role' | 'party' | 'state', row: NeedListRow, action: NeedAction, lang: Lang): AppError {
  if (reason === 'role')
    return forbidden()
  if (reason === 'party')
    return new AppError(403, 'forbidden', {}, undefined, 'need_not_claimer')
  if (action === 'claim' && row.claimed_by !== null)
    return new AppError(409, 'conflict', {}, undefined, 'need_already_claimed')
  return new AppError(409, 'conflict', {
    state: translate(lang, needStatusKey(row.status)),
    step: translate(lang, needActionKey(action)),
  }, undefined, 'need_invalid_transition')
}

/** What a step writes besides the status: fields of the need, and the note, rating or photo of its timeline step. */
interface Extra {
  set?: Partial<NeedChange['set']>
  note?: string | null
  rating?: number | null
  photo?: string | null
}

export function needRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  /** Reads the timelines and head names of these needs (two queries), then views any of them. */
  async function viewMaker(rows: NeedListRow[], viewer: User) {
    const [events, heads] = await Promise.all([eventsOfNeeds(k, rows.map(r => r.id)), headNames(k, rows.map(r => r.household_id))])
    return (r: NeedListRow) => needView(r, events, heads.get(r.household_id) ?? '', viewer)
  }

  async function views(rows: NeedListRow[], viewer: User) {
    const view = await viewMaker(rows, viewer)
    return rows.map(r => view(r))
  }

  async function viewOf(row: NeedListRow, viewer: User) {
    const view = await viewMaker([row], viewer)
    return view(row)
  }

  /**
   * The need if this person may see it, else "not found": residents their household's, volunteers
   * and social workers those they claimed or (not removed) in their areas, staff those of their area.
   */
  async function visibleNeed(user: User, id: string): Promise<NeedListRow> {
    const row = await findNeedRow(k, id)
    if (!row)
      throw notFound()
    const visible = user.role === 'resident'
      ? user.household_id === row.household_id
      : FIELD_ROLES.includes(user.role)
        ? row.claimed_by === user.id || (row.status !== 'removed' && inAreas(await fieldAreasOf(k, user), row.area_code))
        : user.area_code !== null && areaContains(user.area_code, row.area_code)
    if (!visible)
      throw notFound()
    return row
  }

  /** The household a need is posted for: the resident's own, or the one whose code the volunteer scanned. */
  async function householdFor(user: User, token: string | undefined): Promise<string> {
    if (user.role === 'resident') {
      if (token !== undefined)
        throw new AppError(400, 'validation_failed', {}, 'token')
      return (await residentHousehold(db, user)).id
    }
    if (token === undefined)
      throw new AppError(400, 'invalid_household_code', {}, 'token')
    const code = await resolveHouseholdToken(db, token)
    const household = code ? await householdOfCodeRef(k, code.ref) : undefined
    if (!household)
      throw new AppError(400, 'invalid_household_code', {}, 'token')
    if (!inAreas(await fieldAreasOf(k, user), household.area_code))
      throw new AppError(403, 'forbidden', {}, undefined, 'need_outside_area')
    return household.id
  }

  /** Applies one step of the shared rules, compare-and-set, and answers the need as it is now. */
  async function act(request: FastifyRequest, id: string, action: NeedAction, extraOf: Extra | ((row: NeedListRow) => Extra) = {}) {
    const user = signedInUser(request)
    const row = await visibleNeed(user, id)
    const extra = typeof extraOf === 'function' ? extraOf(row) : extraOf
    const result = transition({ status: row.status, statusBeforeRemoval: row.status_before_removal }, action, actorOf(user, row))
    if (!result.ok)
      throw refusal(result.reason, row, action, request.lang)
    const at = new Date().toISOString()
    const changed = await changeNeed(k, row.id, {
      from: row.status,
      fromClaimedBy: row.claimed_by,
      set: { ...extra.set, status: result.status, updated_at: at },
      event: { at, action, status: result.status, actor_id: user.id, actor_role: user.role, actor_organisation: user.organisation, note: extra.note ?? null, rating: extra.rating ?? null, photo: extra.photo ?? null },
    })
    const now = (await findNeedRow(k, row.id))!
    if (!changed) {
      // Someone else moved it first: judge the step again against what it is now.
      const again = transition({ status: now.status, statusBeforeRemoval: now.status_before_removal }, action, actorOf(user, now))
      throw refusal(again.ok ? 'state' : again.reason, now, action, request.lang)
    }
    const code = NOTIFIED[action]
    if (code) {
      const description = Array.from(row.description).slice(0, NOTIFIED_DESCRIPTION_CHARS).join('')
      await notifyHousehold(k, { householdId: row.household_id, applicationId: null, caseId: null, needId: row.id, code, params: { description, organisation: user.organisation }, at })
    }
    return viewOf(now, user)
  }

  return async (app) => {
    app.post('/needs', {
      schema: {
        tags: ['needs'],
        summary: 'Post a small need (微心愿) of the household',
        description: 'Residents post for their own household. Volunteers and social workers post for a household of their area during a visit, naming it by the happiness code token scanned at the door (audited). The photo must be a JPEG of at most 500 KB.',
        body: needInputSchema,
        response: { 201: needSchema, ...errors },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      const { category, description, photo, token } = request.body
      const householdId = await householdFor(user, token)
      const at = new Date().toISOString()
      const id = randomUUID()
      await insertNeed(k, {
        id,
        household_id: householdId,
        category,
        description,
        photo: checkedPhoto(photo),
        status: 'open',
        status_before_removal: null,
        posted_by: user.id,
        posted_by_role: user.role,
        claimed_by: null,
        rating: null,
        comment: null,
        removal_reason: null,
        created_at: at,
        updated_at: at,
      }, user.role === 'resident' ? null : user.organisation)
      if (user.role !== 'resident')
        await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'need_post_for_household', subjectType: 'household', subjectId: householdId, detail: `need=${id}` })
      const view = await viewOf((await findNeedRow(k, id))!, user)
      return reply.code(201).send(view)
    })

    app.get('/needs/mine', {
      schema: { tags: ['needs'], summary: 'The household\'s needs, newest first, each with its timeline', response: { 200: needListResponse, ...errors } },
    }, async (request) => {
      const user = signedInUser(request)
      const household = await residentHousehold(db, user)
      return { needs: await views(await needsOfHousehold(k, household.id), user) }
    })

    app.get('/needs', {
      schema: {
        tags: ['needs'],
        summary: 'For volunteers and social workers: open needs of their areas, and the needs they claimed (audited)',
        description: 'Households are shown by village and masked head name only: no address, phone or ID number.',
        response: { 200: fieldNeedsResponse, ...errors },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const areas = await fieldAreasOf(k, user)
      const [open, claimed] = await Promise.all([openNeedsInAreas(k, areas), needsClaimedBy(k, user.id)])
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'need_list_view', subjectType: 'area', subjectId: areas.join(',') || null, detail: `open=${open.length}; claimed=${claimed.length}` })
      return { open: await views(open, user), claimed: await views(claimed, user) }
    })

    app.get('/needs/:id', {
      schema: { tags: ['needs'], summary: 'One need with its photos and timeline (audited for volunteers and staff)', params: needParams, response: { 200: needDetailSchema, ...errors } },
    }, async (request) => {
      const user = signedInUser(request)
      const row = await visibleNeed(user, request.params.id)
      const view = await viewOf(row, user)
      const photos = await photosOfNeed(k, row.id)
      const events = await eventsOfNeeds(k, [row.id])
      if (user.role !== 'resident')
        await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'need_view', subjectType: 'need', subjectId: row.id })
      return {
        ...view,
        photo: photos.photo,
        eventPhotos: photos.events.map(p => ({ event: events.findIndex(e => Number(e.seq) === p.seq), photo: p.photo })),
      }
    })

    app.post('/needs/:id/claim', {
      schema: { tags: ['needs'], summary: 'Claim an open need of your area; of two claims at once exactly one wins, the other gets 409', params: needParams, response: { 200: needSchema, ...errors } },
    }, async request => act(request, request.params.id, 'claim', { set: { claimed_by: signedInUser(request).id } }))

    app.post('/needs/:id/release', {
      schema: { tags: ['needs'], summary: 'Give a claimed need back: it is open again for the volunteers of the area', params: needParams, response: { 200: needSchema, ...errors } },
    }, async request => act(request, request.params.id, 'release', { set: { claimed_by: null } }))

    app.post('/needs/:id/deliver', {
      schema: { tags: ['needs'], summary: 'Mark a need you claimed as delivered, with a note and an optional photo', params: needParams, body: deliverBody, response: { 200: needSchema, ...errors } },
    }, async (request) => {
      const photo = checkedPhoto(request.body.photo)
      return act(request, request.params.id, 'deliver', { note: request.body.note || null, photo })
    })

    app.post('/needs/:id/confirm', {
      schema: { tags: ['needs'], summary: 'Confirm a delivered need and rate it (1–5 stars, optional comment)', params: needParams, body: confirmBody, response: { 200: needSchema, ...errors } },
    }, async (request) => {
      const { rating, comment } = request.body
      return act(request, request.params.id, 'confirm', { set: { rating, comment: comment || null }, note: comment || null, rating })
    })

    app.post('/needs/:id/cancel', {
      schema: { tags: ['needs'], summary: 'Withdraw a need nobody has claimed yet', params: needParams, response: { 200: needSchema, ...errors } },
    }, async request => act(request, request.params.id, 'cancel'))

    app.get('/staff/needs', {
      schema: { tags: ['needs'], summary: 'All needs of the staff member\'s area, newest first, optionally of one status (audited)', querystring: staffNeedsQuery, response: { 200: needListResponse, ...errors } },
    }, async (request) => {
      const user = signedInUser(request)
      if (!user.area_code)
        throw forbidden()
      const { status } = request.query
      const rows = await needsInArea(k, user.area_code, status)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'need_list_view', subjectType: 'area', subjectId: user.area_code, detail: `status=${status ?? 'all'}; needs=${rows.length}` })
      return { needs: await views(rows, user) }
    })

    app.post('/staff/needs/:id/moderate', {
      schema: { tags: ['needs'], summary: 'Remove a need (with a reason shown to both sides) or restore it to where it was (audited)', params: needParams, body: moderateBody, response: { 200: needSchema, ...errors } },
    }, async (request) => {
      const user = signedInUser(request)
      const { action, reason } = request.body
      let from = ''
      const view = await act(request, request.params.id, action, (row) => {
        from = row.status
        return {
          set: action === 'remove' ? { status_before_removal: row.status, removal_reason: reason } : { status_before_removal: null, removal_reason: null },
          note: reason,
        }
      })
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: `need_${action}`, subjectType: 'need', subjectId: view.id, detail: `from=${from}; to=${view.status}` })
      return view
    })
  }
}
