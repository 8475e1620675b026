import type { DbKind } from '../db'
import type { TestApp } from '../routes/applications/test-builders'
import type { TestClient } from '../testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../mock/demo-data'
import { residentOf, staffClient } from '../routes/applications/test-builders'
import { TestClient as Client, createTestApp, TEST_DIALECTS } from '../testing'
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './input-guard'

/** The 8 KB body of the report: 4,000 levels of arrays. */
const DEEP_BODY_LEVELS = 4000
const SETUP_TIMEOUT_MS = 60_000

function nested(levels: number): unknown {
  let value: unknown = 'leaf'
  for (let i = 0; i < levels; i++)
    value = [value]
  return value
}

describe('jsonDepthExceeds', () => {
  it('should count only brackets outside strings when a string holds brackets and escaped quotes', () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: '[[[{{{\\"[[[', b: [[1]] }), 3)).toBe(false)
    expect(jsonDepthExceeds(JSON.stringify({ a: [[[1]]] }), 3)).toBe(true)
  })
})

describe.each(TEST_DIALECTS)('bad input is a 400 on %s', (kind: DbKind) => {
  let t: TestApp
  let resident: TestClient
  let county: TestClient
  let town: TestClient

  beforeAll(async () => {
    t = await createTestApp(kind)
    resident = await residentOf(t)
    county = await staffClient(t, 'county')
    town = await staffClient(t, 'town')
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t?.close()
  })

  const expectNulRejected = (res: { statusCode: number, json: () => any }, field?: string) => {
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('validation_failed')
    expect(res.json().message).toContain('NUL')
    expect(res.json().field).toBe(field)
  }

  it('should answer 400 naming the field when the anonymous sign-in form holds a NUL', async () => {
    const anonymous = new Client(t.app, '10.77.0.1')
    expectNulRejected(await anonymous.post('/api/auth/login', { username: 'county\u0000', password: DEMO_PASSWORD }), 'username')
    expectNulRejected(await anonymous.post('/api/auth/sms/request', { phone: '1380013800\u0000' }), 'phone')
  })

  it('should answer 400 naming the nested field when a string deep in a body holds a NUL', async () => {
    expectNulRejected(await resident.put('/api/application-draft', { draft: { members: [{ name: '李\u0000' }] } }), 'draft.members.0.name')
    expectNulRejected(await resident.put('/api/application-draft', { draft: { 'key\u0000': 1 } }), 'draft.key')
    expect((await resident.get('/api/application-draft')).json().draft).toBeNull()
  })

  it('should accept a body when a string holds a backslash followed by u0000, which is no NUL', async () => {
    const note = 'C:\\u0000 是路径，不是空字符'
    expect((await resident.put('/api/application-draft', { draft: { note } })).statusCode).toBe(200)
    expect((await resident.get('/api/application-draft')).json().draft).toEqual({ note })
  })

  it('should answer 400 when CSV import text holds a NUL', async () => {
    expectNulRejected(await county.post('/api/staff/imports/preview', { csv: 'external_id\u0000\n' }), 'csv')
  })

  it('should answer 400 naming the parameter when a path id or a query holds a NUL', async () => {
    expectNulRejected(await resident.get('/api/applications/abc%00def'), 'id')
    expectNulRejected(await town.put('/api/staff/field-workers/%00/areas', { areaCodes: [] }), 'id')
    expectNulRejected(await town.get('/api/staff/visits/coverage?quarter=2026-Q1%00'), 'quarter')
  })

  it('should answer with { code, message } in the user\'s language when a path id is overlong or badly escaped', async () => {
    const overlong = await resident.post(`/api/cases/${'9'.repeat(500)}/withdraw`, {})
    expect(overlong.statusCode).toBe(414)
    expect(overlong.json()).toEqual({ code: 'validation_failed', message: '链接地址有误，请检查后重试' })
    const malformed = await resident.post('/api/cases/%E4%B8/withdraw', {})
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toEqual({ code: 'validation_failed', message: '链接地址有误，请检查后重试' })
  })

  it('should answer 400 when a JSON body nests thousands of levels deep', async () => {
    for (const res of [
      await resident.post('/api/handoffs', { target: '/diagnosis', diagnosis: nested(DEEP_BODY_LEVELS) }),
      await resident.put('/api/application-draft', { draft: nested(DEEP_BODY_LEVELS) }),
    ]) {
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'validation_failed', message: `提交的内容层级过深（超过 ${MAX_JSON_DEPTH} 层），未处理` })
    }
  })

  it('should keep accepting a body when it nests up to the limit or holds brackets inside strings', async () => {
    // The body object and `draft` take two levels.
    expect((await resident.put('/api/application-draft', { draft: nested(MAX_JSON_DEPTH - 1) })).statusCode).toBe(200)
    expect((await resident.put('/api/application-draft', { draft: { note: '['.repeat(DEEP_BODY_LEVELS) } })).statusCode).toBe(200)
  })
})
