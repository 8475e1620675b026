import type { DbKind } from '../../db'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMockAdapters } from '../../../mock'
import { DEMO_PASSWORD } from '../../../mock/demo-data'
import { CSRF_COOKIE, CSRF_HEADER } from '../../../src/domain/http/csrf'
import { buildApp } from '../../app'
import { readTrustProxy } from '../../config'
import { fieldCipher } from '../../crypto/field-cipher'
import { deleteExpiredRateLimits, limitKey, resetAttempts, takeAttempt } from '../../db/repos/rate-limits'
import { LOGIN_MAX_FAILURES, LOGIN_MAX_PER_ADDRESS, LOGIN_SLOW_PER_ADDRESS, LOGIN_USERNAME_CEILING, SMS_MAX_ATTEMPTS, SMS_MAX_PER_IP_PER_HOUR } from '../../services/auth/sms-policy'
import { codeFromSms, createTestApp, TEST_DIALECTS, TestClient, testConfig } from '../../testing'

// Counts how often a password is really checked (scrypt), without changing what it answers.
const checks = vi.hoisted(() => ({ hashes: [] as string[] }))
vi.mock('../../security', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../security')>()
  return {
    ...actual,
    verifyPassword: async (password: string, stored: string) => {
      checks.hashes.push(stored)
      return actual.verifyPassword(password, stored)
    },
  }
})

const PARALLEL = 20
const MINUTE_MS = 60_000

describe('tRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['off', false],
    ['1', 1],
    ['2', 2],
    ['10.0.0.5, 10.1.0.0/16', ['10.0.0.5', '10.1.0.0/16']],
  ])('should read %j as %j when set', (value, expected) => {
    expect(readTrustProxy(value)).toEqual(expected)
  })

  it.each(['true', 'yes', 'on'])('should refuse to start when TRUST_PROXY=%s would trust every hop', (value) => {
    expect(() => readTrustProxy(value)).toThrow(/hop count/)
  })
})

