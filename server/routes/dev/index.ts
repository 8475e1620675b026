import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { maskMobile } from '../../../src/domain/mask'

/** How many recent messages the outbox shows. */
const OUTBOX_PAGE = 20

export interface OutboxReader {
  outbox: { phone: string, text: string, sentAt: string }[]
}

/**
 * Demo-only: the mock SMS outbox, so a demo user and the e2e tests can read sign-in codes.
 * Registered only outside production. Phones are masked: no personal data in this response.
 */
export function devRoutes(_ctx: RouteContext, sms: OutboxReader): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/dev/sms-outbox', {
      schema: {
        tags: ['demo'],
        summary: 'Recent messages of the local SMS gateway (not in production)',
        response: { 200: z.object({ messages: z.array(z.object({ phoneMasked: z.string(), text: z.string(), sentAt: z.string() })) }), 400: apiErrorSchema },
      },
    }, async () => ({
      messages: sms.outbox.slice(-OUTBOX_PAGE).reverse().map(m => ({ phoneMasked: maskMobile(m.phone), text: m.text, sentAt: m.sentAt })),
    }))
  }
}
