import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { passwordLoginBody, sessionResponse, smsRequestBody, smsRequestResponse, smsVerifyBody } from '../../../src/domain/http/auth'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { SMS_CODE_LENGTH } from '../../../src/domain/sms-code'
import { writeAudit } from '../../db/repos/audit'
import { cancelHandoffsOfSession } from '../../db/repos/handoffs'
import { limitKey, refundAttempt, resetAttempts, takeAttempt } from '../../db/repos/rate-limits'
import { createSession, deleteSession } from '../../db/repos/sessions'
import { consumeCode, insertSmsCode, latestOpenCode, takeCodeAttempt } from '../../db/repos/sms-codes'
import { findOrCreateResident, findUserByUsername } from '../../db/repos/users'
import { AppError, rateLimited } from '../../errors'
import { clearSessionCookie, rotateCsrfToken, SESSION_COOKIE, setSessionCookie } from '../../plugins/session'
import { hashPassword, keyedHash, numericCode, randomToken, safeEqual, sha256, verifyPassword } from '../../security'
import { toSessionUser } from '../../services/auth/session-user'
import { LOGIN_FAILURE_WINDOW_MINUTES, LOGIN_MAX_FAILURES, LOGIN_MAX_PER_ADDRESS, LOGIN_SLOW_PER_ADDRESS, LOGIN_USERNAME_CEILING, LOGIN_USERNAME_WINDOW_MINUTES, SMS_CODE_TTL_SECONDS, SMS_MAX_ATTEMPTS, SMS_RESEND_AFTER_SECONDS, smsSendRules } from '../../services/auth/sms-policy'

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 429: apiErrorSchema }

/**
 * An unknown username is checked against this hash of a random password, so that it costs the same
 * scrypt as a known one: the answer's timing does not tell which usernames exist.
 */
let dummyHash: Promise<string> | undefined
const dummyPasswordHash = () => dummyHash ??= hashPassword(randomToken())

