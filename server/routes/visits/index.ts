import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { visitConfirmationRoutes } from './confirmations'
import { coverageExportRoutes } from './coverage-export'
import { fieldVisitRoutes } from './field'
import { staffVisitRoutes } from './staff'

/**
 * Issue #6, care visits (探访关爱): card after a scan, logging, histories, staff coverage and flags;
 * issue #16, visits logged with a regenerated code waiting for staff confirmation.
 */
export function visitRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(fieldVisitRoutes(ctx))
    await app.register(staffVisitRoutes(ctx))
    await app.register(visitConfirmationRoutes(ctx))
    await app.register(coverageExportRoutes(ctx))
  }
}
