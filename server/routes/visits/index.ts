import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { fieldVisitRoutes } from './field'
import { staffVisitRoutes } from './staff'

/** Issue #6, care visits (探访关爱): card after a scan, logging, histories, staff coverage and flags. */
export function visitRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(fieldVisitRoutes(ctx))
    await app.register(staffVisitRoutes(ctx))
  }
}
