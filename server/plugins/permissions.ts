import type { FastifyInstance, FastifyRequest, preValidationAsyncHookHandler } from 'fastify'
import type { Access } from '../../src/domain/permissions'
import { accessOf, decide } from '../../src/domain/permissions'
import { AppError } from '../errors'

const API_PREFIX = '/api/'

/** A route the table does not know: the app must not start with it (fail closed). */
export class MissingPermissionError extends Error {
  constructor(readonly key: string) {
    super(`Route "${key}" has no entry in the permission table (src/domain/permissions.ts): add one saying who may use it.`)
  }
}

function checkFor(accessByMethod: Map<string, Access>): preValidationAsyncHookHandler {
  return async (request: FastifyRequest) => {
    // A method without an entry cannot happen (startup checks every one); refuse it anyway.
    const decision = decide(accessByMethod.get(request.method), request.user)
    if (decision === 'unauthenticated')
      throw new AppError(401, 'unauthenticated')
    if (decision === 'forbidden')
      throw new AppError(403, 'forbidden')
    if (decision === 'department')
      throw new AppError(403, 'forbidden', {}, undefined, 'department_not_permitted')
  }
}

/**
 * Issue #13: every API route is checked against the one permission table, before its body is
 * validated (so an anonymous caller learns nothing from validation errors). Runs after the session
 * hook has set `request.user`. Row-level checks (own household, own area, own department's cases)
 * stay in the routes.
 */
export function registerPermissions(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(API_PREFIX) && route.url !== '/api')
      return
    const accessByMethod = new Map<string, Access>()
    for (const method of [route.method].flat()) {
      const access = accessOf(method, route.url)
      if (!access)
        throw new MissingPermissionError(`${method} ${route.url}`)
      accessByMethod.set(method, access)
    }
    const check = checkFor(accessByMethod)
    const existing = route.preValidation
    route.preValidation = existing === undefined ? [check] : [check, ...[existing].flat()]
  })
}
