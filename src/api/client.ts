import type { AxiosInstance } from 'axios'
import { i18n } from '../app/i18n'
import { ApiRequestError } from './errors'

export { ApiRequestError }
export { onSessionEnded } from './session-ended'

/**
 * The typed API functions' way to the server. The axios instance (./http.ts, 17 KB gzip with
 * axios) loads with the first call instead of in the app shell (issue #18): the sign-in page
 * shows without it, and a page that needs the session asks for it (and so for axios) first
 * thing. The service worker precaches it, so it loads offline too.
 */
let httpLoading: Promise<AxiosInstance> | null = null

/** The axios instance, loaded once; a failed load (offline before the first visit) is a network error, tried again next call. */
export function loadHttp(): Promise<AxiosInstance> {
  httpLoading ??= import('./http').then(m => m.http, () => {
    httpLoading = null
    // The same answer as a request that could not reach the server: the page says so and offers a retry.
    throw new ApiRequestError('network_error', i18n.global.t('errors.network_error'), null)
  })
  return httpLoading
}

export async function get<T>(url: string): Promise<T> {
  return (await (await loadHttp()).get<T>(url)).data
}

export async function post<T>(url: string, body?: unknown): Promise<T> {
  return (await (await loadHttp()).post<T>(url, body ?? {})).data
}

export async function put<T>(url: string, body: unknown): Promise<T> {
  return (await (await loadHttp()).put<T>(url, body)).data
}

export async function del<T>(url: string): Promise<T> {
  return (await (await loadHttp()).delete<T>(url)).data
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
