import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { createHandoffBody, createHandoffResponse, handoffStatusResponse, redeemHandoffBody, redeemHandoffResponse } from '../../../src/domain/handoff/api'
import { carriesApplication, HANDOFF_MAX_SIGNED_IN_PAYLOAD_CHARS, isTypedDraftOf, packCarried, unpackCarried } from '../../../src/domain/handoff/carried'
import { HANDOFF_MAX_PAYLOAD_CHARS, HANDOFF_MAX_PER_ADDRESS } from '../../../src/domain/handoff/targets'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { writeAudit } from '../../db/repos/audit'
import { cancelHandoff, createHandoff, handoffStatus, liveHandoffsFrom, redeemHandoff } from '../../db/repos/handoffs'
import { createSession, deleteSessionById } from '../../db/repos/sessions'
import { AppError, rateLimited } from '../../errors'
import { SESSION_COOKIE, setSessionCookie } from '../../plugins/session'
import { keyedHash, sha256 } from '../../security'

const errors = { 400: apiErrorSchema, 403: apiErrorSchema, 410: apiErrorSchema, 429: apiErrorSchema }

/**
 * Kiosk → phone hand-off (issue #7). The kiosk asks for a one-time token and shows it as a QR;
 * the phone that scans it continues the same screen: signed in as the kiosk's resident (whose
 * application draft is on the server already, once a household is bound) and with everything
 * typed on that screen (self-diagnosis answers, the draft of a resident not bound yet, the
 * screen's forms). The kiosk's session ends at that moment, and the kiosk, seeing `redeemed`,
 * wipes itself.
 *
 * Why a session moves with the QR: an elderly resident at a kiosk should not have to sign in
 * again by SMS to carry on. The QR only appears when the resident asks for it, works once and
 * for three minutes, and the kiosk shows at once that it was taken.
 */
export function handoffRoutes({ db, config }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely
  return async (app) => {
    app.post('/handoffs', {
      schema: {
        tags: ['kiosk'],
        summary: 'Make a one-time QR token to continue this screen on a phone',
        body: createHandoffBody,
        response: { 200: createHandoffResponse, ...errors },
      },
    }, async (request) => {
      const user = request.user
      // Staff and volunteers do not hand their sessions around; a kiosk is for residents.
      if (user && user.role !== 'resident')
        throw new AppError(403, 'forbidden')
      // Made without signing in: a cap per address keeps a flood of QR codes (and carried
      // answers) out of the database; the oldest expires within HANDOFF_TTL_SECONDS.
      const ipHash = keyedHash(config.secret, request.ip)
      const live = await liveHandoffsFrom(k, ipHash)
      if (live.count >= HANDOFF_MAX_PER_ADDRESS)
        throw rateLimited(Math.max(1, Math.ceil((Date.parse(live.oldestExpiresAt!) - Date.now()) / 1000)))
      const sessionToken = request.cookies[SESSION_COOKIE]
      const { target, diagnosis, application, forms } = request.body
      // An application draft goes only to its resident's phone: the phone signs in as them.
      if (application !== undefined && (!user || !carriesApplication(target)))
        throw new AppError(400, 'validation_failed', {}, 'application')
      // Only the target screen's own forms: nothing else the kiosk kept reaches the phone.
      if (forms && Object.keys(forms).some(key => !isTypedDraftOf(target, key)))
        throw new AppError(400, 'validation_failed', {}, 'forms')
      const payload = packCarried({ diagnosis, application, forms })
      if (payload !== null && payload.length > (user ? HANDOFF_MAX_SIGNED_IN_PAYLOAD_CHARS : HANDOFF_MAX_PAYLOAD_CHARS))
        throw new AppError(400, 'validation_failed', {}, forms ? 'forms' : 'diagnosis')
      return createHandoff(k, {
        ipHash,
        userId: user?.id ?? null,
        sessionId: user && sessionToken ? sha256(sessionToken) : null,
        target,
        payload,
      })
    })

    app.get('/handoffs/:id', {
      schema: {
        tags: ['kiosk'],
        summary: 'Whether a phone has taken the hand-off (the kiosk asks every few seconds)',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: handoffStatusResponse, 400: apiErrorSchema },
      },
    }, async request => ({ status: await handoffStatus(k, request.params.id) }))

    app.delete('/handoffs/:id', {
      schema: {
        tags: ['kiosk'],
        summary: 'Withdraw a hand-off no phone has taken (the kiosk closed the QR or is being wiped)',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: z.object({ cancelled: z.boolean() }), 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request) => {
      const sessionToken = request.cookies[SESSION_COOKIE]
      const cancelled = await cancelHandoff(k, request.params.id, {
        sessionId: sessionToken ? sha256(sessionToken) : null,
        ipHash: keyedHash(config.secret, request.ip),
      })
      if (cancelled === null)
        throw new AppError(404, 'not_found')
      return { cancelled }
    })

    app.post('/handoffs/redeem', {
      schema: {
        tags: ['kiosk'],
        summary: 'Take a hand-off on the phone (once): signs in as the kiosk\'s resident and returns the screen and answers',
        body: redeemHandoffBody,
        response: { 200: redeemHandoffResponse, ...errors },
      },
    }, async (request, reply) => {
      const taken = await redeemHandoff(k, request.body.token)
      if (taken.outcome !== 'ok')
        throw new AppError(410, taken.outcome === 'used' ? 'handoff_used' : 'handoff_expired')

      let signedIn = false
      if (taken.userId) {
        const session = await createSession(k, taken.userId, config.sessionTtlHours)
        setSessionCookie(reply, session.token, session.expiresAt, config.secureCookies)
        signedIn = true
        await writeAudit(k, { actorId: taken.userId, actorRole: 'resident', action: 'login', subjectType: 'user', subjectId: taken.userId, detail: 'kiosk_handoff' })
      }
      // The kiosk's session ends now: the person has left it, whatever the kiosk does next.
      if (taken.sessionId)
        await deleteSessionById(k, taken.sessionId)
      const carried = unpackCarried(taken.payload)
      // An application draft travels with its resident's session only (checked when made, too).
      if (!signedIn)
        delete carried.application
      return { target: taken.target, ...carried, signedIn }
    })
  }
}
