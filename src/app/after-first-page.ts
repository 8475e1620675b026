import type { Router } from 'vue-router'

/** How long work that waits for the first page waits for an idle moment at most. */
export const IDLE_TIMEOUT_MS = 3000

/**
 * Runs `work` once the first page has rendered and the phone is idle (issue #18): what the first
 * screen does not show (the service worker's registration, a visitor's outbox, the HTTP client of
 * a page that has not called the server yet) then neither queues before the page's own files on
 * a slow network nor delays its first paint.
 */
export function afterFirstPage(router: Router, work: () => void): void {
  const later = () => whenIdle(work, IDLE_TIMEOUT_MS)
  // A first navigation that failed (its chunk did not load) still gets the service worker and the
  // rest; vue-router reports the failure itself.
  void router.isReady().then(later, later)
}

/** Runs `work` when the main thread is idle, or after `timeoutMs` at most; Safari has no idle callbacks: the next task then. */
export function whenIdle(work: () => void, timeoutMs: number): void {
  if (typeof requestIdleCallback === 'function')
    requestIdleCallback(work, { timeout: timeoutMs })
  else
    setTimeout(work, 0)
}
