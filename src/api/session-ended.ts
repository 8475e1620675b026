/** Told when the server says the session is gone (401 unauthenticated). */
let sessionEndedHandler: (() => void) | null = null

/**
 * The session store listens here: a session that ended on the server (expired, signed out on
 * another device, server restarted) ends in the app too, on every screen at once. Only
 * `unauthenticated` counts: a wrong password is a 401 `login_failed`, not an ended session.
 * Its own module, free of axios: the store registers at start, before the HTTP client loads.
 */
export function onSessionEnded(handler: (() => void) | null): void {
  sessionEndedHandler = handler
}

/** The axios interceptor (src/api/http.ts), on a 401 unauthenticated. */
export function notifySessionEnded(): void {
  sessionEndedHandler?.()
}
