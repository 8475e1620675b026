import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockAdapters } from '../mock'
import { DEMO_HOUSEHOLDS } from '../mock/demo-data'
import { buildApp, LOG_OPTIONS } from './app'
import { seedDemo } from './seed'
import { openTestDb, TestClient, testConfig } from './testing'

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
    await client.post('/api/household/bind', { idNumber: member.idNumber, name: member.name })
    await client.get(`/api/session?phone=${phone}`)
    const text = lines.join('')
    expect(lines.length).toBeGreaterThan(5)
    expect(text).toContain('/api/household/bind')
    expect(text).toContain('[mock sms] to 139****5678')
    for (const secret of [phone, member.idNumber, member.name, client.cookies.get('sid')!, '127.0.0.1'])
      expect(text).not.toContain(secret)
  })
})

describe('production mode', () => {
  it('should not expose the demo SMS outbox', async () => {
    const db = await openTestDb('sqlite')
    const app = await buildApp({ db, adapters: createMockAdapters(), config: testConfig({ production: true, exposeSmsOutbox: false, seedDemo: false }) })
    const res = await app.inject({ method: 'GET', url: '/api/dev/sms-outbox' })
    expect(res.statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ demo: false })
    await app.close()
    await db.drop()
  })
})
