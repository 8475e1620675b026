import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { apiErrorSchema } from '../../../src/domain/http/errors'

export function healthRoutes({ db, config }: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/health', {
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: { 200: z.object({ status: z.literal('ok'), db: z.enum(['sqlite', 'postgres']), demo: z.boolean() }), 400: apiErrorSchema },
      },
    }, async () => {
      await db.ping()
      return { status: 'ok' as const, db: db.kind, demo: config.demo }
    })
  }
}
