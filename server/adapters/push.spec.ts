import { createECDH, randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import webpush from 'web-push'
import { readConfig, readPushConfig } from '../config'
import { PushDeliveryError, WebPushGateway } from './push'

const PAIR = webpush.generateVAPIDKeys()
const VAPID = { VAPID_PUBLIC_KEY: PAIR.publicKey, VAPID_PRIVATE_KEY: PAIR.privateKey, VAPID_SUBJECT: 'mailto:ops@xingfu.example.gov.cn' }
const TARGET = { endpoint: 'https://fcm.googleapis.com/fcm/send/abc', keys: { p256dh: createECDH('prime256v1').generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') } }
const MESSAGE = { title: '幸福码', body: '您的社会救助申请已受理，点击查看详情', url: '/progress/a1' }

describe('web push gateway', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('should send the message as JSON, signed with our VAPID key, for a day at most', async () => {
    const send = vi.spyOn(webpush, 'sendNotification').mockResolvedValue({ statusCode: 201, body: '', headers: {} })
    await new WebPushGateway({ publicKey: PAIR.publicKey, privateKey: PAIR.privateKey, subject: VAPID.VAPID_SUBJECT, demo: false }).send(TARGET, MESSAGE)
    expect(send).toHaveBeenCalledWith(TARGET, JSON.stringify(MESSAGE), expect.objectContaining({
      vapidDetails: { subject: VAPID.VAPID_SUBJECT, publicKey: PAIR.publicKey, privateKey: PAIR.privateKey },
      TTL: 86_400,
      contentEncoding: 'aes128gcm',
    }))
  })

  it.each([[410, true], [404, true], [429, false], [500, false], [403, false]])('should report the service\'s %i (gone: %s) by its status, not its text', async (status, gone) => {
    vi.spyOn(webpush, 'sendNotification').mockRejectedValue(new webpush.WebPushError(`Received unexpected response code ${TARGET.endpoint}`, status, {}, 'body', TARGET.endpoint))
    const error = await new WebPushGateway({ ...PAIR, subject: VAPID.VAPID_SUBJECT, demo: false }).send(TARGET, MESSAGE).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PushDeliveryError)
    expect(error).toMatchObject({ statusCode: status, code: `http_${status}`, gone })
  })

  it('should report a push service it cannot reach by the network error\'s code', async () => {
    const closed = { ...TARGET, endpoint: 'https://127.0.0.1:1/push' }
    const error = await new WebPushGateway({ ...PAIR, subject: VAPID.VAPID_SUBJECT, demo: false }, 2000).send(closed, MESSAGE).catch((e: unknown) => e)
    expect(error).toMatchObject({ statusCode: null, code: 'ECONNREFUSED', gone: false })
  })
})

describe('push configuration', () => {
  it('should have no push when VAPID keys are not set and demo mode is off (fail closed)', () => {
    expect(readConfig({ NODE_ENV: 'test' }).push).toBeNull()
  })

  it('should read a configured key pair', () => {
    expect(readPushConfig(VAPID, false)).toEqual({ publicKey: PAIR.publicKey, privateKey: PAIR.privateKey, subject: VAPID.VAPID_SUBJECT, demo: false })
    expect(readConfig({ NODE_ENV: 'test', DEMO: '1', ...VAPID }).push?.demo).toBe(false)
  })

  it('should derive the demo\'s key pair from APP_SECRET, the same after a restart', () => {
    const first = readConfig({ NODE_ENV: 'test', DEMO: '1', APP_SECRET: 'one' }).push!
    expect(first).toMatchObject({ demo: true, subject: 'mailto:demo@localhost' })
    expect(readConfig({ NODE_ENV: 'test', DEMO: '1', APP_SECRET: 'one' }).push).toEqual(first)
    expect(readConfig({ NODE_ENV: 'test', DEMO: '1', APP_SECRET: 'two' }).push!.publicKey).not.toBe(first.publicKey)
    // A real P-256 pair, as browsers and web-push want it.
    const ecdh = createECDH('prime256v1')
    ecdh.setPrivateKey(Buffer.from(first.privateKey, 'base64url'))
    expect(ecdh.getPublicKey().toString('base64url')).toBe(first.publicKey)
  })

  it.each(['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'])('should refuse to start naming %s when only it is missing', (name) => {
    expect(() => readPushConfig({ ...VAPID, [name]: '' }, false)).toThrow(name)
  })

  it('should refuse a public key that is not the private key\'s, and a subject nobody can write to', () => {
    expect(() => readPushConfig({ ...VAPID, VAPID_PUBLIC_KEY: webpush.generateVAPIDKeys().publicKey }, false)).toThrow('VAPID_PUBLIC_KEY')
    expect(() => readPushConfig({ ...VAPID, VAPID_PRIVATE_KEY: 'short' }, false)).toThrow('VAPID_')
    expect(() => readPushConfig({ ...VAPID, VAPID_SUBJECT: 'ops@example' }, false)).toThrow('VAPID_SUBJECT')
  })
})