describe.each(TEST_DIALECTS)('sign-in limits and CSRF on %s', (kind: DbKind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let seq = 0
  const nextIp = () => `10.${20 + (++seq >> 8)}.${seq & 255}.7`
  const nextPhone = () => `137${String(10_000_000 + ++seq * 7919).slice(-8)}`
  const client = (ip = nextIp(), lang = 'zh-CN') => new TestClient(t.app, ip, lang)
  const secret = testConfig().secret

  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  beforeEach(() => {
    checks.hashes.length = 0
  })
  afterAll(async () => {
    await t.close()
  })

  describe('the rate limiter', () => {
    const rule = (key: string, now = new Date()) => ({ key, limit: 5, windowMs: 15 * MINUTE_MS, now })

    it('should allow exactly the limit when 20 attempts come at once', async () => {
      const key = limitKey(secret, 'test', `parallel-${kind}`)
      const results = await Promise.all(Array.from({ length: PARALLEL }, () => takeAttempt(t.db.kysely, rule(key))))
      expect(results.filter(r => r.allowed)).toHaveLength(5)
      for (const refused of results.filter(r => !r.allowed))
        expect(refused.retryAfterSeconds).toBeGreaterThan(14 * 60)
    })

    it('should open a new window when the old one has ended', async () => {
      const key = limitKey(secret, 'test', 'window')
      const start = new Date()
      for (let i = 0; i < 6; i++)
        await takeAttempt(t.db.kysely, rule(key, start))
      expect((await takeAttempt(t.db.kysely, rule(key, new Date(start.getTime() + 14 * MINUTE_MS)))).allowed).toBe(false)
      const later = new Date(start.getTime() + 15 * MINUTE_MS)
      expect(await takeAttempt(t.db.kysely, rule(key, later))).toEqual({ allowed: true, retryAfterSeconds: 0 })
      const row = await t.db.kysely.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirstOrThrow()
      expect(row).toMatchObject({ attempts: 1, window_start: later.toISOString() })
    })

    it('should start afresh when a key is reset', async () => {
      const key = limitKey(secret, 'test', 'reset')
      for (let i = 0; i < 6; i++)
        await takeAttempt(t.db.kysely, rule(key))
      await resetAttempts(t.db.kysely, key)
      expect((await takeAttempt(t.db.kysely, rule(key))).allowed).toBe(true)
    })

    it('should sweep only counters whose window has ended', async () => {
      const old = limitKey(secret, 'test', 'sweep-old')
      const live = limitKey(secret, 'test', 'sweep-live')
      await takeAttempt(t.db.kysely, rule(old, new Date(Date.now() - 20 * MINUTE_MS)))
      await takeAttempt(t.db.kysely, rule(live))
      await deleteExpiredRateLimits(t.db.kysely, new Date())
      const keys = (await t.db.kysely.selectFrom('rate_limits').select('key').where('key', 'in', [old, live]).execute()).map(r => r.key)
      expect(keys).toEqual([live])
    })

    it('should never store an address in clear when it is part of a key', async () => {
      const key = limitKey(secret, 'login-address', '203.0.113.99')
      expect(key).toMatch(/^login-address:[0-9a-f]{64}$/)
      await client('203.0.113.99').post('/api/auth/login', { username: 'volunteer', password: 'wrong' })
      const stored = await t.db.kysely.selectFrom('rate_limits').select('key').execute()
      expect(stored.map(r => r.key)).toContain(key)
      expect(stored.some(r => r.key.includes('203.0.113.99') || r.key.includes('volunteer'))).toBe(false)
    })
  })

  describe('password sign-in', () => {
    it('should check at most the limit and refuse the right password when 20 wrong passwords come at once', async () => {
      const c = client()
      await c.get('/api/session')
      const answers = await Promise.all(Array.from({ length: PARALLEL }, () => c.post('/api/auth/login', { username: 'shegong', password: 'wrong' })))
      expect(checks.hashes).toHaveLength(LOGIN_MAX_FAILURES)
      expect(answers.filter(a => a.statusCode === 401)).toHaveLength(LOGIN_MAX_FAILURES)
      expect(answers.filter(a => a.statusCode === 429)).toHaveLength(PARALLEL - LOGIN_MAX_FAILURES)
      const right = await c.post('/api/auth/login', { username: 'shegong', password: DEMO_PASSWORD })
      expect(right.statusCode).toBe(429)
      expect(right.json()).toEqual({ code: 'rate_limited', message: '操作太频繁，请 15 分钟后再试' })
      expect(checks.hashes).toHaveLength(LOGIN_MAX_FAILURES)
    })

    it('should let the staff member in from their own address when another address is locked for their username', async () => {
      const attacker = client()
      for (let i = 0; i < LOGIN_MAX_FAILURES + 1; i++)
        await attacker.post('/api/auth/login', { username: 'town', password: 'wrong' })
      expect((await attacker.post('/api/auth/login', { username: 'town', password: DEMO_PASSWORD })).statusCode).toBe(429)
      expect((await client().post('/api/auth/login', { username: 'town', password: DEMO_PASSWORD })).statusCode).toBe(200)
    })

    it('should say the wait in minutes in every language when the wait is long', async () => {
      const ip = nextIp()
      for (let i = 0; i < LOGIN_MAX_FAILURES; i++)
        await client(ip).post('/api/auth/login', { username: 'volunteer', password: 'wrong' })
      const zhTW = await client(ip, 'zh-TW').post('/api/auth/login', { username: 'volunteer', password: 'wrong' })
      expect(zhTW.json().message).toBe('操作太頻繁，請 15 分鐘後再試')
      const en = await client(ip, 'en').post('/api/auth/login', { username: 'volunteer', password: 'wrong' })
      expect(en.json().message).toBe('Too many attempts. Please try again in 15 minutes')
    })

    // An address that has used all but one of its tries (faster than guessing them one by one).
    async function nearlySpentAddress(ip: string) {
      const key = limitKey(secret, 'login-address', ip)
      for (let i = 0; i < LOGIN_MAX_PER_ADDRESS - 1; i++)
        await takeAttempt(t.db.kysely, { key, limit: LOGIN_MAX_PER_ADDRESS, windowMs: 15 * MINUTE_MS, now: new Date() })
    }

    it('should stop one address trying many usernames when it reaches the address limit', async () => {
      const c = client()
      await nearlySpentAddress(c.ip)
      expect((await c.post('/api/auth/login', { username: 'guess-a', password: 'wrong' })).statusCode).toBe(401)
      expect((await c.post('/api/auth/login', { username: 'county', password: DEMO_PASSWORD })).statusCode).toBe(429)
    })

    it('should not count successful sign-ins against the address when a shared office signs in often', async () => {
      const office = client()
      await nearlySpentAddress(office.ip)
      for (let i = 0; i < 3; i++)
        expect((await office.post('/api/auth/login', { username: 'volunteer', password: DEMO_PASSWORD })).statusCode).toBe(200)
    })

    it('should slow down but not lock a username when guesses come from many addresses', async () => {
      const username = 'county'
      // The ceiling reached, as by a guesser on many addresses.
      const byUser = limitKey(secret, 'login-user', username)
      for (let i = 0; i < LOGIN_USERNAME_CEILING; i++)
        await takeAttempt(t.db.kysely, { key: byUser, limit: LOGIN_USERNAME_CEILING, windowMs: 60 * MINUTE_MS, now: new Date() })
      const guesser = client()
      for (let i = 0; i < LOGIN_SLOW_PER_ADDRESS; i++)
        expect((await guesser.post('/api/auth/login', { username, password: 'wrong' })).statusCode).toBe(401)
      expect((await guesser.post('/api/auth/login', { username, password: 'wrong' })).statusCode).toBe(429)
      // The staff member at their desk still gets in.
      const desk = client()
      expect((await desk.post('/api/auth/login', { username, password: 'wrong' })).statusCode).toBe(401)
      expect((await desk.post('/api/auth/login', { username, password: DEMO_PASSWORD })).statusCode).toBe(200)
    })

    it('should spend one scrypt check for an unknown username as for a known one', async () => {
      const known = await client().post('/api/auth/login', { username: 'volunteer', password: 'wrong' })
      const unknown = await client().post('/api/auth/login', { username: 'nobody-here', password: 'wrong' })
      expect(known.statusCode).toBe(401)
      expect(unknown.json()).toEqual(known.json())
      expect(checks.hashes).toHaveLength(2)
      // Both are real scrypt hashes of the same cost.
      const cost = (h: string) => h.split('$').slice(0, 4).join('$')
      expect(checks.hashes[1]).toMatch(/^scrypt\$/)
      expect(cost(checks.hashes[1])).toBe(cost(checks.hashes[0]))
    })
  })

  describe('sMS codes', () => {
    it('should check exactly the allowed tries and refuse the right code afterwards when 20 wrong codes come at once', async () => {
      const phone = nextPhone()
      const c = client()
      await c.post('/api/auth/sms/request', { phone })
      const right = codeFromSms(t.sms.latestFor(phone)!.text)
      const wrong = right === '000000' ? '111111' : '000000'
      const answers = await Promise.all(Array.from({ length: PARALLEL }, () => c.post('/api/auth/sms/verify', { phone, code: wrong })))
      const codes = answers.map(a => a.json().code)
      expect(codes.filter(code => code === 'sms_code_wrong')).toHaveLength(SMS_MAX_ATTEMPTS - 1)
      expect(codes.filter(code => code === 'sms_code_locked')).toHaveLength(PARALLEL - SMS_MAX_ATTEMPTS + 1)
      const row = await t.db.kysely.selectFrom('sms_codes').select('attempts').where('phone', '=', fieldCipher().index('phone', phone)).executeTakeFirstOrThrow()
      expect(row.attempts).toBe(SMS_MAX_ATTEMPTS)
      const late = await c.post('/api/auth/sms/verify', { phone, code: right })
      expect(late.statusCode).toBe(429)
      expect(late.json().code).toBe('sms_code_locked')
    })

    it('should accept the right code on the last allowed try', async () => {
      const phone = nextPhone()
      const c = client()
      await c.post('/api/auth/sms/request', { phone })
      const right = codeFromSms(t.sms.latestFor(phone)!.text)
      const wrong = right === '000000' ? '111111' : '000000'
      for (let i = 0; i < SMS_MAX_ATTEMPTS - 1; i++)
        await c.post('/api/auth/sms/verify', { phone, code: wrong })
      expect((await c.post('/api/auth/sms/verify', { phone, code: right })).statusCode).toBe(200)
    })

    it('should send one code when 20 requests for the same number come at once', async () => {
      const phone = nextPhone()
      const c = client()
      await c.get('/api/session')
      const answers = await Promise.all(Array.from({ length: PARALLEL }, () => c.post('/api/auth/sms/request', { phone })))
      expect(answers.filter(a => a.statusCode === 200)).toHaveLength(1)
      expect(answers.filter(a => a.statusCode === 429)).toHaveLength(PARALLEL - 1)
      expect(t.sms.outbox.filter(m => m.phone === phone)).toHaveLength(1)
    })

    it('should send no more than the address limit when requests for many numbers come at once', async () => {
      const c = client()
      await c.get('/api/session')
      const phones = Array.from({ length: SMS_MAX_PER_IP_PER_HOUR + 5 }, () => nextPhone())
      const answers = await Promise.all(phones.map(phone => c.post('/api/auth/sms/request', { phone })))
      expect(answers.filter(a => a.statusCode === 200)).toHaveLength(SMS_MAX_PER_IP_PER_HOUR)
      expect(t.sms.outbox.filter(m => phones.includes(m.phone))).toHaveLength(SMS_MAX_PER_IP_PER_HOUR)
    })
  })

  describe('tRUST_PROXY', () => {
    const PROXY = '10.250.0.1'

    async function ipSeenBy(trustProxy: false | number | string[], remoteAddress: string, forwardedFor: string) {
      const app = await buildApp({ db: t.db, adapters: { ...createMockAdapters(), sms: t.sms }, config: testConfig({ trustProxy }) })
      app.get('/ip-probe', async request => ({ ip: request.ip }))
      const res = await app.inject({ method: 'GET', url: '/ip-probe', remoteAddress, headers: { 'x-forwarded-for': forwardedFor } })
      await app.close()
      return res.json().ip as string
    }

    it('should take the address the one proxy saw when a client sends its own X-Forwarded-For entry', async () => {
      expect(await ipSeenBy(1, PROXY, 'spoofed, 198.51.100.4')).toBe('198.51.100.4')
    })

    it('should take the address the first of two proxies saw when TRUST_PROXY is 2', async () => {
      expect(await ipSeenBy(2, PROXY, 'spoofed, 198.51.100.4, 10.250.0.2')).toBe('198.51.100.4')
    })

    it('should not believe X-Forwarded-For when a client on the internet reaches the server directly', async () => {
      expect(await ipSeenBy(1, '198.51.100.9', 'spoofed')).toBe('198.51.100.9')
    })

    it('should believe only the listed proxies when TRUST_PROXY lists addresses', async () => {
      expect(await ipSeenBy([PROXY], PROXY, 'spoofed, 198.51.100.4')).toBe('198.51.100.4')
      expect(await ipSeenBy(['10.250.0.0/16'], PROXY, 'spoofed, 198.51.100.4')).toBe('198.51.100.4')
      expect(await ipSeenBy([PROXY], '198.51.100.9', 'spoofed')).toBe('198.51.100.9')
    })

    it('should ignore X-Forwarded-For when TRUST_PROXY is off', async () => {
      expect(await ipSeenBy(false, '198.51.100.9', 'spoofed')).toBe('198.51.100.9')
    })

    it('should hold the per-address SMS limit behind one proxy when clients forge X-Forwarded-For', async () => {
      const app = await buildApp({ db: t.db, adapters: { ...createMockAdapters(), sms: t.sms }, config: testConfig({ trustProxy: 1 }) })
      const send = (i: number) => app.inject({ method: 'POST', url: '/api/auth/sms/request', remoteAddress: PROXY, payload: { phone: nextPhone() }, headers: { 'x-forwarded-for': `172.16.${i}.1, 198.51.100.77` } })
      for (let i = 0; i < 20; i++)
        expect((await send(i)).statusCode).toBe(200)
      expect((await send(99)).statusCode).toBe(429)
      await app.close()
    })
  })

  describe('cSRF', () => {
    const csrfOf = (res: { cookies: unknown }) => (res.cookies as { name: string, value: string }[]).find(ck => ck.name === CSRF_COOKIE)?.value

    it('should give a new CSRF token and refuse the old one when a resident signs in by SMS', async () => {
      const c = client()
      await c.get('/api/session')
      const before = c.cookies.get(CSRF_COOKIE)!
      const res = await c.signInResident(t.sms, nextPhone())
      expect(res.statusCode).toBe(200)
      expect(csrfOf(res)).toBeTruthy()
      expect(csrfOf(res)).not.toBe(before)
      // The page's cookie now holds the new token: a request made with the old one is refused.
      const replay = await c.post('/api/auth/logout', undefined, { [CSRF_HEADER]: before })
      expect(replay.statusCode).toBe(403)
      expect((await c.get('/api/session')).json().user.role).toBe('resident')
    })

    it('should give a new CSRF token when staff sign in with a password and when they sign out', async () => {
      const c = client()
      await c.get('/api/session')
      const first = c.cookies.get(CSRF_COOKIE)
      const login = await c.post('/api/auth/login', { username: 'shegong', password: DEMO_PASSWORD })
      expect(login.statusCode).toBe(200)
      expect(csrfOf(login)).not.toBe(first)
      const signedIn = c.cookies.get(CSRF_COOKIE)
      const logout = await c.post('/api/auth/logout')
      expect(logout.statusCode).toBe(200)
      expect(csrfOf(logout)).toBeTruthy()
      expect(csrfOf(logout)).not.toBe(signedIn)
    })

    it.each([
      ['/api/diagnosis', {}, 400],
      ['/api/enquiry', {}, 400],
    ])('should answer a cookie-less anonymous call to %s when it has no CSRF token', async (url, payload, status) => {
      const res = await t.app.inject({ method: 'POST', url, payload, remoteAddress: nextIp() })
      expect(res.statusCode).toBe(status)
      expect(res.json().code).not.toBe('csrf_failed')
    })

    it('should send a code for a cookie-less API client when it has no CSRF token', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/sms/request', payload: { phone: nextPhone() }, remoteAddress: nextIp() })
      expect(res.statusCode).toBe(200)
    })

    it('should refuse a cookie-less anonymous call when it comes from another site', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/sms/request', payload: { phone: nextPhone() }, headers: { 'sec-fetch-site': 'cross-site' }, remoteAddress: nextIp() })
      expect(res.statusCode).toBe(403)
      expect(res.json().code).toBe('csrf_failed')
    })

    it('should refuse an anonymous endpoint without the token when the call carries a cookie', async () => {
      const c = client()
      await c.get('/api/session')
      const csrfOnly = await t.app.inject({ method: 'POST', url: '/api/auth/sms/request', payload: { phone: nextPhone() }, headers: { cookie: `${CSRF_COOKIE}=${c.cookies.get(CSRF_COOKIE)}` }, remoteAddress: nextIp() })
      expect(csrfOnly.statusCode).toBe(403)
      await c.signInResident(t.sms, nextPhone())
      const withSession = await t.app.inject({ method: 'POST', url: '/api/diagnosis', payload: {}, headers: { cookie: `sid=${c.cookies.get('sid')}` }, remoteAddress: nextIp() })
      expect(withSession.statusCode).toBe(403)
      expect(withSession.json().code).toBe('csrf_failed')
    })

    it.each(['/api/auth/login', '/api/auth/sms/verify', '/api/auth/logout', '/api/handoffs'])('should refuse a cookie-less call to %s when it has no CSRF token', async (url) => {
      const res = await t.app.inject({ method: 'POST', url, payload: {}, remoteAddress: nextIp() })
      expect(res.statusCode).toBe(403)
      expect(res.json().code).toBe('csrf_failed')
    })
  })
})
