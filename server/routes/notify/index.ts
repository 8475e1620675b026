import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { NotificationChannels } from '../../../src/domain/notify/api'
import type { User } from '../../db/repos/users'
import type { RouteContext } from '../context'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { maskMobile } from '../../../src/domain/mask'
import { channelPreferencesBody, notificationChannelsSchema, pushSubscriptionBody, pushUnsubscribeBody } from '../../../src/domain/notify/api'
import { notificationSmsAvailable } from '../../config'
import { channelChoice, deletePushSubscription, effectiveChoice, pruneDevices, pushDeviceCount, saveChannelChoice, savePushSubscription } from '../../db/repos/outbound-messages'
import { AppError } from '../../errors'
import { signedInUser } from '../../plugins/session'

// A resident's message channels (issue #19): texts and phone notifications (Web Push) of the
// news that asks something of the household or decides its case, each on or off, and this
// device's push subscription. What is sent, and when, is the notify worker's
// (server/services/notify/dispatch.ts).

/** Devices one account may have subscribed; a newer one pushes out the oldest. */
export const MAX_PUSH_DEVICES = 10

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema }

export function notifyRoutes({ db, config }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely
  const smsAvailable = notificationSmsAvailable(config)

  async function channelsOf(user: User): Promise<NotificationChannels> {
    const hasPhone = user.phone !== null
    const choice = effectiveChoice(await channelChoice(k, user.id), hasPhone)
    return {
      sms: { available: smsAvailable, enabled: choice.sms && hasPhone, phoneMasked: user.phone === null ? null : maskMobile(user.phone) },
      push: { available: config.push !== null, enabled: config.push !== null && choice.push, vapidPublicKey: config.push?.publicKey ?? null, devices: await pushDeviceCount(k, user.id) },
    }
  }

  return async (app) => {
    app.get('/me/notification-channels', {
      schema: {
        tags: ['notify'],
        summary: 'Which channels carry the signed-in resident\'s case news and invitations besides the app (texts, phone notifications), and the VAPID public key to subscribe a device with',
        response: { 200: notificationChannelsSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async request => channelsOf(signedInUser(request)))

    app.put('/me/notification-channels', {
      schema: {
        tags: ['notify'],
        summary: 'Turn texts and phone notifications on or off (a channel left out stays as it is); nothing is sent between 21:00 and 08:00 Beijing time either way',
        body: channelPreferencesBody,
        response: { 200: notificationChannelsSchema, ...errors },
      },
    }, async (request) => {
      const user = signedInUser(request)
      await saveChannelChoice(k, user.id, request.body, effectiveChoice({ sms: null, push: null }, user.phone !== null), new Date().toISOString())
      return channelsOf(user)
    })

    app.post('/me/push-subscriptions', {
      schema: {
        tags: ['notify'],
        summary: 'Subscribe this device to phone notifications (the browser\'s PushSubscription, endpoint of a known push service over https); turns phone notifications on',
        body: pushSubscriptionBody,
        response: { 200: notificationChannelsSchema, ...errors, 503: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      // Fail closed: without VAPID keys nothing could be pushed, so nothing is subscribed.
      if (!config.push)
        throw new AppError(503, 'service_unavailable', {}, undefined, 'push_unavailable')
      const at = new Date().toISOString()
      const { endpoint, keys } = request.body
      await k.transaction().execute(async (trx) => {
        await savePushSubscription(trx, config.secret, user.id, { endpoint, keys }, request.lang, at)
        await pruneDevices(trx, user.id, MAX_PUSH_DEVICES)
        // Subscribing is the person allowing it: push is on (for their other devices too).
        await saveChannelChoice(trx, user.id, { push: true }, effectiveChoice({ sms: null, push: null }, user.phone !== null), at)
      })
      return channelsOf(user)
    })

    app.delete('/me/push-subscriptions', {
      schema: {
        tags: ['notify'],
        summary: 'Unsubscribe this device (by its endpoint); the account\'s other devices keep theirs. Unsubscribing a device that is not subscribed changes nothing',
        body: pushUnsubscribeBody,
        response: { 200: notificationChannelsSchema, ...errors },
      },
    }, async (request) => {
      const user = signedInUser(request)
      await deletePushSubscription(k, config.secret, user.id, request.body.endpoint)
      return channelsOf(user)
    })
  }
}
