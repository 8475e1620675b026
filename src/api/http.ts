import type { ApiError } from '../domain/http/errors'
import axios, { AxiosError } from 'axios'
import { currentLocale, i18n } from '../app/i18n'
import { CSRF_COOKIE, CSRF_HEADER } from '../domain/http/csrf'
import { ApiRequestError } from './errors'
import { notifySessionEnded } from './session-ended'

/**
 * The one axios instance: base URL, language, the CSRF header, and errors mapped to
 * ApiRequestError. Loaded with the first API call (src/api/client.ts), not in the app shell: the
 * sign-in page shows without it (issue #18).
 */

/** Requests give up after this long so that a dead network shows a message instead of a spinner. */
const REQUEST_TIMEOUT_MS = 15_000

export const http = axios.create({
  baseURL: '/api',
  timeout: REQUEST_TIMEOUT_MS,
  xsrfCookieName: CSRF_COOKIE,
  xsrfHeaderName: CSRF_HEADER,
  withCredentials: true,
})

const STATE_CHANGING = new Set(['post', 'put', 'patch', 'delete'])
let csrfCookieComing: Promise<unknown> | null = null

function hasCsrfCookie(): boolean {
  return document.cookie.split('; ').some(c => c.startsWith(`${CSRF_COOKIE}=`))
}

/**
 * The server sets the CSRF cookie with its first answer. A page whose first call changes
 * something (a hand-off link opened on a new phone) would be refused: it asks for the cookie
 * first, with one light GET shared by all calls waiting for it.
 */
async function ensureCsrfCookie(): Promise<void> {
  if (hasCsrfCookie())
    return
  csrfCookieComing ??= http.get('/health').finally(() => {
    csrfCookieComing = null
  })
  // Offline: the call itself then fails with the network message.
  await csrfCookieComing.catch(() => {})
}

http.interceptors.request.use(async (config) => {
  config.headers.set('Accept-Language', currentLocale())
  if (STATE_CHANGING.has((config.method ?? 'get').toLowerCase()))
    await ensureCsrfCookie()
  return config
})

http.interceptors.response.use(undefined, (error: unknown) => {
  // The interceptor maps; the view decides how to tell the user (no toasts here).
  if (error instanceof AxiosError && error.response) {
    const body = error.response.data as Partial<ApiError> | undefined
    if (error.response.status === 401 && body?.code === 'unauthenticated')
      notifySessionEnded()
    if (body?.code && body.message)
      return Promise.reject(new ApiRequestError(body.code, body.message, error.response.status, body.field))
    return Promise.reject(new ApiRequestError('internal', i18n.global.t('errors.network_error'), error.response.status))
  }
  return Promise.reject(new ApiRequestError('network_error', i18n.global.t('errors.network_error'), null))
})
