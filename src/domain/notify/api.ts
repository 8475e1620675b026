import { z } from 'zod'

// Request and response shapes of a resident's message channels (issue #19): texts and Web Push,
// each on or off, and the devices subscribed to push.

/**
 * The push services of the browsers people use (Chrome/Android and Samsung through FCM, Firefox,
 * Edge through WNS, Safari and iOS 16.4+). The server POSTs to a subscription's endpoint, so an
 * endpoint anywhere else is refused: a resident must not make the server call into its own
 * network (SSRF). A host matches itself and its subdomains.
 */
export const PUSH_SERVICE_HOSTS = ['fcm.googleapis.com', 'updates.push.services.mozilla.com', 'push.apple.com', 'notify.windows.com'] as const

/** Long enough for every push service's endpoint (FCM's are ~190 characters). */
export const MAX_ENDPOINT_LENGTH = 1024

/** An https URL of a known push service, on its default port, without user info. */
export function isPushEndpoint(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  }
  catch {
    // Not a URL at all: not an endpoint (the schema says so as a validation error).
    return false
  }
  const host = url.hostname.toLowerCase()
  return url.protocol === 'https:' && url.port === '' && url.username === '' && url.password === ''
    && PUSH_SERVICE_HOSTS.some(h => host === h || host.endsWith(`.${h}`))
}

const endpointSchema = z.string().max(MAX_ENDPOINT_LENGTH).refine(isPushEndpoint)

export const pushSubscriptionBody = z.object({
  endpoint: endpointSchema,
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    // The device's P-256 public key, uncompressed (65 bytes, 0x04 first: "B…" in base64url).
    p256dh: z.string().regex(/^B[\w-]{86}=?$/),
    // The 16-byte authentication secret.
    auth: z.string().regex(/^[\w-]{22}(?:==)?$/),
  }),
}).describe('The PushSubscription as the browser gives it (PushSubscription.toJSON())')

export const pushUnsubscribeBody = z.object({
  endpoint: endpointSchema,
})

export const channelPreferencesBody = z.object({
  sms: z.boolean().optional(),
  push: z.boolean().optional(),
}).refine(body => body.sms !== undefined || body.push !== undefined)

export const notificationChannelsSchema = z.object({
  sms: z.object({
    /** The server can send texts of this kind (a provider with its templates, or the demo outbox). */
    available: z.boolean(),
    enabled: z.boolean(),
    /** Where texts go: the account's number, masked; null when it has none (then nothing is sent). */
    phoneMasked: z.string().nullable(),
  }),
  push: z.object({
    /** The server has VAPID keys; false: the PWA offers no push. */
    available: z.boolean(),
    enabled: z.boolean(),
    /** For PushManager.subscribe (applicationServerKey); null when push is not available. */
    vapidPublicKey: z.string().nullable(),
    /** How many devices of this account are subscribed. */
    devices: z.number().int(),
  }),
}).meta({ id: 'NotificationChannels' })

export type NotificationChannels = z.infer<typeof notificationChannelsSchema>
export type ChannelPreferencesInput = z.input<typeof channelPreferencesBody>
export type PushSubscriptionInput = z.input<typeof pushSubscriptionBody>
