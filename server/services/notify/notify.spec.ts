import type { SmsGateway } from '../../adapters/sms'
import type { DbKind } from '../../db'
import type { TestApp } from '../../routes/applications/test-builders'
import type { DispatchDeps } from './dispatch'
import { createECDH, randomBytes, randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMockAdapters } from '../../../mock'
import { OutboxPushGateway } from '../../../mock/push'
import { CSRF_COOKIE, CSRF_HEADER } from '../../../src/domain/http/csrf'
import { idCheckChar } from '../../../src/domain/id-number'
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, sendableFrom } from '../../../src/domain/notify/schedule'
import { shanghaiDayStart, shanghaiToday } from '../../../src/domain/time'
import { renderSms } from '../../adapters/sms'
import { buildApp } from '../../app'
import { upsertHouseholdFromRegistry } from '../../db/repos/households'
import { bindUserHousehold } from '../../db/repos/users'
import { AppError } from '../../errors'
import { act, bindAtOffice, caseOf, forgetDemoPayments, HOUSEHOLD, staffClient, submitDemoApplication } from '../../routes/applications/test-builders'
import { createTestApp, TEST_DIALECTS, TestClient, testConfig } from '../../testing'
import { dispatchDue } from './dispatch'

// Texts and pushes of case news and invitations (issue #19), end to end: staff decide through
// the API, the messages are queued with the decision, the worker's tick (dispatchDue, with the
// stand-in outboxes) sends them.

const PUBLIC_URL = 'https://xingfu.example.gov.cn'
const PARALLEL = 20
const SETUP_TIMEOUT_MS = 60_000
const HOUR_MS = 3_600_000
const BIG_BILL_FEN = 3_200_000

let sequence = 0

