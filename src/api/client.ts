import type { ApiError } from '../domain/http/errors'
import axios, { AxiosError } from 'axios'
import { currentLocale, i18n } from '../app/i18n'
import { CSRF_COOKIE, CSRF_HEADER } from '../domain/http/csrf'
import { ApiRequestError } from './errors'

export { ApiRequestError }

/** Requests give up after this long so that a dead network shows a message instead of a spinner. */
const REQUEST_TIMEOUT_MS = 15_000

/** The one axios instance: base URL, language, the CSRF header, and errors mapped to ApiRequestError. */
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

/** Told when the server says the session is gone (401 unauthenticated). */
let sessionEndedHandler: (() => void) | null = null

/**
 * The session store listens here: a session that ended on the server (expired, signed out on
 * another device, server restarted) ends in the app too, on every screen at once. Only
 * `unauthenticated` counts: a wrong password is a 401 `login_failed`, not an ended session.
 */
export function onSessionEnded(handler: (() => void) | null): void {
  sessionEndedHandler = handler
}

http.interceptors.response.use(undefined, (error: unknown) => {
  // The interceptor maps; the view decides how to tell the user (no toasts here).
  if (error instanceof AxiosError && error.response) {
    const body = error.response.data as Partial<ApiError> | undefined
    if (error.response.status === 401 && body?.code === 'unauthenticated')
      sessionEndedHandler?.()
    if (body?.code && body.message)
      return Promise.reject(new ApiRequestError(body.code, body.message, error.response.status, body.field))
    return Promise.reject(new ApiRequestError('internal', i18n.global.t('errors.network_error'), error.response.status))
  }
  return Promise.reject(new ApiRequestError('network_error', i18n.global.t('errors.network_error'), null))
})

export async function get<T>(url: string): Promise<T> {
  return (await http.get<T>(url)).data
}

export async function post<T>(url: string, body?: unknown): Promise<T> {
  return (await http.post<T>(url, body ?? {})).data
}

export async function put<T>(url: string, body: unknown): Promise<T> {
  return (await http.put<T>(url, body)).data
}

export async function del<T>(url: string): Promise<T> {
  return (await http.delete<T>(url)).data
}

/** What went wrong, in the user's language; a network failure says only that (true on every page). */
export function errorMessage(error: unknown): string {
  return error instanceof ApiRequestError ? error.message : i18n.global.t('errors.network_error')
}

/**
 * The same, on a form that keeps what was typed (a draft): a network failure also says that
 * nothing typed is lost. Read-only pages use errorMessage; only forms may promise this.
 */
export function formErrorMessage(error: unknown): string {
  if (!(error instanceof ApiRequestError) || error.code === 'network_error')
    return i18n.global.t('errors.network_error_kept')
  return error.message
}
