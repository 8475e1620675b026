import type { RouteLocationNormalized } from 'vue-router'
import { loadMessages } from './i18n'
import { ROUTE_MESSAGES } from './route-message-table'

export { KIOSK_SESSION_MESSAGES, ROUTE_MESSAGES } from './route-message-table'

/** Before a route renders: the messages it shows, in the current language. */
export function loadRouteMessages(to: RouteLocationNormalized): Promise<void> {
  return loadMessages(to.matched.flatMap(record => ROUTE_MESSAGES[String(record.name)] ?? []))
}

/** Messages asked for when a navigation started, by its target (the same object in all its guards). */
const startedLoads = new WeakMap<RouteLocationNormalized, Promise<void>>()

/**
 * At the start of a navigation (issue #18): its messages load while the guards check the session
 * and the route's component loads, instead of after both. A navigation that a guard redirects
 * has fetched a few messages it does not show; the redirect's own navigation starts its own.
 */
export function startRouteMessages(to: RouteLocationNormalized): void {
  const loading = loadRouteMessages(to)
  // Awaited (and its failure reported) in routeMessagesReady; not an unhandled rejection meanwhile.
  loading.catch(() => undefined)
  startedLoads.set(to, loading)
}

/** After the guards, before the route renders: the messages started for it (or now, if none were). */
export function routeMessagesReady(to: RouteLocationNormalized): Promise<void> {
  return startedLoads.get(to) ?? loadRouteMessages(to)
}
