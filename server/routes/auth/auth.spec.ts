import type { DbKind } from '../../db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockAdapters } from '../../../mock'
import { DEMO_PASSWORD } from '../../../mock/demo-data'
import { CSRF_HEADER } from '../../../src/domain/http/csrf'
import { buildApp } from '../../app'
import { fieldCipher } from '../../crypto/field-cipher'
import { codeFromSms, createTestApp, TEST_DIALECTS, TestClient, testConfig } from '../../testing'

describe.each(TEST_DIALECTS)('accounts and sessions on %s', (kind: DbKind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let phoneSeq = 0
  // Each test signs in with its own number and address so that rate limits do not interfere.
  const nextPhone = () => `139${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`
  const client = (ip = `10.0.0.${phoneSeq % 250}`, lang = 'zh-CN') => new TestClient(t.app, ip, lang)

  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  afterAll(async () => {
    await t.close()
  })

  it('should report health with the database kind', async () => {
    const res = await client().get('/api/health')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', db: kind, demo: true })
  })

  it('should answer unknown API routes with a JSON 404', async () => {
    const res = await client().get('/api/no-such-thing')
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 'not_found', message: '没有找到您要的内容' })
  })

  it('should refuse a state-changing request without the CSRF token', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'volunteer', password: DEMO_PASSWORD } })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toEqual({ code: 'csrf_failed', message: '页面已过期，请刷新后重试' })
  })

  it('should refuse a CSRF token that does not match the cookie', async () => {
    const c = client()
    await c.get('/api/session')
    const res = await c.post('/api/auth/sms/request', { phone: nextPhone() }, { [CSRF_HEADER]: 'forged' })
    expect(res.statusCode).toBe(403)
  })

  it.each([
    ['zh-CN', '手机号格式不正确，请输入 11 位手机号'],
    ['zh-TW', '手機號格式不正確，請輸入 11 位手機號'],
    ['zh-HK,zh;q=0.9', '手機號格式不正確，請輸入 11 位手機號'],
    ['en', 'Mobile number must be an 11-digit mainland mobile number'],
  ])('should name the phone field in %s when the number is malformed', async (lang, message) => {
    const res = await client('10.1.0.1', lang).post('/api/auth/sms/request', { phone: '1234' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'invalid_mobile', message, field: 'phone' })
  })

  it('should say which field is missing when the body is empty', async () => {
    const res = await client().post('/api/auth/sms/verify', { phone: nextPhone() })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'code', message: '验证码填写有误' })
  })

  it('should sign in a resident with the code sent by SMS, in an HttpOnly cookie', async () => {
    const phone = nextPhone()
    const c = client()
    const sent = await c.post('/api/auth/sms/request', { phone })
    expect(sent.json()).toEqual({ sent: true, resendAfterSeconds: 60, expiresInSeconds: 300 })
    const res = await c.post('/api/auth/sms/verify', { phone, code: codeFromSms(t.sms.latestFor(phone)!.text) })
    expect(res.statusCode).toBe(200)
    expect(res.json().user).toMatchObject({ role: 'resident', phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-4)}`, household: null })
    const cookie = (res.cookies as { name: string, httpOnly?: boolean, sameSite?: string }[]).find(ck => ck.name === 'sid')!
    expect(cookie.httpOnly).toBe(true)
    expect(cookie.sameSite).toBe('Lax')
    expect((await c.get('/api/session')).json().user.role).toBe('resident')
  })

  it('should never put the full phone number into a response', async () => {
    const phone = nextPhone()
    const c = client()
    const res = await c.signInResident(t.sms, phone)
    expect(res.body).not.toContain(phone)
    expect((await c.get('/api/session')).body).not.toContain(phone)
  })

  it('should count down tries on a wrong code and lock after five', async () => {
    const phone = nextPhone()
    const c = client()
    await c.post('/api/auth/sms/request', { phone })
    const right = codeFromSms(t.sms.latestFor(phone)!.text)
    const wrong = right === '000000' ? '111111' : '000000'
    for (const left of [4, 3, 2, 1]) {
      const res = await c.post('/api/auth/sms/verify', { phone, code: wrong })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'sms_code_wrong', message: `验证码不正确，还可以再试 ${left} 次`, field: 'code' })
    }
    expect((await c.post('/api/auth/sms/verify', { phone, code: wrong })).json().code).toBe('sms_code_locked')
    const afterLock = await c.post('/api/auth/sms/verify', { phone, code: right })
    expect(afterLock.statusCode).toBe(429)
    expect(afterLock.json().code).toBe('sms_code_locked')
  })

  it('should refuse an expired code', async () => {
    const phone = nextPhone()
    const c = client()
    await c.post('/api/auth/sms/request', { phone })
    await t.db.kysely.updateTable('sms_codes').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('phone', '=', fieldCipher().index('phone', phone)).execute()
    const res = await c.post('/api/auth/sms/verify', { phone, code: codeFromSms(t.sms.latestFor(phone)!.text) })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('sms_code_expired')
  })

  it('should accept a code only once', async () => {
    const phone = nextPhone()
    const c = client()
    await c.post('/api/auth/sms/request', { phone })
    const code = codeFromSms(t.sms.latestFor(phone)!.text)
    expect((await c.post('/api/auth/sms/verify', { phone, code })).statusCode).toBe(200)
    expect((await c.post('/api/auth/sms/verify', { phone, code })).json().code).toBe('sms_code_expired')
  })

  it('should make a number wait 60 seconds before another code', async () => {
    const phone = nextPhone()
    const c = client()
    expect((await c.post('/api/auth/sms/request', { phone })).statusCode).toBe(200)
    const again = await c.post('/api/auth/sms/request', { phone })
    expect(again.statusCode).toBe(429)
    expect(again.json().code).toBe('rate_limited')
    expect(again.json().message).toMatch(/请 (5\d|60) 秒后再试/)
  })

  it('should limit one address to 20 codes an hour', async () => {
    const c = client('10.9.9.9')
    for (let i = 0; i < 20; i++)
      expect((await c.post('/api/auth/sms/request', { phone: nextPhone() })).statusCode).toBe(200)
    expect((await c.post('/api/auth/sms/request', { phone: nextPhone() })).statusCode).toBe(429)
    // Another address is not affected.
    expect((await client('10.9.9.10').post('/api/auth/sms/request', { phone: nextPhone() })).statusCode).toBe(200)
  })

  it('should not let a forged X-Forwarded-For header escape the address limit', async () => {
    const c = client('10.9.8.7')
    for (let i = 0; i < 20; i++)
      await c.post('/api/auth/sms/request', { phone: nextPhone() }, { 'x-forwarded-for': `172.16.0.${i}` })
    const res = await c.post('/api/auth/sms/request', { phone: nextPhone() }, { 'x-forwarded-for': '172.16.1.1' })
    expect(res.statusCode).toBe(429)
  })

  it.each(['volunteer', 'shegong', 'town', 'county'])('should sign in demo account %s with its password', async (username) => {
    const res = await client().post('/api/auth/login', { username, password: DEMO_PASSWORD })
    expect(res.statusCode).toBe(200)
    expect(res.json().user.areaName).toBeTruthy()
  })

  it('should refuse a wrong password with one message for both unknown user and wrong password', async () => {
    const wrongPassword = await client().post('/api/auth/login', { username: 'volunteer', password: 'nope' })
    const unknownUser = await client().post('/api/auth/login', { username: 'nobody', password: 'nope' })
    expect(wrongPassword.statusCode).toBe(401)
    expect(wrongPassword.json()).toEqual({ code: 'login_failed', message: '用户名或密码不正确' })
    expect(unknownUser.json()).toEqual(wrongPassword.json())
  })

  it('should not keep what was typed as a username in the audit log when it is no account', async () => {
    const typedIdNumber = '339901197506080012'
    await client().post('/api/auth/login', { username: typedIdNumber, password: 'nope' })
    const rows = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'login_failed').execute()
    expect(rows.length).toBeGreaterThan(0)
    expect(JSON.stringify(rows)).not.toContain(typedIdNumber)
  })

  it('should make a username wait after ten failed passwords', async () => {
    const c = client()
    for (let i = 0; i < 10; i++)
      await c.post('/api/auth/login', { username: 'shegong-typo', password: 'x' })
    expect((await c.post('/api/auth/login', { username: 'shegong-typo', password: 'x' })).statusCode).toBe(429)
  })

  it('should end the session on the server at logout', async () => {
    const c = client()
    await c.post('/api/auth/login', { username: 'town', password: DEMO_PASSWORD })
    const sid = c.cookies.get('sid')!
    expect((await c.post('/api/auth/logout')).json()).toEqual({ user: null })
    expect((await c.get('/api/session')).json()).toEqual({ user: null })
    // Replaying the old cookie does not bring the session back.
    c.cookies.set('sid', sid)
    expect((await c.get('/api/session')).json()).toEqual({ user: null })
  })

  it('should forget an expired session', async () => {
    const c = client()
    await c.post('/api/auth/login', { username: 'county', password: DEMO_PASSWORD })
    await t.db.kysely.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute()
    expect((await c.get('/api/session')).json()).toEqual({ user: null })
  })

  it('should treat a live session of a disabled account as signed out', async () => {
    const c = client()
    await c.post('/api/auth/login', { username: 'shegong', password: DEMO_PASSWORD })
    expect((await c.get('/api/session')).json().user.role).toBe('social_worker')
    await t.db.kysely.updateTable('users').set({ disabled: 1 }).where('username', '=', 'shegong').execute()
    try {
      expect((await c.get('/api/session')).json()).toEqual({ user: null })
      expect((await c.get('/api/visits/mine')).statusCode).toBe(401)
    }
    finally {
      await t.db.kysely.updateTable('users').set({ disabled: 0 }).where('username', '=', 'shegong').execute()
    }
  })

  it('should share sessions between server processes on one database', async () => {
    const c = client()
    await c.post('/api/auth/login', { username: 'volunteer', password: DEMO_PASSWORD })
    const second = await buildApp({ db: t.db, adapters: { ...createMockAdapters(), sms: t.sms, registry: { findHouseholdByMember: async () => null } }, config: testConfig() })
    const res = await second.inject({ method: 'GET', url: '/api/session', headers: { cookie: `sid=${c.cookies.get('sid')}` } })
    expect(res.json().user.role).toBe('volunteer')
    await second.close()
  })

  it('should publish an OpenAPI document with every route', async () => {
    const doc = (await client().get('/api/docs/json')).json()
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/session', '/api/auth/sms/request', '/api/auth/sms/verify', '/api/auth/login', '/api/auth/logout', '/api/household/bind']))
  })
})
