import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { ContactRequestRow } from '../../db/repos/contact-requests'
import type { RouteContext } from '../context'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { contactRequestBody, contactRequestResponse } from '../../../src/domain/warnings/contact-request'
import { writeAudit } from '../../db/repos/audit'
import { findContactRequest } from '../../db/repos/contact-requests'
import { limitKey, takeAttempt } from '../../db/repos/rate-limits'
import { AppError, rateLimited } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { receiveSignals } from '../../services/warnings/receive'

// "请工作人员联系我" after a self-diagnosis (政策找人, issue #19 1c): the household's request becomes a
// contact_request signal, stored and evaluated like any other (services/warnings/receive.ts), so
// that the rule contact_request puts a warning in the town's queue with its due date. Only the
// suggested item codes come here; the diagnosis' answers stay on the resident's device.

const HOUR_MS = 3_600_000
/**
 * Requests per account and hour. A double tap or a resend is one request but counts as a call;
 * a person asks once or twice after a diagnosis, a few times at most. More is a script filling
 * the town's queue.
 */
export const CONTACT_REQUESTS_PER_HOUR = 10

/** The working days the due date was counted with (the region figure, from the warning's basis). */
function workingDaysOf(row: ContactRequestRow): number | null {
  return row.basis.find(b => b.key === 'warningVerifyWorkingDays')?.value ?? null
}

export function contactRequestRoutes({ db, config }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  return async (app) => {
    app.post('/household/contact-requests', {
      schema: {
        tags: ['household'],
        summary: 'Please contact me: after a self-diagnosis, the household asks the town\'s staff to get in touch, with the items the diagnosis suggested (never its answers). The same requestId again is the same request.',
        body: contactRequestBody,
        response: { 200: contactRequestResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 409: apiErrorSchema, 429: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const householdId = user.household_id
      if (!householdId)
        throw new AppError(403, 'forbidden', {}, undefined, 'household_required')
      const now = new Date()
      const attempt = await takeAttempt(k, { key: limitKey(config.secret, 'contact-request-account', user.id), limit: CONTACT_REQUESTS_PER_HOUR, windowMs: HOUR_MS, now })
      if (!attempt.allowed)
        throw rateLimited(attempt.retryAfterSeconds)

      const { requestId, items } = request.body
      const counts = await receiveSignals(k, [{
        kind: 'contact_request',
        source: 'resident',
        externalId: requestId,
        householdId,
        occurredAt: now.toISOString(),
        items,
      }], { credentialId: null, importedBy: user.id }, now)
      const stored = await findContactRequest(k, requestId)
      // The id is another household's request: nothing was stored for this one (and nothing of
      // that request is told). Ids are random UUIDs; this is a broken or hostile client.
      if (!stored || stored.household_id !== householdId)
        throw new AppError(409, 'conflict', {}, 'requestId', 'contact_request_id_taken')
      if (counts.inserted > 0)
        await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'contact_request', subjectType: 'household', subjectId: householdId, detail: `items=${items.join(',')}` })

      // A warning staff already closed (the same day's earlier request, decided since) waits on nobody.
      const waiting = stored.due_on !== null && (stored.warning_status === 'open' || stored.warning_status === 'referred')
      return {
        requestId,
        receivedAt: stored.received_at,
        dueOn: waiting ? stored.due_on : null,
        workingDays: waiting ? workingDaysOf(stored) : null,
      }
    })
  }
}
