// The double-submit CSRF token: the server sets a cookie the page can read, and every
// state-changing call sends its value back in a header; a page of another site can do neither.
// One home for both names: the server's session plugin, the PWA's axios client, the service
// worker's visit sync and the tests all read them here.

/** Set by the server with its first answer; readable by the page (not httpOnly). */
export const CSRF_COOKIE = 'csrf_token'
/** Sent back on POST/PUT/PATCH/DELETE. Lower case, as Node hands request headers to Fastify. */
export const CSRF_HEADER = 'x-csrf-token'
