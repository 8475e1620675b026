import type { ErrorCode } from '../src/domain/http/errors'
import type { DetailMessage } from './i18n'

/** Thrown by routes and repositories; the central error handler turns it into `{ code, message }`. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly field?: string,
    /** Words the message more precisely than the code's own message (the code stays stable). */
    readonly detail?: DetailMessage,
  ) {
    super(code)
  }
}

export const notFound = () => new AppError(404, 'not_found')
export const unauthenticated = () => new AppError(401, 'unauthenticated')
export const forbidden = () => new AppError(403, 'forbidden')

/** Waits of more than this are said in minutes, not in hundreds of seconds. */
const SAY_MINUTES_ABOVE_SECONDS = 120

/** The 429 for a wait: in seconds when short, in minutes (rounded up) when long. */
export function rateLimited(retryAfterSeconds: number): AppError {
  return retryAfterSeconds > SAY_MINUTES_ABOVE_SECONDS
    ? new AppError(429, 'rate_limited', { minutes: Math.ceil(retryAfterSeconds / 60) }, undefined, 'rate_limited_minutes')
    : new AppError(429, 'rate_limited', { seconds: retryAfterSeconds })
}
