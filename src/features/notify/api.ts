import type { ChannelPreferencesInput, NotificationChannels, PushSubscriptionInput } from '../../domain/notify/api'
import { get, loadHttp, post, put } from '../../api/client'

export type { NotificationChannels }

/** Which channels carry the resident's case news besides the app, and the key to subscribe a device with. */
export function fetchChannels(): Promise<NotificationChannels> {
  return get('/me/notification-channels')
}

export function saveChannels(change: ChannelPreferencesInput): Promise<NotificationChannels> {
  return put('/me/notification-channels', change)
}

/** Registers this device's push subscription (as the browser gives it); turns phone notifications on. */
export function registerDevice(subscription: PushSubscriptionInput): Promise<NotificationChannels> {
  return post('/me/push-subscriptions', subscription)
}

/** Forgets this device's subscription on the server. DELETE with a body: the endpoint is the device's only name. */
export async function unregisterDevice(endpoint: string): Promise<NotificationChannels> {
  return (await (await loadHttp()).delete<NotificationChannels>('/me/push-subscriptions', { data: { endpoint } })).data
}