/** A device's subscription as a browser gives it: a real P-256 key, a random secret. */
function browserSubscription(host = 'fcm.googleapis.com') {
  const ecdh = createECDH('prime256v1')
  return {
    endpoint: `https://${host}/fcm/send/${randomUUID()}`,
    expirationTime: null,
    keys: { p256dh: ecdh.generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') },
  }
}

/** The latest 22:30 in Beijing before now: a night the tests' sessions (made now) already cover. */
function lastNightAt2230(): Date {
  const today = Date.parse(shanghaiDayStart(shanghaiToday())) + 22.5 * HOUR_MS
  return new Date(today < Date.now() ? today : today - 24 * HOUR_MS)
}

describe.each(TEST_DIALECTS)('texts and pushes of case news on %s', (kind: DbKind) => {
  let t: TestApp
  let town: TestClient
  /**
   * What the worker sent, per test: every text (the SMS outbox of the app keeps the sign-in codes,
   * and only its last 200) and a push outbox. A decision on the shared demo household goes to
   * every account earlier tests bound to it.
   */
  let texts: { phone: string, text: string }[] = []
  let push = new OutboxPushGateway()
  const sms: SmsGateway = { send: async (phone, message) => void texts.push({ phone, text: renderSms(message) }) }

  const deps = (over: Partial<DispatchDeps> = {}): DispatchDeps => ({ db: t.db.kysely, sms, push, publicUrl: PUBLIC_URL, channels: { sms: true, push: true }, ...over })
  /** A moment by day after everything queued so far: messages queued at night are due at 08:00. */
  const daytime = () => sendableFrom(new Date(Date.now() + 1000))
  const textsTo = (phone: string) => texts.filter(m => m.phone === phone)
  const rowsOf = (notificationIds: string[]) => t.db.kysely.selectFrom('outbound_messages').selectAll().where('notification_id', 'in', notificationIds).execute()

  /**
   * A resident of the household with a phone of their own, signed in, optionally with a subscribed
   * device: bound at the office to a demo household's member, or straight to a household of the
   * test's own (which the demo registry does not know).
   */
  async function resident(member: { idNumber: string, name: string } | { householdId: string } = HOUSEHOLD.li.members[0], subscribe = true) {
    const n = ++sequence
    const phone = `1370000${String(1000 + n)}`
    const client = new TestClient(t.app, `10.60.${Math.floor(n / 250)}.${n % 250}`)
    await client.signInResident(t.sms, phone)
    if ('householdId' in member) {
      const { user } = (await client.get('/api/session')).json() as { user: { id: string } }
      expect(await bindUserHousehold(t.db.kysely, user.id, member.householdId, 'staff_checked_id_card', new Date().toISOString(), `test-${n}`)).toBe(true)
    }
    else {
      await bindAtOffice(t, phone, member)
    }
    const device = browserSubscription()
    if (subscribe) {
      const res = await client.post('/api/me/push-subscriptions', device)
      expect(res.statusCode, res.body).toBe(200)
    }
    const { user } = (await client.get('/api/session')).json() as { user: { id: string } }
    return { client, phone, endpoint: device.endpoint, userId: user.id }
  }

  /** An application of the li household by this resident, its temporary-assistance case. */
  async function temporaryCase(client: TestClient) {
    const application = await submitDemoApplication(client, 'li', { items: ['temporary'] })
    return { applicationId: application.id, caseId: caseOf(application, 'temporary').id }
  }

  /** DELETE with a JSON body, as the PWA sends an unsubscribe (TestClient's delete sends none). */
  async function deleteWithBody(client: TestClient, url: string, body: unknown) {
    await client.get('/api/session')
    return t.app.inject({
      method: 'DELETE',
      url,
      payload: body as object,
      headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), [CSRF_HEADER]: client.cookies.get(CSRF_COOKIE)! },
      remoteAddress: client.ip,
    })
  }

  async function notificationIdsOf(userId: string, caseId: string) {
    return (await t.db.kysely.selectFrom('notifications').select('id').where('user_id', '=', userId).where('case_id', '=', caseId).execute()).map(r => r.id)
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    await forgetDemoPayments(t)
    town = await staffClient(t, 'town')
  }, SETUP_TIMEOUT_MS)
  beforeEach(() => {
    texts = []
    push = new OutboxPushGateway()
  })
  afterEach(() => {
    vi.useRealTimers()
  })
  afterAll(async () => {
    await t?.close()
  })

  it('should send one text and one push when staff accept a case, and none to a person who opted out', async () => {
    const a = await resident()
    const b = await resident()
    const optOut = await b.client.put('/api/me/notification-channels', { sms: false, push: false })
    expect(optOut.json()).toMatchObject({ sms: { enabled: false }, push: { enabled: false, devices: 1 } })
    const { applicationId, caseId } = await temporaryCase(a.client)

    expect((await act(town, caseId, 'accept')).statusCode).toBe(200)
    // Queued in the decision's transaction, nothing sent yet.
    const queued = await rowsOf(await notificationIdsOf(a.userId, caseId))
    expect(queued.map(r => [r.channel, r.template, r.status, JSON.parse(r.params)]).sort()).toEqual([
      ['push', 'case_accepted', 'queued', { path: `/progress/${applicationId}` }],
      ['sms', 'case_accepted', 'queued', { path: `/progress/${applicationId}` }],
    ])
    expect(await rowsOf(await notificationIdsOf(b.userId, caseId))).toEqual([])
    expect(textsTo(a.phone)).toEqual([])

    await dispatchDue(deps(), daytime())
    await dispatchDue(deps(), daytime())

    expect(textsTo(a.phone).map(m => m.text)).toEqual([`【幸福码】您的社会救助申请已受理，详情请查看 ${PUBLIC_URL}/progress/${applicationId}`])
    expect(push.sentTo(a.endpoint).map(p => p.message)).toEqual([{ title: '幸福码', body: '您的社会救助申请已受理，点击查看详情', url: `/progress/${applicationId}` }])
    expect(textsTo(b.phone)).toEqual([])
    expect(push.sentTo(b.endpoint)).toEqual([])
    const sent = await rowsOf(await notificationIdsOf(a.userId, caseId))
    expect(sent.every(r => r.status === 'sent' && r.attempts === 1 && r.sent_at !== null && r.last_error === null)).toBe(true)
  })

  it('should send what asks something of the household or decides its case, and nothing for a step in between', async () => {
    const a = await resident()
    const { caseId } = await temporaryCase(a.client)
    await act(town, caseId, 'accept')
    await act(town, caseId, 'start_check')
    await act(town, caseId, 'request_info')
    await dispatchDue(deps(), daytime())
    expect(textsTo(a.phone).map(m => m.text.split('，')[0])).toEqual(['【幸福码】您的社会救助申请已受理', '【幸福码】您的社会救助申请需要补充材料'])
    // The staff's words (the reason, the item) stay behind the sign-in.
    expect(textsTo(a.phone).some(m => m.text.includes('工资流水') || m.text.includes('临时救助'))).toBe(false)
    expect(push.sentTo(a.endpoint).map(p => p.message.body)).toEqual(['您的社会救助申请已受理，点击查看详情', '您的社会救助申请需要补充材料，点击查看'])
  })

  it('should word the push in the language the device subscribed in', async () => {
    const a = await resident()
    const en = new TestClient(t.app, '10.61.0.1', 'en')
    for (const [name, value] of a.client.cookies) en.cookies.set(name, value)
    const device = browserSubscription()
    expect((await en.post('/api/me/push-subscriptions', device)).statusCode).toBe(200)
    const { caseId } = await temporaryCase(a.client)
    await act(town, caseId, 'accept')
    await dispatchDue(deps(), daytime())
    expect(push.sentTo(device.endpoint).map(p => p.message.body)).toEqual(['Your social assistance application has been accepted. Tap to see the details'])
  })

  it('should store nothing to send when the decision is refused', async () => {
    const a = await resident()
    const { caseId } = await temporaryCase(a.client)
    const before = await t.db.kysely.selectFrom('outbound_messages').select('id').execute()
    expect((await act(town, caseId, 'approve')).statusCode).toBe(409)
    expect(await t.db.kysely.selectFrom('outbound_messages').select('id').execute()).toHaveLength(before.length)
  })

  it('should invite a household taken in from a warning in the app, by text and by push', async () => {
    const county = await staffClient(t, 'county')
    const feed = (await county.post('/api/staff/feed-credentials', { department: 'yibao', name: '医保系统' })).json().token as string
    const body = `33990119820202${String(++sequence).padStart(3, '0')}`
    const member = { idNumber: body + idCheckChar(body), name: `邀请${sequence}` }
    const householdId = await upsertHouseholdFromRegistry(t.db.kysely, { registryRef: `NOTIFY-${sequence}`, areaCode: '339901001001', address: '通知测试 1 号', members: [{ ...member, relation: 'self', isHead: true, phone: null }] })
    const a = await resident({ householdId })
    const day = shanghaiToday()
    const fed = await t.app.inject({ method: 'POST', url: '/api/feeds/events', headers: { authorization: `Bearer ${feed}` }, payload: { events: [{ kind: 'medical_spending', externalId: `YB-N-${sequence}`, idNumber: member.idNumber, occurredAt: day, amountFen: BIG_BILL_FEN, period: day.slice(0, 7) }] } })
    expect(fed.statusCode, fed.body).toBe(200)
    const warning = await t.db.kysely.selectFrom('warnings').select('id').where('household_id', '=', householdId).executeTakeFirstOrThrow()

    expect((await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'taken_in' })).statusCode).toBe(200)
    expect((await a.client.get('/api/notifications')).json().items.map((n: { text: string }) => n.text)).toContain('工作人员核实了您家的情况：您家可能可以申请社会救助，请在首页查看并答复')
    await dispatchDue(deps(), daytime())
    expect(textsTo(a.phone).map(m => m.text)).toEqual([`【幸福码】工作人员核实了您家的情况，您家可能可以申请社会救助，请查看 ${PUBLIC_URL}/`])
    expect(push.sentTo(a.endpoint).map(p => p.message)).toEqual([{ title: '幸福码', body: '您家可能可以申请社会救助，点击查看', url: '/' }])
    // Nothing of the warning's reason (a medical bill) leaves in a message.
    expect(JSON.stringify([...textsTo(a.phone), ...push.sentTo(a.endpoint)])).not.toMatch(/医疗|万元|32000/)
  })

  it('should hold a decision made at 22:30 Beijing time until 08:00', async () => {
    const a = await resident()
    const { caseId } = await temporaryCase(a.client)
    const night = lastNightAt2230()
    vi.useFakeTimers({ toFake: ['Date'], now: night })
    expect((await act(town, caseId, 'accept')).statusCode).toBe(200)
    vi.useRealTimers()
    const morning = new Date(night.getTime() + 9.5 * HOUR_MS)
    const rows = await rowsOf(await notificationIdsOf(a.userId, caseId))
    expect(rows.map(r => r.next_attempt_at)).toEqual([morning.toISOString(), morning.toISOString()])

    await dispatchDue(deps(), new Date(night.getTime() + HOUR_MS / 2))
    await dispatchDue(deps(), new Date(morning.getTime() - 1000))
    expect(textsTo(a.phone)).toEqual([])
    expect(push.sentTo(a.endpoint)).toEqual([])
    await dispatchDue(deps(), morning)
    expect(textsTo(a.phone)).toHaveLength(1)
    expect(push.sentTo(a.endpoint)).toHaveLength(1)
  })

  it('should try a failed push and text again after a minute, then send them once', async () => {
    const a = await resident()
    const { caseId } = await temporaryCase(a.client)
    push.failNext(a.endpoint, 503)
    let smsFailures = 1
    const flaky: SmsGateway = {
      send: async (phone, message) => {
        if (phone === a.phone && smsFailures-- > 0)
          throw new AppError(503, 'service_unavailable', {}, undefined, 'sms_unavailable')
        return sms.send(phone, message)
      },
    }
    await act(town, caseId, 'accept')
    const at = daytime()
    await dispatchDue(deps({ sms: flaky }), at)
    const ids = await notificationIdsOf(a.userId, caseId)
    const retry = new Date(at.getTime() + RETRY_DELAYS_MS[0]).toISOString()
    expect((await rowsOf(ids)).map(r => [r.channel, r.status, r.attempts, r.last_error, r.next_attempt_at]).sort()).toEqual([
      ['push', 'queued', 1, 'http_503', sendableFrom(new Date(retry)).toISOString()],
      ['sms', 'queued', 1, 'sms_unavailable', sendableFrom(new Date(retry)).toISOString()],
    ])
    const subscription = await t.db.kysely.selectFrom('push_subscriptions').select(['last_failure', 'last_failure_at']).where('user_id', '=', a.userId).executeTakeFirstOrThrow()
    expect(subscription).toEqual({ last_failure: 'http_503', last_failure_at: at.toISOString() })

    await dispatchDue(deps({ sms: flaky }), new Date(at.getTime() + RETRY_DELAYS_MS[0] / 2))
    expect(textsTo(a.phone)).toEqual([])
    const later = sendableFrom(new Date(retry))
    await dispatchDue(deps({ sms: flaky }), later)
    await dispatchDue(deps({ sms: flaky }), new Date(later.getTime() + HOUR_MS))
    expect(textsTo(a.phone)).toHaveLength(1)
    expect(push.sentTo(a.endpoint)).toHaveLength(1)
    expect((await rowsOf(ids)).map(r => [r.status, r.attempts])).toEqual([['sent', 2], ['sent', 2]])
  })

  it('should give a message up after its last attempt, saying why on its row', async () => {
    const a = await resident()
    const { caseId } = await temporaryCase(a.client)
    push.failNext(a.endpoint, ...Array.from({ length: MAX_ATTEMPTS }, () => null))
    await a.client.put('/api/me/notification-channels', { sms: false })
    await act(town, caseId, 'accept')
    let at = daytime()
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await dispatchDue(deps(), at)
      at = sendableFrom(new Date(at.getTime() + 3 * HOUR_MS))
    }
    const [row] = await rowsOf(await notificationIdsOf(a.userId, caseId))
    expect(row).toMatchObject({ channel: 'push', status: 'failed', attempts: MAX_ATTEMPTS, last_error: 'network', sent_at: null })
    await dispatchDue(deps(), at)
    expect(push.sentTo(a.endpoint)).toEqual([])
  })

  it('should forget a device whose push service answers 410, and queue nothing more for it', async () => {
    const a = await resident()
    const first = await temporaryCase(a.client)
    push.failNext(a.endpoint, 410)
    await act(town, first.caseId, 'accept')
    await dispatchDue(deps(), daytime())
    const [pushRow] = (await rowsOf(await notificationIdsOf(a.userId, first.caseId))).filter(r => r.channel === 'push')
    expect(pushRow).toMatchObject({ status: 'failed', last_error: 'http_410', subscription_id: null })
    expect((await a.client.get('/api/me/notification-channels')).json().push.devices).toBe(0)
    expect(await t.db.kysely.selectFrom('push_subscriptions').select('id').where('user_id', '=', a.userId).execute()).toEqual([])

    const second = await temporaryCase(a.client)
    await act(town, second.caseId, 'accept')
    expect((await rowsOf(await notificationIdsOf(a.userId, second.caseId))).map(r => r.channel)).toEqual(['sms'])
  })

  it('should send each message once when 20 ticks run at once', async () => {
    const a = await resident()
    const { caseId } = await temporaryCase(a.client)
    await act(town, caseId, 'accept')
    const at = daytime()
    const results = await Promise.all(Array.from({ length: PARALLEL }, () => dispatchDue(deps(), at)))
    expect(textsTo(a.phone)).toHaveLength(1)
    expect(push.sentTo(a.endpoint)).toHaveLength(1)
    expect(results.reduce((n, r) => n + r.sent, 0)).toBeGreaterThanOrEqual(2)
  })

  it('should text a refusal that also ends dependent items once, not once per item', async () => {
    const a = await resident()
    const application = await submitDemoApplication(a.client, 'li', { items: ['dibao', 'housing'] })
    const dibao = caseOf(application, 'dibao')
    for (const action of ['accept', 'start_check', 'start_review'] as const)
      await act(town, dibao.id, action)
    await dispatchDue(deps(), daytime())
    expect((await act(town, dibao.id, 'reject')).statusCode).toBe(200)
    const cases = await t.db.kysely.selectFrom('cases').select(['item', 'status']).where('application_id', '=', application.id).execute()
    expect(cases.map(c => c.status).sort()).toEqual(['rejected', 'rejected'])
    await dispatchDue(deps(), daytime())
    expect(textsTo(a.phone).filter(m => m.text.includes('未获批准'))).toHaveLength(1)
    expect(push.sentTo(a.endpoint).filter(p => p.message.body.includes('未获批准'))).toHaveLength(1)
  })

  it('should cancel what a channel without its provider cannot send, and what the person turned off meanwhile', async () => {
    const a = await resident()
    const { caseId } = await temporaryCase(a.client)
    await act(town, caseId, 'accept')
    await a.client.put('/api/me/notification-channels', { push: false })
    await dispatchDue(deps({ channels: { sms: false, push: true } }), daytime())
    expect((await rowsOf(await notificationIdsOf(a.userId, caseId))).map(r => [r.channel, r.status, r.last_error]).sort()).toEqual([
      ['push', 'cancelled', 'opted_out'],
      ['sms', 'cancelled', 'channel_unavailable'],
    ])
    expect(textsTo(a.phone)).toEqual([])
  })

  describe('the channels API', () => {
    it('should start with texts on for a resident with a phone, push offered with the VAPID key and no device', async () => {
      const a = await resident(undefined, false)
      const res = await a.client.get('/api/me/notification-channels')
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({
        sms: { available: true, enabled: true, phoneMasked: `${a.phone.slice(0, 3)}****${a.phone.slice(-4)}` },
        push: { available: true, enabled: true, vapidPublicKey: testConfig().push!.publicKey, devices: 0 },
      })
    })

    it('should turn one channel off and leave the other as it was', async () => {
      const a = await resident(undefined, false)
      expect((await a.client.put('/api/me/notification-channels', { sms: false })).json()).toMatchObject({ sms: { enabled: false }, push: { enabled: true } })
      expect((await a.client.put('/api/me/notification-channels', { push: false })).json()).toMatchObject({ sms: { enabled: false }, push: { enabled: false } })
      expect((await a.client.put('/api/me/notification-channels', { sms: true })).json()).toMatchObject({ sms: { enabled: true }, push: { enabled: false } })
      const empty = await a.client.put('/api/me/notification-channels', {})
      expect(empty.statusCode).toBe(400)
      expect(empty.json().code).toBe('validation_failed')
    })

    it('should subscribe a device once however often it subscribes, seal it, and turn push on', async () => {
      const a = await resident(undefined, false)
      await a.client.put('/api/me/notification-channels', { push: false })
      const device = browserSubscription()
      await a.client.post('/api/me/push-subscriptions', device)
      const again = await a.client.post('/api/me/push-subscriptions', device)
      expect(again.json().push).toMatchObject({ enabled: true, devices: 1 })
      const [row] = await t.db.kysely.selectFrom('push_subscriptions').selectAll().where('user_id', '=', a.userId).execute()
      expect(row!.endpoint).toMatch(/^enc1\./)
      expect(row!.keys).toMatch(/^enc1\./)
      expect(JSON.stringify(row)).not.toContain(device.keys.auth)
      const removed = await deleteWithBody(a.client, '/api/me/push-subscriptions', { endpoint: device.endpoint })
      expect(removed.statusCode, removed.body).toBe(200)
      expect(removed.json().push.devices).toBe(0)
    })

    it('should move a device to the account that subscribes it last (a shared phone)', async () => {
      const a = await resident()
      const b = await resident(undefined, false)
      const device = { ...browserSubscription(), endpoint: a.endpoint }
      await b.client.post('/api/me/push-subscriptions', device)
      expect((await a.client.get('/api/me/notification-channels')).json().push.devices).toBe(0)
      expect((await b.client.get('/api/me/notification-channels')).json().push.devices).toBe(1)
    })

    it.each([
      ['an http endpoint', { endpoint: 'http://fcm.googleapis.com/fcm/send/x' }, 'endpoint'],
      ['an endpoint of an unknown host', { endpoint: 'https://169.254.169.254/latest' }, 'endpoint'],
      ['an endpoint of a look-alike host', { endpoint: 'https://fcm.googleapis.com.evil.example/x' }, 'endpoint'],
      ['an endpoint on another port', { endpoint: 'https://fcm.googleapis.com:8443/x' }, 'endpoint'],
      ['a key that is no P-256 point', { keys: { p256dh: 'AAAA', auth: randomBytes(16).toString('base64url') } }, 'keys.p256dh'],
      ['a short secret', { keys: { p256dh: browserSubscription().keys.p256dh, auth: 'abc' } }, 'keys.auth'],
    ])('should refuse %s with 400 and store nothing', async (_name, spoilt, field) => {
      const a = await resident(undefined, false)
      const res = await a.client.post('/api/me/push-subscriptions', { ...browserSubscription(), ...spoilt })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'validation_failed', field })
      expect(await t.db.kysely.selectFrom('push_subscriptions').select('id').where('user_id', '=', a.userId).execute()).toEqual([])
    })

    it('should answer 401 signed out and 403 to staff', async () => {
      expect((await new TestClient(t.app, '10.62.0.1').get('/api/me/notification-channels')).statusCode).toBe(401)
      expect((await town.get('/api/me/notification-channels')).statusCode).toBe(403)
    })

    it('should offer no push and subscribe nothing when the server has no VAPID keys', async () => {
      const app = await buildApp({ db: t.db, adapters: createMockAdapters(), config: testConfig({ push: null }) })
      await app.ready()
      try {
        const a = await resident(undefined, false)
        const client = new TestClient(app, '10.62.0.2')
        for (const [name, value] of a.client.cookies) client.cookies.set(name, value)
        expect((await client.get('/api/me/notification-channels')).json().push).toEqual({ available: false, enabled: false, vapidPublicKey: null, devices: 0 })
        const res = await client.post('/api/me/push-subscriptions', browserSubscription())
        expect(res.statusCode).toBe(503)
        expect(res.json()).toMatchObject({ code: 'service_unavailable', message: '本系统尚未开通手机通知，请使用短信提醒' })
      }
      finally {
        await app.close()
      }
    })
  })
})
