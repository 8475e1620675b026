import { describe, expect, it } from 'vitest'
import { channelPreferencesBody, isPushEndpoint, pushSubscriptionBody } from './api'

describe('push endpoints', () => {
  it.each([
    ['https://fcm.googleapis.com/fcm/send/abc', true],
    ['https://updates.push.services.mozilla.com/wpush/v2/abc', true],
    ['https://web.push.apple.com/QGuQyavXutnMH', true],
    ['https://wns2-par02p.notify.windows.com/w/?token=abc', true],
    ['http://fcm.googleapis.com/fcm/send/abc', false],
    ['https://fcm.googleapis.com:444/fcm/send/abc', false],
    ['https://user:pw@fcm.googleapis.com/fcm/send/abc', false],
    ['https://fcm.googleapis.com.evil.example/abc', false],
    ['https://evilfcm.googleapis.com.example/abc', false],
    ['https://127.0.0.1/abc', false],
    ['https://localhost/abc', false],
    ['not a url', false],
  ])('should take %s as an endpoint: %s', (url, ok) => {
    expect(isPushEndpoint(url)).toBe(ok)
  })

  it('should take a browser\'s subscription as it gives it', () => {
    const subscription = { endpoint: 'https://fcm.googleapis.com/fcm/send/abc', expirationTime: null, keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) } }
    expect(pushSubscriptionBody.safeParse(subscription).success).toBe(true)
    expect(pushSubscriptionBody.safeParse({ ...subscription, keys: { ...subscription.keys, p256dh: `C${'A'.repeat(86)}` } }).success).toBe(false)
  })

  it('should want at least one channel in a change', () => {
    expect(channelPreferencesBody.safeParse({}).success).toBe(false)
    expect(channelPreferencesBody.safeParse({ sms: false }).success).toBe(true)
  })
})
