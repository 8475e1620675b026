import type { PushSubscriptionInput } from '../../domain/notify/api'
import { unregisterDevice } from './api'

/**
 * This device's Web Push subscription (issue #19), through the service worker's PushManager. The
 * browser asks the person for permission; the subscription is made with the server's VAPID key
 * and given to the server, which pushes to it what it would text.
 */

/** Whether this browser can be pushed to: a service worker, PushManager and notifications (not iOS Safari outside the home screen). */
export function pushSupported(): boolean {
  return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window
}

/** What the person said to notifications from this site: 'default' until asked. */
export function notificationPermission(): NotificationPermission {
  return Notification.permission
}

/** The VAPID public key (base64url) as PushManager.subscribe wants it. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replaceAll('-', '+').replaceAll('_', '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=')
  return Uint8Array.from(atob(base64), c => c.charCodeAt(0))
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.byteLength)
    return false
  const x = new Uint8Array(a)
  return x.every((byte, i) => byte === b[i])
}

async function registration(): Promise<ServiceWorkerRegistration | undefined> {
  // getRegistration, not ready: ready never settles where no service worker is installed (development).
  return navigator.serviceWorker.getRegistration()
}

/** This device's subscription, or null. */
export async function deviceSubscription(): Promise<PushSubscription | null> {
  if (!pushSupported())
    return null
  return (await registration())?.pushManager.getSubscription() ?? null
}

export type SubscribeResult
  = | { ok: true, subscription: PushSubscriptionInput }
    /** denied: the person (or the browser's settings) said no; no_worker: the app's service worker is not installed. */
    | { ok: false, reason: 'denied' | 'no_worker' }

/**
 * Asks for permission (call it from the tap that turns notifications on: browsers ask only then)
 * and subscribes this device with the server's key. A subscription of an older key is replaced.
 */
export async function subscribeDevice(vapidPublicKey: string): Promise<SubscribeResult> {
  if (await Notification.requestPermission() !== 'granted')
    return { ok: false, reason: 'denied' }
  const worker = await registration()
  if (!worker)
    return { ok: false, reason: 'no_worker' }
  const key = applicationServerKey(vapidPublicKey)
  let subscription = await worker.pushManager.getSubscription()
  if (subscription && !sameBytes(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe()
    subscription = null
  }
  subscription ??= await worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key })
  return { ok: true, subscription: subscription.toJSON() as PushSubscriptionInput }
}

/**
 * Stops pushes to this device: the browser first, which stops them for sure (a shared phone at
 * sign-out), then the server. When the server cannot be told, its next push to the device is
 * answered 410 by the push service and the server forgets the device then; the error is still
 * thrown for the page to say. Returns whether there was a subscription.
 */
export async function unsubscribeDevice(): Promise<boolean> {
  const subscription = await deviceSubscription()
  if (!subscription)
    return false
  const { endpoint } = subscription
  await subscription.unsubscribe()
  await unregisterDevice(endpoint)
  return true
}