export function authRoutes({ db, adapters, config }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely
  const codeHash = (phone: string, code: string) => keyedHash(config.secret, `${phone}:${code}`)

  return async (app) => {
    app.get('/session', {
      schema: { tags: ['account'], summary: 'Who is signed in on this browser', response: { 200: sessionResponse, 400: apiErrorSchema } },
    }, async request => ({ user: request.user ? await toSessionUser(db, request.user) : null }))

    app.post('/auth/sms/request', {
      schema: {
        tags: ['account'],
        summary: 'Send a one-time sign-in code to a mobile number',
        body: smsRequestBody,
        response: { 200: smsRequestResponse, ...errors },
      },
    }, async (request) => {
      const { phone } = request.body
      const now = new Date()
      const ipHash = keyedHash(config.secret, request.ip)
      // Counted before anything is sent, atomically: 20 requests at once cannot slip past a limit.
      for (const rule of smsSendRules(config.secret, phone, request.ip)) {
        const attempt = await takeAttempt(k, { ...rule, now })
        if (!attempt.allowed)
          throw rateLimited(attempt.retryAfterSeconds)
      }

      const code = numericCode(SMS_CODE_LENGTH)
      await insertSmsCode(k, { phone, codeHash: codeHash(phone, code), ipHash, now, expiresAt: new Date(now.getTime() + SMS_CODE_TTL_SECONDS * 1000) })
      await adapters.sms.send(phone, { template: 'sign_in_code', params: { code, minutes: SMS_CODE_TTL_SECONDS / 60 } })
      return { sent: true as const, resendAfterSeconds: SMS_RESEND_AFTER_SECONDS, expiresInSeconds: SMS_CODE_TTL_SECONDS }
    })

    app.post('/auth/sms/verify', {
      schema: {
        tags: ['account'],
        summary: 'Sign in (or sign up) a resident with the code sent by SMS',
        body: smsVerifyBody,
        response: { 200: sessionResponse, ...errors },
      },
    }, async (request, reply) => {
      const { phone, code } = request.body
      const now = new Date()
      const open = await latestOpenCode(k, phone)
      if (!open || open.expires_at <= now.toISOString())
        throw new AppError(400, 'sms_code_expired', {}, 'code')
      // The try is counted before the code is compared: parallel guesses cannot exceed the limit.
      const attempt = await takeCodeAttempt(k, open.id, SMS_MAX_ATTEMPTS)
      if (attempt === null)
        throw new AppError(429, 'sms_code_locked', {}, 'code')
      if (!safeEqual(open.code_hash, codeHash(phone, code))) {
        const left = SMS_MAX_ATTEMPTS - attempt
        throw left > 0 ? new AppError(400, 'sms_code_wrong', { left }, 'code') : new AppError(429, 'sms_code_locked', {}, 'code')
      }
      if (!(await consumeCode(k, open.id, now)))
        throw new AppError(400, 'sms_code_expired', {}, 'code')

      const user = await findOrCreateResident(k, phone)
      const session = await createSession(k, user.id, config.sessionTtlHours)
      setSessionCookie(reply, session.token, session.expiresAt, config.secureCookies)
      rotateCsrfToken(reply, config.secureCookies)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'login', subjectType: 'user', subjectId: user.id, detail: 'sms' })
      return { user: await toSessionUser(db, user) }
    })

    app.post('/auth/login', {
      schema: {
        tags: ['account'],
        summary: 'Sign in a volunteer, social worker or staff member with username and password',
        body: passwordLoginBody,
        response: { 200: sessionResponse, ...errors },
      },
    }, async (request, reply) => {
      const { username, password } = request.body
      const now = new Date()
      // Every attempt is counted before the password is checked (see sms-policy.ts for the design).
      // Keys are keyed hashes: people type phone or ID numbers into the username field.
      const windowMs = LOGIN_FAILURE_WINDOW_MINUTES * 60_000
      const byAddress = limitKey(config.secret, 'login-address', request.ip)
      const byUserAddress = limitKey(config.secret, 'login-user-address', username, request.ip)
      const byUser = limitKey(config.secret, 'login-user', username)
      const slowLane = limitKey(config.secret, 'login-slow', username, request.ip)
      for (const [key, limit] of [[byAddress, LOGIN_MAX_PER_ADDRESS], [byUserAddress, LOGIN_MAX_FAILURES]] as const) {
        const taken = await takeAttempt(k, { key, limit, windowMs, now })
        if (!taken.allowed)
          throw rateLimited(taken.retryAfterSeconds)
      }
      const overall = await takeAttempt(k, { key: byUser, limit: LOGIN_USERNAME_CEILING, windowMs: LOGIN_USERNAME_WINDOW_MINUTES * 60_000, now })
      if (!overall.allowed) {
        const slowed = await takeAttempt(k, { key: slowLane, limit: LOGIN_SLOW_PER_ADDRESS, windowMs, now })
        if (!slowed.allowed)
          throw rateLimited(slowed.retryAfterSeconds)
      }

      const user = await findUserByUsername(k, username)
      const passwordOk = await verifyPassword(password, user?.password_hash ?? await dummyPasswordHash())
      if (!user?.password_hash || !passwordOk) {
        // A real account is named by its id; whatever else was typed (a mistyped phone or ID number
        // is personal data) is kept only as a keyed hash, enough to see repeated tries.
        await writeAudit(k, user
          ? { actorId: null, actorRole: null, action: 'login_failed', subjectType: 'user', subjectId: user.id }
          : { actorId: null, actorRole: null, action: 'login_failed', subjectType: 'username_hash', subjectId: keyedHash(config.secret, username) })
        throw new AppError(401, 'login_failed')
      }
      // The right password: this address's tries for this username start afresh; the shared
      // counters get this attempt back (it was no failure) but keep everyone else's failures.
      await resetAttempts(k, byUserAddress)
      await resetAttempts(k, slowLane)
      await refundAttempt(k, byAddress)
      await refundAttempt(k, byUser)
      const session = await createSession(k, user.id, config.sessionTtlHours)
      setSessionCookie(reply, session.token, session.expiresAt, config.secureCookies)
      rotateCsrfToken(reply, config.secureCookies)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'login', subjectType: 'user', subjectId: user.id, detail: 'password' })
      return { user: await toSessionUser(db, user) }
    })

    app.post('/auth/logout', {
      schema: { tags: ['account'], summary: 'Sign out: ends the session on the server', response: { 200: z.object({ user: z.null() }), 403: apiErrorSchema } },
    }, async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE]
      if (token) {
        await cancelHandoffsOfSession(k, sha256(token))
        await deleteSession(k, token)
      }
      if (request.user)
        await writeAudit(k, { actorId: request.user.id, actorRole: request.user.role, action: 'logout', subjectType: 'user', subjectId: request.user.id })
      clearSessionCookie(reply, config.secureCookies)
      rotateCsrfToken(reply, config.secureCookies)
      return { user: null }
    })
  }
}
