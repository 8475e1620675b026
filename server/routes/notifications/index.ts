import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { NotificationParams } from '../../services/applications/texts'
import type { RouteContext } from '../context'
import { markReadBody, markReadResponse, notificationListResponse } from '../../../src/domain/application/resident-api'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { markRead, unreadCount, userNotifications } from '../../db/repos/notifications'
import { signedInUser } from '../../plugins/session'
import { notificationText } from '../../services/applications/texts'

/** Notifications listed at once, newest first. */
const NOTIFICATION_LIMIT = 100

/** In-app notifications about the household's applications (badge + list), in the reader's language. */
export function notificationRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely
  return async (app) => {
    app.get('/notifications', {
      schema: { tags: ['notifications'], summary: 'The signed-in resident\'s notifications, newest first, and how many are unread', response: { 200: notificationListResponse, 401: apiErrorSchema, 403: apiErrorSchema } },
    }, async (request) => {
      const user = signedInUser(request)
      const rows = await userNotifications(k, user.id, NOTIFICATION_LIMIT)
      return {
        unread: await unreadCount(k, user.id),
        items: rows.map(r => ({
          id: r.id,
          applicationId: r.application_id,
          caseId: r.case_id,
          // Only on news about a small need: older readers see the shape they know.
          ...(r.need_id ? { needId: r.need_id } : {}),
          text: notificationText(request.lang, r.code, JSON.parse(r.params) as NotificationParams),
          at: r.at,
          read: r.read_at !== null,
        })),
      }
    })

    app.post('/notifications/read', {
      schema: {
        tags: ['notifications'],
        summary: 'Mark notifications read: the given ids, or all without ids',
        body: markReadBody,
        response: { 200: markReadResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      await markRead(k, user.id, request.body.ids, new Date().toISOString())
      return { unread: await unreadCount(k, user.id) }
    })
  }
}
