import { clientsClaim } from 'workbox-core'
import { cleanupOutdatedCaches, createHandlerBoundToURL, matchPrecache, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { openFromNotification, showPush } from '../features/notify/sw'
import { syncVisitsInServiceWorker, VISITS_SYNC_TAG } from '../features/visits/sw'

/**
 * The service worker (built by vite-plugin-pwa's injectManifest): precache the app shell (every
 * built asset), the shell for app routes, offline.html for other navigations when the network
 * is gone, never anything of /api; an update waits for the person to accept it (UpdatePrompt);
 * and Background Sync of care visits saved offline.
 *
 * The first install takes control of the open page at once (clientsClaim, issue #16): a volunteer
 * who signs in at the village committee and walks out of coverage has every route chunk from
 * the precache without ever reloading. Updates still wait for the person (no skipWaiting here).
 */

/** Background Sync's event (not in TypeScript's WebWorker library yet). */
interface SyncEvent extends ExtendableEvent { readonly tag: string }
declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0]
  /** Cookie Store API where the browser has it: the worker reads the CSRF cookie with it. */
  cookieStore?: { get: (name: string) => Promise<{ value: string } | null> }
  addEventListener: (type: 'sync', listener: (event: SyncEvent) => void) => void
}

clientsClaim()
precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()

// /api and the API docs are not app routes: they must never get the shell.
registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api(?:\/|$)/] }))
// A navigation the shell does not cover (e.g. /api/docs) gets the offline page when the network is gone.
registerRoute(({ request, url }) => request.mode === 'navigate' && url.pathname.startsWith('/api'), async ({ request }) => {
  try {
    return await fetch(request)
  }
  catch {
    return (await matchPrecache('/offline.html')) ?? Response.error()
  }
})

// "更新" in UpdatePrompt: the waiting version takes over.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING')
    void self.skipWaiting()
})

self.addEventListener('sync', (event) => {
  if (event.tag === VISITS_SYNC_TAG)
    event.waitUntil(syncVisitsInServiceWorker(self.cookieStore))
})

// Case news and invitations pushed to this device (issue #19): shown, and a tap opens its page.
self.addEventListener('push', event => showPush(self, event))
self.addEventListener('notificationclick', event => openFromNotification(self, event))
