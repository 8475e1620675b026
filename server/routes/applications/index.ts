import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { sniffImageType } from '../../../src/domain/application/attachments'
import { answerBody, applicationListResponse, applicationStartResponse, attachmentParams, attachmentSchema, attachmentUploadBody, draftBody, draftResponse, draftSavedResponse, ENQUIRY_MAX_PER_HOUR, ENQUIRY_WINDOW_MS, enquiryBody, enquiryResponse, ID_SUFFIX_LENGTH, idParams, MAX_DRAFT_BYTES, withdrawBody } from '../../../src/domain/application/resident-api'
import { applicationInputSchema, applicationViewSchema, caseViewSchema, MAX_ATTACHMENT_BYTES, MAX_MEMBERS, MAX_SIGNATURE_BYTES } from '../../../src/domain/application/schemas'
import { relationToApplicant } from '../../../src/domain/application/standing'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { ageFromIdNumber, sexFromIdNumber } from '../../../src/domain/id-number'
import { resolveRegion } from '../../../src/domain/regions'
import { itemNameKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'
import { deleteDraft, findApplication, findApplicationByKey, findApplicationByNumber, findDraft, householdApplications, isHouseholdMember, registeredMembers, saveDraft } from '../../db/repos/applications'
import { areaNames } from '../../db/repos/areas'
import { attachmentData, findAttachmentMeta, firstUnusableAttachment, insertAttachment, unattachedUploadsSince } from '../../db/repos/attachments'
import { writeAudit } from '../../db/repos/audit'
import { caseInScope, casesOfApplication, casesOfApplications } from '../../db/repos/cases'
import { limitKey, refundAttempt, takeAttempt } from '../../db/repos/rate-limits'
import { heldItems } from '../../db/repos/standing'
import { AppError, notFound, rateLimited } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { residentCase, residentHousehold, staffScope } from '../../services/applications/access'
import { applicationView, applicationViews, caseView, departmentName, inItemOrder } from '../../services/applications/views'
import { actOnCase, answerRequest, createApplication } from '../../services/applications/workflow'

/** Applications listed at once: a household has a handful; the cap keeps one answer bounded. */
const LIST_LIMIT = 50
/** An application may carry a signature per adult: allow them all, well above the 2 MB default. */
const APPLICATION_BODY_LIMIT = 1024 * 1024 + Math.ceil(MAX_SIGNATURE_BYTES * 4 / 3) * MAX_MEMBERS
/** A photo of at most 500 KB is about 683 KB in base64. */
const ATTACHMENT_BODY_LIMIT = 1024 * 1024
/**
 * Photos a household may hold unused (uploaded within a day, not part of an application): an
 * application needs a handful, so this only stops filling the database with orphans.
 */
export const UNATTACHED_UPLOADS_PER_DAY = 20
const UPLOAD_WINDOW_MS = 24 * 60 * 60_000
const MS_PER_MINUTE = 60_000

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema }

export function applicationRoutes({ db, config }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely
  return async (app) => {
    // ── attachments ──────────────────────────────────────────────────────────
    app.post('/attachments', {
      bodyLimit: ATTACHMENT_BODY_LIMIT,
      schema: {
        tags: ['applications'],
        summary: 'Upload a photo of a document (JPEG, PNG or WebP, at most 500 KB)',
        description: 'The bytes must be of the declared type (checked by their signature). The photo belongs to the household until an application or an answer uses it. At most 20 unused photos per household within a day (429 with the minutes to wait).',
        body: attachmentUploadBody,
        response: { 201: attachmentSchema, ...errors, 413: apiErrorSchema, 429: apiErrorSchema },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      const household = await residentHousehold(db, user)
      // Counted, then stored: uploads at the same moment may pass the quota by a few, which is
      // harmless; what matters is that a script cannot fill the database with unused photos.
      const now = Date.now()
      const unattached = await unattachedUploadsSince(k, household.id, new Date(now - UPLOAD_WINDOW_MS).toISOString())
      if (unattached.count >= UNATTACHED_UPLOADS_PER_DAY) {
        const minutes = Math.max(1, Math.ceil((Date.parse(unattached.oldest!) + UPLOAD_WINDOW_MS - now) / MS_PER_MINUTE))
        throw new AppError(429, 'rate_limited', { minutes, max: UNATTACHED_UPLOADS_PER_DAY }, undefined, 'upload_quota')
      }
      const { type, data } = request.body
      const bytes = Buffer.from(data, 'base64')
      if (bytes.length === 0 || bytes.length > MAX_ATTACHMENT_BYTES)
        throw new AppError(400, 'invalid_attachment', {}, 'data')
      if (sniffImageType(bytes) !== type)
        throw new AppError(400, 'invalid_attachment', {}, 'type')
      const id = randomUUID()
      // Stored re-encoded from the decoded bytes: what is served is exactly what was checked.
      await insertAttachment(k, { id, user_id: user.id, household_id: household.id, application_id: null, type, size: bytes.length, data: bytes.toString('base64'), created_at: new Date().toISOString() })
      return reply.status(201).send({ id, type, size: bytes.length })
    })

    app.get('/attachments/:id', {
      schema: {
        tags: ['applications'],
        summary: 'The bytes of an uploaded photo (the household\'s own; staff of a case that uses it, audited)',
        params: attachmentParams,
        response: { 200: z.any().describe('image/jpeg, image/png or image/webp'), 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      const meta = await findAttachmentMeta(k, request.params.id)
      if (!meta)
        throw notFound()
      if (user.role === 'resident') {
        if (meta.household_id !== user.household_id)
          throw notFound()
      }
      else {
        const scope = staffScope(user)
        const visible = meta.application_id ? (await casesOfApplication(k, meta.application_id)).find(c => caseInScope(c, scope)) : undefined
        if (!visible)
          throw notFound()
        await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'attachment_view', subjectType: 'case', subjectId: visible.id, detail: `attachment=${meta.id}` })
      }
      const data = await attachmentData(k, meta.id)
      return reply
        .header('Content-Type', meta.type)
        .header('Cache-Control', 'private, no-store')
        .header('X-Content-Type-Options', 'nosniff')
        .send(Buffer.from(data ?? '', 'base64'))
    })

    // ── what the form starts from ────────────────────────────────────────────
    app.get('/application-start', {
      schema: {
        tags: ['applications'],
        summary: 'What the application form starts from: the registry\'s members of the bound household and the items it already holds',
        description: 'Members come with their full ID numbers (the household\'s own data; the form shows them masked), ages and sexes from the ID numbers, and relations to the signed-in member (the head when older bindings do not say who that is). An item the household receives or has an undecided case for cannot be applied for again (409 on submit).',
        response: { 200: applicationStartResponse, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const household = await residentHousehold(db, user)
      const registry = await registeredMembers(k, household.id)
      const self = registry.find(r => r.id_number_hash === user.member_id_hash) ?? registry.find(r => r.is_head === 1) ?? registry[0]
      const selfRelation = self?.relation ?? 'self'
      const now = new Date()
      const registered = registry
        .map(r => ({
          name: r.name,
          idNumber: r.id_number,
          relation: r === self ? 'self' as const : relationToApplicant(selfRelation, r.relation),
          age: ageFromIdNumber(r.id_number, now),
          sex: sexFromIdNumber(r.id_number),
          isHead: r.is_head === 1,
          isSelf: r === self,
        }))
        .sort((a, b) => Number(b.isSelf) - Number(a.isSelf))
      return { registered, standing: await heldItems(k, household.id, now) }
    })

    // ── server copy of the form draft ────────────────────────────────────────
    app.get('/application-draft', {
      schema: { tags: ['applications'], summary: 'The signed-in resident\'s saved application draft', response: { 200: draftResponse, 401: apiErrorSchema, 403: apiErrorSchema } },
    }, async (request) => {
      const row = await findDraft(k, signedInUser(request).id)
      return row ? { draft: JSON.parse(row.draft) as unknown, savedAt: row.saved_at } : { draft: null, savedAt: null }
    })

    app.put('/application-draft', {
      schema: {
        tags: ['applications'],
        summary: 'Save the application draft (any JSON up to 256 KB) as the resident types',
        body: draftBody,
        response: { 200: draftSavedResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const text = JSON.stringify(request.body.draft)
      if (Buffer.byteLength(text) > MAX_DRAFT_BYTES)
        throw new AppError(400, 'validation_failed', {}, 'draft')
      const savedAt = new Date().toISOString()
      await saveDraft(k, signedInUser(request).id, text, savedAt)
      return { savedAt }
    })

    app.delete('/application-draft', {
      schema: { tags: ['applications'], summary: 'Forget the saved draft', response: { 200: draftResponse, 401: apiErrorSchema, 403: apiErrorSchema } },
    }, async (request) => {
      await deleteDraft(k, signedInUser(request).id)
      return { draft: null, savedAt: null }
    })

    // ── applications ─────────────────────────────────────────────────────────
    app.post('/applications', {
      bodyLimit: APPLICATION_BODY_LIMIT,
      schema: {
        tags: ['applications'],
        summary: 'Apply for one or more items at once (一证通办)',
        description: 'One case per item, routed by the routing table to the department at the town of the household registration. Sending the same idempotencyKey again returns the same application (200) and never makes a second one. Every adult member must sign the authorisation for the economic check.',
        body: applicationInputSchema,
        response: { 200: applicationViewSchema, 201: applicationViewSchema, ...errors, 413: apiErrorSchema },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      const household = await residentHousehold(db, user)
      const input = request.body
      const existing = await findApplicationByKey(k, user.id, input.idempotencyKey)
      if (existing)
        return reply.status(200).send(await applicationView(db, existing, request.lang))

      if (!(await isHouseholdMember(k, household.id, input.applicant.idNumber)))
        throw new AppError(403, 'forbidden', {}, undefined, 'applicant_not_in_household')
      if (!resolveRegion(input.applicant.region))
        throw new AppError(400, 'validation_failed', {}, 'applicant.region')
      const unusable = await firstUnusableAttachment(k, input.attachmentIds, household.id)
      if (unusable >= 0)
        throw new AppError(400, 'invalid_attachment', {}, `attachmentIds.${unusable}`)

      let created
      try {
        created = await createApplication(db, { input, user, householdId: household.id, householdArea: household.area_code })
      }
      catch (error) {
        // Two copies of one submit raced: the other one made the application.
        const raced = await findApplicationByKey(k, user.id, input.idempotencyKey)
        if (!raced)
          throw error
        return reply.status(200).send(await applicationView(db, raced, request.lang))
      }
      return reply.status(201).send(await applicationView(db, created, request.lang))
    })

    app.get('/applications', {
      schema: { tags: ['applications'], summary: 'The household\'s applications with every item\'s timeline, newest first', response: { 200: applicationListResponse, 401: apiErrorSchema, 403: apiErrorSchema } },
    }, async (request) => {
      const household = await residentHousehold(db, signedInUser(request))
      const rows = await householdApplications(k, household.id, LIST_LIMIT)
      return { applications: await applicationViews(db, rows, request.lang) }
    })

    app.get('/applications/:id', {
      schema: { tags: ['applications'], summary: 'One application of the household', params: idParams, response: { 200: applicationViewSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema } },
    }, async (request) => {
      const row = await findApplication(k, request.params.id)
      if (!row || row.household_id !== signedInUser(request).household_id)
        throw notFound()
      return applicationView(db, row, request.lang)
    })

    app.post('/cases/:id/withdraw', {
      schema: {
        tags: ['applications'],
        summary: 'Withdraw one item before it is decided',
        params: idParams,
        body: withdrawBody,
        response: { 200: caseViewSchema, ...errors },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const c = await residentCase(db, user, request.params.id)
      const updated = await actOnCase(db, c, { action: 'withdraw', actor: 'resident', user, note: request.body.note ?? null })
      return caseView(db, updated, request.lang)
    })

    app.post('/cases/:id/answer', {
      schema: {
        tags: ['applications'],
        summary: 'Answer a request for more information (text and photos); the case goes back where it was',
        params: idParams,
        body: answerBody,
        response: { 200: caseViewSchema, ...errors },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const c = await residentCase(db, user, request.params.id)
      const ids = request.body.attachmentIds ?? []
      const unusable = await firstUnusableAttachment(k, ids, c.household_id)
      if (unusable >= 0)
        throw new AppError(400, 'invalid_attachment', {}, `attachmentIds.${unusable}`)
      const updated = await answerRequest(db, c, user, request.body.text, ids)
      return caseView(db, updated, request.lang)
    })

    // ── enquiry without an account (village kiosk) ───────────────────────────
    app.post('/enquiry', {
      schema: {
        tags: ['applications'],
        summary: 'Progress of an application by its number and the last 6 characters of the applicant\'s ID; status only',
        description: `No sign-in. ${ENQUIRY_MAX_PER_HOUR} failed look-ups per hour per address (a found application does not count). A wrong pair and an unknown number get the same 404.`,
        body: enquiryBody,
        response: { 200: enquiryResponse, 400: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 429: apiErrorSchema },
      },
    }, async (request) => {
      // Counted before the look-up (20 parallel guesses count as 20), given back when it found the
      // application: only failed look-ups use up the limit, so a village kiosk or a family's shared
      // Wi-Fi is not locked out by people who typed their numbers right.
      const limit = limitKey(config.secret, 'enquiry-address', request.ip)
      const attempt = await takeAttempt(k, { key: limit, limit: ENQUIRY_MAX_PER_HOUR, windowMs: ENQUIRY_WINDOW_MS, now: new Date() })
      if (!attempt.allowed)
        throw rateLimited(attempt.retryAfterSeconds)

      const { number, idSuffix } = request.body
      const row = await findApplicationByNumber(k, number)
      if (!row || row.applicant_id_number.slice(-ID_SUFFIX_LENGTH) !== idSuffix)
        throw notFound()
      await refundAttempt(k, limit)
      const cases = await casesOfApplications(k, [row.id])
      const towns = await areaNames(k, cases.map(c => c.town_code))
      const lang = request.lang
      return {
        number: row.number,
        submittedAt: row.created_at,
        cases: inItemOrder(cases).map(c => ({
          itemName: translate(lang, itemNameKey(c.item)),
          departmentName: departmentName(lang, c.department),
          townName: towns.get(c.town_code) ?? c.town_code,
          status: c.status,
          updatedAt: c.updated_at,
          dueAt: c.due_at,
        })),
      }
    })
  }
}
