import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { passwordLoginBody, sessionResponse, smsRequestBody, smsRequestResponse, smsVerifyBody } from '../../../src/domain/http/auth'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { SMS_CODE_LENGTH } from '../../../src/domain/sms-code'
import { writeAudit } from '../../db/repos/audit'
import { cancelHandoffsOfSession } from '../../db/repos/handoffs'
import { createSession, deleteSession } from '../../db/repos/sessions'
import { consumeCode, countFailedAttempt, insertSmsCode, latestOpenCode, sentSince } from '../../db/repos/sms-codes'
import { findOrCreateResident, findUserByUsername } from '../../db/repos/users'
import { AppError } from '../../errors'
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../../plugins/session'
import { keyedHash, numericCode, safeEqual, sha256, verifyPassword } from '../../security'
import { toSessionUser } from './session-user'
import { LOGIN_FAILURE_WINDOW_MINUTES, LOGIN_MAX_FAILURES, SMS_CODE_TTL_SECONDS, SMS_MAX_ATTEMPTS, SMS_RESEND_AFTER_SECONDS, smsWaitSeconds } from './sms-policy'

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 429: apiErrorSchema }

export function authRoutes({ db, adapters, config }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely
  const codeHash = (phone: string, code: string) => keyedHash(config.secret, `${phone}:${code}`)

  return async (app) => {
    app.get('/session', {
      schema: { tags: ['account'], summary: 'Who is signed in on this browser', response: { 200: sessionResponse } },
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
      const hourAgo = new Date(now.getTime() - 3_600_000)
      const ipHash = keyedHash(config.secret, request.ip)
      const wait = smsWaitSeconds(now, await sentSince(k, { phone }, hourAgo), await sentSince(k, { ipHash }, hourAgo))
      if (wait > 0)
        throw new AppError(429, 'rate_limited', { seconds: wait })

      const code = numericCode(SMS_CODE_LENGTH)
      await insertSmsCode(k, { phone, codeHash: codeHash(phone, code), ipHash, now, expiresAt: new Date(now.getTime() + SMS_CODE_TTL_SECONDS * 1000) })
      await adapters.sms.send(phone, `【幸福码】您的登录验证码是 ${code}，${SMS_CODE_TTL_SECONDS / 60} 分钟内有效。如非本人操作，请忽略本短信。`)
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
      if (open.attempts >= SMS_MAX_ATTEMPTS)
        throw new AppError(429, 'sms_code_locked', {}, 'code')
      if (!safeEqual(open.code_hash, codeHash(phone, code))) {
        const attempts = await countFailedAttempt(k, open.id)
        const left = SMS_MAX_ATTEMPTS - attempts
        throw left > 0 ? new AppError(400, 'sms_code_wrong', { left }, 'code') : new AppError(429, 'sms_code_locked', {}, 'code')
      }
      if (!(await consumeCode(k, open.id, now)))
        throw new AppError(400, 'sms_code_expired', {}, 'code')

      const user = await findOrCreateResident(k, phone)
      const session = await createSession(k, user.id, config.sessionTtlHours)
      setSessionCookie(reply, session.token, session.expiresAt, config.secureCookies)
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
      const windowStart = new Date(Date.now() - LOGIN_FAILURE_WINDOW_MINUTES * 60_000).toISOString()
      const failures = await k.selectFrom('audit_log').select(eb => eb.fn.countAll<number>().as('n')).where('action', '=', 'login_failed').where('subject_id', '=', username).where('at', '>', windowStart).executeTakeFirstOrThrow()
      if (Number(failures.n) >= LOGIN_MAX_FAILURES)
        throw new AppError(429, 'rate_limited', { seconds: LOGIN_FAILURE_WINDOW_MINUTES * 60 })

      const user = await findUserByUsername(k, username)
      if (!user?.password_hash || !(await verifyPassword(password, user.password_hash))) {
        // Username as subject: staff usernames are work identifiers, not personal data.
        await writeAudit(k, { actorId: null, actorRole: null, action: 'login_failed', subjectType: 'username', subjectId: username })
        throw new AppError(401, 'login_failed')
      }
      const session = await createSession(k, user.id, config.sessionTtlHours)
      setSessionCookie(reply, session.token, session.expiresAt, config.secureCookies)
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
      return { user: null }
    })
  }
}
