import type { ApiError } from '../domain/http/errors'

/**
 * An API call that failed: the server's `{ code, message, field }`, or a network failure
 * (status null). Its own module, free of axios and the app: the service worker uses it too.
 */
export class ApiRequestError extends Error implements ApiError {
  constructor(readonly code: string, message: string, readonly status: number | null, readonly field?: string) {
    super(message)
  }
}
