import type { PushConfig } from '../config'
import webpush from 'web-push'

/** A device as its browser subscribed it (PushSubscription.toJSON()). */
export interface PushTarget {
  endpoint: string
  keys: { p256dh: string, auth: string }
}

/**
 * What the device shows: a title, a line, and the page of ours a tap opens. Like a text it says
 * only that there is news (src/domain/notify/messages.ts): push services and lock screens see it.
 */
export interface PushMessage {
  title: string
  body: string
  /** A path of the PWA ("/progress/…"); the service worker opens nothing else. */
  url: string
}

/**
 * A push the service did not take. `statusCode` is the push service's answer (404 and 410: the
 * subscription is gone for good), null when it could not be reached; `code` is what the queue
 * records (never the service's text, which may quote the endpoint).
 */
export class PushDeliveryError extends Error {
  constructor(readonly statusCode: number | null, readonly code: string) {
    super(code)
  }

  /** The device unsubscribed or the subscription expired: it is removed, not retried. */
  get gone(): boolean {
    return this.statusCode === 404 || this.statusCode === 410
  }
}

/** Sends one push to one device. The real one talks to the browser's push service; mock/ has a local outbox. */
export interface PushGateway {
  send: (target: PushTarget, message: PushMessage) => Promise<void>
}

/** How long a push service may take to answer. */
export const PUSH_TIMEOUT_MS = 10_000
/** A push not delivered within a day is dropped by the service: old news helps nobody. */
const PUSH_TTL_SECONDS = 24 * 3600

/**
 * Web Push through the `web-push` library: the payload encrypted for the device (RFC 8291),
 * signed with our VAPID key (RFC 8292), POSTed to the endpoint the browser gave.
 */
export class WebPushGateway implements PushGateway {
  constructor(private readonly config: PushConfig, private readonly timeoutMs = PUSH_TIMEOUT_MS) {}

  async send(target: PushTarget, message: PushMessage): Promise<void> {
    try {
      await webpush.sendNotification(target, JSON.stringify(message), {
        vapidDetails: { subject: this.config.subject, publicKey: this.config.publicKey, privateKey: this.config.privateKey },
        TTL: PUSH_TTL_SECONDS,
        urgency: 'normal',
        // RFC 8291's encoding, which every current browser reads (aesgcm is an older draft's).
        contentEncoding: 'aes128gcm',
        timeout: this.timeoutMs,
      })
    }
    catch (error) {
      if (error instanceof webpush.WebPushError)
        throw new PushDeliveryError(error.statusCode, `http_${error.statusCode}`)
      const code = (error as { code?: unknown } | null)?.code
      throw new PushDeliveryError(null, typeof code === 'string' ? code : 'network')
    }
  }
}
