import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { BenefitDepartmentCode, BenefitRecordInput } from '../../../src/domain/happiness-list/record'
import type { FeedCredentialRow } from '../../db/repos/benefits'
import type { Located, LocatedIssue } from '../../services/happiness-list/records'
import type { RouteContext } from '../context'
import { randomUUID } from 'node:crypto'
import { FEED_TOKEN_PREFIX, feedBody, feedCredentialBody, feedCredentialCreated, feedCredentialList, feedCredentialSchema, feedHeaders, feedRejectedSchema, idParams, upsertCounts } from '../../../src/domain/happiness-list/api'
import { checkRecordInput } from '../../../src/domain/happiness-list/record'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { eventCounts, eventFeedBody, eventsRejectedSchema } from '../../../src/domain/warnings/api'
import { writeAudit } from '../../db/repos/audit'
import { findLiveCredentialByHash, insertFeedCredential, listFeedCredentials, revokeFeedCredential, upsertBenefits } from '../../db/repos/benefits'
import { limitKey, takeAttempt } from '../../db/repos/rate-limits'
import { AppError, notFound, rateLimited } from '../../errors'
import { message } from '../../i18n'
import { isBearer, signedInUser } from '../../plugins/session'
import { randomToken, sha256 } from '../../security'
import { issueMessage, resolveRecords } from '../../services/happiness-list/records'
import { receiveSignals, resolveEvents } from '../../services/warnings/receive'

/** 32 random bytes: as strong as a session token. */
const TOKEN_BYTES = 32
/** A full batch of 1,000 records with long references stays well under this. */
const FEED_BODY_LIMIT = 4 * 1024 * 1024

function credentialView(c: FeedCredentialRow) {
  return { id: c.id, department: c.department, name: c.name, createdAt: c.created_at, revokedAt: c.revoked_at }
}

/**
 * Batches a credential may push per minute: a department's nightly sync sends batches of
 * 1,000 records; a leaked or looping client must not keep the database busy.
 */
export const FEED_BATCHES_PER_MINUTE = 120
const MS_PER_MINUTE = 60_000

/**
 * Department feeds: county staff create (and revoke) one credential per outside system; the
 * system pushes batches of records with `Authorization: Bearer <token>`. A batch is stored
 * whole or not at all, and every call is audited without personal data.
 */
