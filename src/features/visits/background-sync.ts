import type { Transport } from './outbox'
import { ApiRequestError } from '../../api/errors'
import { CSRF_COOKIE, CSRF_HEADER } from '../../domain/http/csrf'
import { sync } from './outbox'

/**
 * Background Sync (issue #6): where the browser has it, visits saved with no signal are sent by
 * the service worker when the network comes back, even with the app closed. The service worker
 * runs the same outbox code as the pages (same IndexedDB entries, same device-wide lock, same
 * client ids), so a visit is never sent twice and nothing is kept anywhere else: signing out
 * still wipes every copy. Without Background Sync the app sends on start, on reconnect and on
 * 立即同步, as before.
 */

export const VISITS_SYNC_TAG = 'xingfuma-visits'

interface SyncRegistration { sync?: { register: (tag: string) => Promise<void> } }

/** Page side: ask the browser to wake the service worker once there is a network. */
export async function requestBackgroundSync(): Promise<boolean> {
  try {
    // getRegistration, not ready: ready never settles where no service worker is installed.
    const registration = await navigator.serviceWorker?.getRegistration() as (ServiceWorkerRegistration & SyncRegistration) | undefined
    if (!registration?.sync)
      return false
    await registration.sync.register(VISITS_SYNC_TAG)
    return true
  }
  catch {
    return false // refused (no permission, private mode): the page's own triggers remain
  }
}

interface CookieStoreLike { get: (name: string) => Promise<{ value: string } | null> }

/**
 * POST /api/visits from the service worker, with fetch and the session's CSRF cookie (read
 * through the Cookie Store API; without it the visit waits for the app, like a signed-out one).
 */
export function serviceWorkerTransport(cookies: CookieStoreLike | undefined): Transport {
  return async (input, { signal }) => {
    const csrf = (await cookies?.get(CSRF_COOKIE))?.value
    if (!csrf)
      throw new ApiRequestError('csrf_failed', '', 403)
    const res = await fetch('/api/visits', {
      method: 'POST',
      credentials: 'same-origin',
      signal,
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: csrf },
      body: JSON.stringify(input),
    })
    const body = await res.json().catch(() => ({})) as { code?: string, message?: string, field?: string }
    if (!res.ok)
      throw new ApiRequestError(body.code ?? 'http_error', body.message ?? '', res.status, body.field)
    return body as Awaited<ReturnType<Transport>>
  }
}

/**
 * Service-worker side of a sync event. Rejects while visits still wait, so that the browser
 * tries the event again later (it gives up after a few tries; the app's own triggers remain).
 */
export async function syncVisitsInServiceWorker(cookies: CookieStoreLike | undefined): Promise<void> {
  const report = await sync({ transport: serviceWorkerTransport(cookies), force: true })
  if (report.failed > 0 || report.waiting > 0)
    throw new Error('visits still waiting for the network')
}
