import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockAdapters } from '../mock'
import { DEMO_HOUSEHOLDS } from '../mock/demo-data'
import { seedDemo } from '../mock/seed'
import { unconfiguredAdapters } from './adapters/unconfigured'
import { buildApp, LOG_OPTIONS } from './app'
import { codeFromSms, openTestDb, TestClient, testConfig } from './testing'

describe('logs', () => {
  const lines: string[] = []
  let close: () => Promise<void>
  let client: TestClient
  let sms: ReturnType<typeof createMockAdapters>['sms']

  beforeAll(async () => {
    const db = await openTestDb('sqlite')
    await seedDemo(db)
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString())
        done()
      },
    })
    // The mock SMS gateway logs through the app's logger, as in server/main.ts.
    let log = (_msg: string) => {}
    const adapters = createMockAdapters(msg => log(msg))
    sms = adapters.sms
    const app = await buildApp({ db, adapters, config: testConfig(), logger: { ...LOG_OPTIONS, stream: sink } })
    log = msg => app.log.info(msg)
    await app.ready()
    client = new TestClient(app)
    close = async () => {
      await app.close()
      await db.drop()
    }
  })
  afterAll(() => close())

  it('should log requests without phone numbers, ID numbers, names, cookies or query strings', async () => {
    const phone = '13912345678'
    const member = DEMO_HOUSEHOLDS[0].members[0]
    await client.signInResident(sms, phone)
    const code = codeFromSms(sms.latestFor(phone)!.text)
    await client.post('/api/household/bind', { idNumber: member.idNumber, name: member.name })
    await client.get(`/api/session?phone=${phone}`)
    const text = lines.join('')
    expect(lines.length).toBeGreaterThan(5)
    expect(text).toContain('/api/household/bind')
    expect(text).toContain('[demo sms] to 139****5678')
    for (const secret of [phone, code, member.idNumber, member.name, client.cookies.get('sid')!, '127.0.0.1'])
      expect(text).not.toContain(secret)
  })

  it('should log a household code\'s page path without the code when /h/<token> is opened', async () => {
    const token = 'AQEx2k9fQ7mZ_householdCodeToken-xyz'
    await client.get(`/h/${token}`)
    await client.get(`/h/${token}/visit?from=scan`)
    const text = lines.join('')
    expect(text).not.toContain(token)
    expect(text).toContain('"path":"/h/…"')
    expect(text).toContain('"path":"/h/…/visit"')
  })
})

describe('demo mode off', () => {
  it('should refuse to send a sign-in code, with a clear message, when no SMS gateway is configured', async () => {
    const db = await openTestDb('sqlite')
    const app = await buildApp({ db, adapters: unconfiguredAdapters(), config: testConfig({ demo: false }) })
    const res = await new TestClient(app).post('/api/auth/sms/request', { phone: '13912345678' })
    expect(res.statusCode).toBe(503)
    expect(res.json()).toEqual({ code: 'service_unavailable', message: '短信服务尚未接通，暂时无法发送验证码，请联系村（社区）工作人员' })
    expect((await app.inject({ method: 'GET', url: '/api/dev/sms-outbox' })).statusCode).toBe(404)
    await app.close()
    await db.drop()
  })

  it('should not expose the demo SMS outbox in production', async () => {
    const db = await openTestDb('sqlite')
    const app = await buildApp({ db, adapters: createMockAdapters(), config: testConfig({ production: true, demo: false }) })
    const res = await app.inject({ method: 'GET', url: '/api/dev/sms-outbox' })
    expect(res.statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ demo: false })
    await app.close()
    await db.drop()
  })
})