export function feedRoutes({ db, config }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  /** The live credential of the Bearer token, within its rate (shared by records and events). */
  async function feedCredential(header: string | undefined): Promise<FeedCredentialRow> {
    const credential = isBearer(header) ? await findLiveCredentialByHash(k, sha256(header.slice('Bearer '.length))) : undefined
    if (!credential)
      throw new AppError(401, 'invalid_feed_credential')
    const attempt = await takeAttempt(k, { key: limitKey(config.secret, 'feed-credential', credential.id), limit: FEED_BATCHES_PER_MINUTE, windowMs: MS_PER_MINUTE, now: new Date() })
    if (!attempt.allowed)
      throw rateLimited(attempt.retryAfterSeconds)
    return credential
  }

  return async (app) => {
    app.post('/staff/feed-credentials', {
      schema: {
        tags: ['happiness-list'],
        summary: 'Create an API credential for a department\'s feed; the token is shown once',
        body: feedCredentialBody,
        response: { 201: feedCredentialCreated, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      const token = `${FEED_TOKEN_PREFIX}${randomToken(TOKEN_BYTES)}`
      const row: FeedCredentialRow = {
        id: randomUUID(),
        department: request.body.department,
        name: request.body.name,
        secret_hash: sha256(token),
        created_by: user.id,
        created_at: new Date().toISOString(),
        revoked_at: null,
      }
      await insertFeedCredential(k, row)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'feed_credential_create', subjectType: 'feed_credential', subjectId: row.id, detail: `department=${row.department}` })
      return reply.status(201).send({ ...credentialView(row), token })
    })

    app.get('/staff/feed-credentials', {
      schema: {
        tags: ['happiness-list'],
        summary: 'The feed credentials (never their tokens)',
        response: { 200: feedCredentialList, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async () => ({ credentials: (await listFeedCredentials(k)).map(credentialView) }))

    app.post('/staff/feed-credentials/:id/revoke', {
      schema: {
        tags: ['happiness-list'],
        summary: 'Revoke a feed credential: its token is refused (401) from now on',
        params: idParams,
        response: { 200: feedCredentialSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const row = await revokeFeedCredential(k, request.params.id, new Date().toISOString())
      if (!row)
        throw notFound()
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'feed_credential_revoke', subjectType: 'feed_credential', subjectId: row.id, detail: `department=${row.department}` })
      return credentialView(row)
    })

    app.post('/feeds/records', {
      bodyLimit: FEED_BODY_LIMIT,
      schema: {
        tags: ['happiness-list'],
        summary: 'A department pushes up to 1,000 benefit records (Authorization: Bearer <token>); at most 120 batches per credential and minute (429 with the wait)',
        description: 'Each record: { externalId, idNumbers[], item, kind, amountFen (integer fen), quantity, unit, period ("YYYY-MM" or "YYYY-MM-DD/YYYY-MM-DD"), paidOn, status, reference }. The department is the credential\'s. Upsert on (department, externalId): a resend never duplicates. A record of an item this system approved (same household, item and department, the approved month within its period) is what makes that month paid: on the list it replaces the approval\'s granted (已核定) month, whichever arrives first. The batch is stored whole, or rejected with 400 and an error per faulty record; nothing is stored then. No session cookie and no CSRF token.',
        headers: feedHeaders,
        body: feedBody,
        response: { 200: upsertCounts, 400: feedRejectedSchema, 401: apiErrorSchema, 413: apiErrorSchema, 429: apiErrorSchema },
      },
    }, async (request, reply) => {
      const credential = await feedCredential(request.headers.authorization)
      const issues: LocatedIssue[] = []
      const valid: Located<BenefitRecordInput & { department: BenefitDepartmentCode }>[] = []
      request.body.records.forEach((raw, at) => {
        const checked = checkRecordInput(raw)
        if (checked.ok)
          valid.push({ at, record: { ...checked.record, department: credential.department } })
        else
          issues.push(...checked.issues.map(i => ({ ...i, at })))
      })
      const resolved = await resolveRecords(k, valid, { source: 'feed', credential_id: credential.id, import_batch_id: null })
      issues.push(...resolved.issues)
      const audit = { actorId: null, actorRole: 'feed', subjectType: 'feed_credential', subjectId: credential.id }
      const count = request.body.records.length
      if (issues.length > 0) {
        issues.sort((a, b) => a.at - b.at)
        await writeAudit(k, { ...audit, action: 'feed_rejected', detail: `department=${credential.department}; count=${count}; errors=${issues.length}` })
        return reply.status(400).send({
          code: 'feed_rejected',
          message: message(request.lang, 'feed_rejected', { count: issues.length }),
          errors: issues.map(i => ({ index: i.at, field: i.field, code: i.code, message: issueMessage(request.lang, i) })),
        })
      }
      const counts = await upsertBenefits(k, resolved.rows)
      await writeAudit(k, { ...audit, action: 'feed_records', detail: `department=${credential.department}; count=${count}; inserted=${counts.inserted}; updated=${counts.updated}; unchanged=${counts.unchanged}` })
      return counts
    })

    app.post('/feeds/events', {
      bodyLimit: FEED_BODY_LIMIT,
      schema: {
        tags: ['warnings'],
        summary: 'A department pushes up to 1,000 events of 政策找人 (Authorization: Bearer <token>); each is evaluated on arrival and may raise a warning for town staff',
        description: 'Each event: { kind, externalId, idNumber (the member\'s 18-character ID number), occurredAt ("YYYY-MM-DD" or an instant with its offset), … }. medical_spending (医保 only): amountFen (self-paid, integer fen), period ("YYYY-MM" or "YYYY-MM-DD/YYYY-MM-DD"); disability_certificate (残联): grade 1-4, category; death (民政); unemployment (人社); student (教育): level, status. The source is the credential\'s department; a kind it may not report is refused (event_not_permitted). An event is stored once per (source, externalId): a resend changes nothing and raises nothing. The batch is stored whole, or rejected with 400 and an error per faulty event; nothing is stored then. Health and death data are stored encrypted.',
        headers: feedHeaders,
        body: eventFeedBody,
        response: { 200: eventCounts, 400: eventsRejectedSchema, 401: apiErrorSchema, 413: apiErrorSchema, 429: apiErrorSchema },
      },
    }, async (request, reply) => {
      const credential = await feedCredential(request.headers.authorization)
      const resolved = await resolveEvents(k, request.body.events.map((raw, at) => ({ at, raw, source: credential.department })))
      const audit = { actorId: null, actorRole: 'feed', subjectType: 'feed_credential', subjectId: credential.id }
      const count = request.body.events.length
      if (resolved.issues.length > 0) {
        const issues = resolved.issues.sort((a, b) => a.at - b.at)
        await writeAudit(k, { ...audit, action: 'feed_events_rejected', detail: `department=${credential.department}; count=${count}; errors=${issues.length}` })
        return reply.status(400).send({
          code: 'feed_rejected',
          message: message(request.lang, 'feed_rejected', { count: issues.length }),
          errors: issues.map(i => ({ index: i.at, field: i.field, code: i.code, message: issueMessage(request.lang, i) })),
        })
      }
      const counts = await receiveSignals(k, resolved.signals, { credentialId: credential.id, importedBy: null })
      await writeAudit(k, { ...audit, action: 'feed_events', detail: `department=${credential.department}; count=${count}; inserted=${counts.inserted}; unchanged=${counts.unchanged}; warnings=${counts.warnings}` })
      return counts
    })
  }
}
