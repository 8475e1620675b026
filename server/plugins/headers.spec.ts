import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../testing'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

// Headers do not depend on the database: SQLite only.
describe('security headers', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp('sqlite')
  })
  afterAll(async () => {
    await t.close()
  })

  it('should send a CSP with scripts from our origin only and no framing when any page or answer is served', async () => {
    for (const url of ['/api/health', '/login', '/api/no-such-route']) {
      const res = await t.app.inject({ method: 'GET', url })
      const csp = String(res.headers['content-security-policy'])
      expect(csp, url).toContain('script-src \'self\';')
      expect(csp, url).toContain('frame-ancestors \'none\'')
      expect(csp, url).toContain('object-src \'none\'')
      expect(csp, url).not.toContain('unsafe-eval')
      expect(res.headers['x-frame-options'], url).toBe('DENY')
      expect(res.headers['referrer-policy'], url).toBe('no-referrer')
      expect(res.headers['x-content-type-options'], url).toBe('nosniff')
      // Outside production: plain http://localhost must keep working.
      expect(res.headers['strict-transport-security'], url).toBeUndefined()
      expect(csp, url).not.toContain('upgrade-insecure-requests')
    }
  })

  it('should keep personal API answers out of every cache when they are sent', async () => {
    const resident = t.client()
    await resident.signInResident(t.sms, '13900001111')
    for (const url of ['/api/session', '/api/notifications', '/api/no-such-route']) {
      const res = await resident.get(url)
      expect(res.headers['cache-control'], url).toBe('no-store')
    }
    const signIn = await t.client().post('/api/auth/sms/request', { phone: '13900002222' })
    expect(signIn.headers['cache-control']).toBe('no-store')
  })

  it('should let public answers be cached when they are the same for everyone', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/regions' })).headers['cache-control']).toBe('public, max-age=3600')
    expect((await t.app.inject({ method: 'GET', url: '/api/household-code/keys' })).headers['cache-control']).toBe('public, no-cache')
    // A refusal on a cacheable route is not kept.
    expect((await t.app.inject({ method: 'GET', url: '/api/regions/000000' })).headers['cache-control']).toBe('no-store')
  })

  it('should serve the API docs outside production', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(200)
  })
})

describe('security headers in production', () => {
  it('should send HSTS and hide the API docs when API_DOCS is not set', async () => {
    const t = await createTestApp('sqlite', { production: true, secureCookies: true, apiDocs: false })
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/health' })
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
      expect(res.headers['content-security-policy']).toContain('upgrade-insecure-requests')
      expect((await t.app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(404)
      expect((await t.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBe(404)
    }
    finally {
      await t.close()
    }
  })

  it('should serve the API docs in production when API_DOCS=1 asks for them', async () => {
    const t = await createTestApp('sqlite', { production: true, apiDocs: true })
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(200)
    }
    finally {
      await t.close()
    }
  })
})
