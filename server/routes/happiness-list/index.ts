import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { completenessExportRoutes } from './completeness-export'
import { feedRoutes } from './feeds'
import { importRoutes } from './imports'
import { listRoutes } from './list'

/** Issue #5, the happiness list (幸福清单): feeds, CSV imports, the household's list, staff views. */
export function happinessListRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(feedRoutes(ctx))
    await app.register(importRoutes(ctx))
    await app.register(listRoutes(ctx))
    await app.register(completenessExportRoutes(ctx))
  }
}
