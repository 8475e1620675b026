import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Lang } from '../../src/domain/lang'
import type { Db } from '../db'
import type { User } from '../db/repos/users'
import { CSRF_COOKIE, CSRF_HEADER } from '../../src/domain/http/csrf'
import { findLiveSessionUser } from '../db/repos/sessions'
import { AppError, unauthenticated } from '../errors'
import { langOf } from '../i18n'
import { randomToken, safeEqual } from '../security'

export const SESSION_COOKIE = 'sid'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** Department feeds (issue #5): the only calls that may come without the double-submit token. */
export const FEED_PATH_PREFIX = '/api/feeds/'
/**
 * Anonymous, stateless calls that other portals may make (issue #13). A call with no cookie at all
 * carries no ambient authority, so a forged one gains nothing: it passes without the token (and
 * stays rate-limited per address). Any cookie, and the usual check applies.
 */
const COOKIELESS_POSTS = new Set(['/api/diagnosis', '/api/enquiry', '/api/auth/sms/request'])

export function isBearer(header: string | undefined): header is string {
  return typeof header === 'string' && /^Bearer \S+$/.test(header)
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null
    lang: Lang
  }
}

/**
 * The signed-in user, for routes whose permission entry requires one: the permission check
 * (plugins/permissions.ts) has already answered 401 to anyone else, so this never throws there;
 * it only spares the handler a non-null assertion, and refuses the same way if it ever would.
 */
export function signedInUser(request: FastifyRequest): User {
  if (!request.user)
    throw unauthenticated()
  return request.user
}

export interface SessionOptions {
  db: Db
  secureCookies: boolean
}

/**
 * Every request: language from Accept-Language, the signed-in user from the session cookie,
 * and for state-changing API calls a CSRF check (double-submit token + same-origin fetch).
 */
export function registerSession(app: FastifyInstance, { db, secureCookies }: SessionOptions): void {
  app.decorateRequest('user', null)
  app.decorateRequest('lang', 'zh-CN')

  app.addHook('onRequest', async (request, reply) => {
    request.lang = langOf(request.headers['accept-language'])
    if (!request.url.startsWith('/api/'))
      return

    if (!request.cookies[CSRF_COOKIE])
      rotateCsrfToken(reply, secureCookies)
    // Machine-to-machine feeds authenticate with a Bearer credential, which a browser never
    // sends by itself, so CSRF cannot forge one. Exempt only when there is no session cookie:
    // a call that carries a session must prove it came from our page.
    const feedCall = request.url.startsWith(FEED_PATH_PREFIX) && isBearer(request.headers.authorization) && !request.cookies[SESSION_COOKIE]
    const cookielessCall = !request.headers.cookie && request.method === 'POST' && COOKIELESS_POSTS.has(request.routeOptions.url ?? '')
    if (!SAFE_METHODS.has(request.method) && !feedCall) {
      const header = request.headers[CSRF_HEADER]
      const crossSite = request.headers['sec-fetch-site'] === 'cross-site'
      if (crossSite || (!cookielessCall && (typeof header !== 'string' || !request.cookies[CSRF_COOKIE] || !safeEqual(header, request.cookies[CSRF_COOKIE]))))
        throw new AppError(403, 'csrf_failed')
    }

    const token = request.cookies[SESSION_COOKIE]
    if (token)
      request.user = (await findLiveSessionUser(db.kysely, token)) ?? null
  })
}

/** A new double-submit token: at every sign-in and sign-out, so a token seen before is worth nothing after. */
export function rotateCsrfToken(reply: FastifyReply, secure: boolean): void {
  reply.setCookie(CSRF_COOKIE, randomToken(18), { path: '/', sameSite: 'strict', secure, httpOnly: false })
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt })
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure })
}

// Who may call which route: the permission table (src/domain/permissions.ts), checked in plugins/permissions.ts.
