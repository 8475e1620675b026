import type { PublishedKeys } from '../../../src/domain/household-code/api'
import type { DbKind } from '../../db'
import type { TestApp } from '../applications/test-builders'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERIFY_PER_ADDRESS_PER_MINUTE } from '.'
import { base64urlToBytes, bytesToBase64url, decodeToken, encodeToken, importPublicKey, TOKEN_CHARS, verifyToken } from '../../../src/domain/household-code/token'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'
import { residentOf, staffClient, unboundResident } from '../applications/test-builders'

const INVALID = { code: 'invalid_household_code', message: '这个幸福码无效或已作废，请让住户打开最新的幸福码' }
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/)
/** The configured public address: every QR points there, whatever Host a request names. */
const PUBLIC_URL = 'https://xingfu.example.gov.cn'

/** The verification the PWA makes offline: published keys and revoked list, shared verifyToken. */
async function verifyOffline(published: PublishedKeys, token: string) {
  const keys = new Map(await Promise.all(published.keys.map(async k => [k.keyId, await importPublicKey(k.jwk)] as const)))
  const revoked = new Set(published.revoked.map(r => `${r.ref}:${r.version}`))
  return verifyToken(token, keys, (ref, version) => revoked.has(`${ref}:${version}`))
}

/** The token with one byte changed. */
function withByte(token: string, position: number, change: (byte: number) => number): string {
  const bytes = base64urlToBytes(token)!
  bytes[position] = change(bytes[position])
  return bytesToBase64url(bytes)
}

describe.each(TEST_DIALECTS)('household code API on %s', (kind: DbKind) => {
  let t: TestApp
  let li: TestClient
  let anonymous: TestClient

  const keys = async () => (await anonymous.get('/api/household-code/keys')).json() as PublishedKeys
  const verify = (token: unknown) => anonymous.post('/api/household-code/verify', { token })
  /** The household a token names, as only the server knows it. */
  const householdOf = async (token: string) => {
    const decoded = decodeToken(token)
    if (!decoded.ok)
      throw new Error(`not a token: ${decoded.reason}`)
    const row = await t.db.kysely.selectFrom('household_codes').select('household_id').where('ref', '=', decoded.payload.ref).executeTakeFirstOrThrow()
    return row.household_id
  }

  beforeAll(async () => {
    t = await createTestApp(kind, { publicUrl: PUBLIC_URL })
    li = await residentOf(t, 'li')
    anonymous = new TestClient(t.app, '10.43.0.1')
  })
  afterAll(async () => {
    await t.close()
  })

  it('should publish one Ed25519 public key and no private part', async () => {
    const res = await anonymous.get('/api/household-code/keys')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ keys: [{ keyId: 1, jwk: { kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[\w-]{43}$/) } }], revoked: [] })
    expect(res.body).not.toContain('"d"')
  })

  it('should give a resident their code, which verifies against the published key', async () => {
    const res = await li.get('/api/household-code')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toEqual({ token: expect.any(String), url: `${PUBLIC_URL}/h/${body.token}`, version: 1, issuedAt: ISO })
    expect(body.token).toHaveLength(TOKEN_CHARS)
    const result = await verifyOffline(await keys(), body.token)
    expect(result).toEqual({ ok: true, payload: { keyId: 1, ref: expect.any(String), version: 1, issuedAt: Date.parse(body.issuedAt) / 1000 } })
  })

  it('should point the QR to PUBLIC_URL when a request forges its Host header', async () => {
    const cookie = [...li.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    for (const headers of [{ host: 'evil.example' }, { 'host': 'evil.example:8443', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' }]) {
      const res = await t.app.inject({ method: 'GET', url: '/api/household-code', headers: { ...headers, cookie } })
      expect(res.statusCode).toBe(200)
      expect(res.json().url).toBe(`${PUBLIC_URL}/h/${res.json().token}`)
    }
  })

  it('should give the same code on every request', async () => {
    const [a, b] = await Promise.all([li.get('/api/household-code'), li.get('/api/household-code')])
    expect(a.json()).toEqual(b.json())
  })

  it('should put no personal data in the token', async () => {
    const { token } = (await li.get('/api/household-code')).json()
    const decoded = decodeToken(token)
    expect(decoded.ok && decoded.payload.ref).toMatch(/^[\w-]{16}$/)
    expect(token).not.toContain(await householdOf(token))
  })

  it('should revoke the old version when a resident regenerates', async () => {
    const old = (await li.get('/api/household-code')).json()
    const res = await li.post('/api/household-code/regenerate', {})
    expect(res.statusCode).toBe(200)
    const next = res.json()
    expect(next).toEqual({ token: expect.any(String), url: `${PUBLIC_URL}/h/${next.token}`, version: old.version + 1, issuedAt: ISO })
    expect((await li.get('/api/household-code')).json()).toEqual(next)

    const published = await keys()
    const decoded = decodeToken(old.token)
    expect(published.revoked).toContainEqual({ ref: decoded.ok ? decoded.payload.ref : '', version: old.version })
    expect(await verifyOffline(published, old.token)).toEqual({ ok: false, reason: 'revoked' })
    expect(await verifyOffline(published, next.token)).toMatchObject({ ok: true })

    const oldCheck = await verify(old.token)
    expect(oldCheck.statusCode).toBe(400)
    expect(oldCheck.json()).toEqual(INVALID)
    const newCheck = await verify(next.token)
    expect(newCheck.statusCode).toBe(200)
    expect(newCheck.json()).toEqual({ valid: true, version: next.version })
  })

  it('should audit a regeneration without personal data', async () => {
    const rows = await t.db.kysely.selectFrom('audit_log').select(['action', 'subject_type', 'detail']).where('action', '=', 'household_code_regenerate').execute()
    expect(rows).toContainEqual({ action: 'household_code_regenerate', subject_type: 'household', detail: 'version=2' })
  })

  it('should let town staff regenerate a code of their area', async () => {
    const wang = await residentOf(t, 'wang')
    const before = (await wang.get('/api/household-code')).json()
    const town = await staffClient(t, 'town')
    const res = await town.post('/api/household-code/regenerate', { householdId: await householdOf(before.token) })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ version: before.version + 1 })
    expect((await wang.get('/api/household-code')).json()).toEqual(res.json())
    expect((await verify(before.token)).json()).toEqual(INVALID)
  })

  it('should ask staff which household (400)', async () => {
    const res = await (await staffClient(t, 'town')).post('/api/household-code/regenerate', {})
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'validation_failed', message: '请指明要重新生成幸福码的家庭', field: 'householdId' })
  })

  it('should hide a household outside the staff member\'s area (404)', async () => {
    const { token } = (await li.get('/api/household-code')).json()
    const town2 = await staffClient(t, 'town2')
    const res = await town2.post('/api/household-code/regenerate', { householdId: await householdOf(token) })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 'not_found', message: '没有找到您要的内容' })
  })

  it('should not let a resident regenerate another household\'s code (404)', async () => {
    const before = (await li.get('/api/household-code')).json()
    const chen = await residentOf(t, 'chen')
    const res = await chen.post('/api/household-code/regenerate', { householdId: await householdOf(before.token) })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ code: 'not_found', message: '没有找到您要的内容' })
    expect((await li.get('/api/household-code')).json()).toEqual(before)
  })

  it('should answer 429 when one address checks too many codes in a minute, and not limit another address', async () => {
    const prober = new TestClient(t.app, '10.43.9.9')
    for (let i = 0; i < VERIFY_PER_ADDRESS_PER_MINUTE; i++)
      expect((await prober.post('/api/household-code/verify', { token: `guess-${i}` })).statusCode).toBe(400)
    const refused = await prober.post('/api/household-code/verify', { token: 'guess' })
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toEqual({ code: 'rate_limited', message: expect.stringMatching(/^操作太频繁，请 \d+ 秒后再试$/) })
    expect((await new TestClient(t.app, '10.43.9.10').post('/api/household-code/verify', { token: 'guess' })).statusCode).toBe(400)
  })

  it('should refuse a volunteer with 403', async () => {
    const volunteer = await staffClient(t, 'volunteer')
    const res = await volunteer.get('/api/household-code')
    expect(res.statusCode).toBe(403)
    expect(res.json()).toEqual({ code: 'forbidden', message: '您没有权限进行此操作' })
  })

  it('should tell a resident without a household to link it first', async () => {
    const res = await (await unboundResident(t)).get('/api/household-code')
    expect(res.statusCode).toBe(403)
    expect(res.json()).toEqual({ code: 'forbidden', message: '请先绑定您的家庭，才能查看幸福码' })
  })

  it('should ask for sign-in (401)', async () => {
    const res = await anonymous.get('/api/household-code')
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ code: 'unauthenticated', message: '请先登录' })
  })

  it('should reject a token signed with a key the server does not hold', async () => {
    const { token } = (await li.get('/api/household-code')).json()
    const decoded = decodeToken(token)
    const pair = await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair
    const forged = await encodeToken(decoded.ok ? decoded.payload : { keyId: 1, ref: '', version: 1, issuedAt: 0 }, pair.privateKey)
    const res = await verify(forged)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual(INVALID)
  })

  it.each([
    ['altered version', (t: string) => withByte(t, 15, b => b ^ 1)],
    ['altered signature', (t: string) => withByte(t, 80, b => b ^ 1)],
    ['unknown key id', (t: string) => withByte(t, 1, () => 200)],
    ['unknown format', (t: string) => withByte(t, 0, () => 9)],
    ['truncated', (t: string) => t.slice(0, -8)],
    ['extended', (t: string) => `${t}AAAA`],
    ['garbage', () => '!!not a token!!'],
    ['empty', () => ''],
  ])('should answer 400 with a plain message for a %s token', async (_name, make) => {
    const { token } = (await li.get('/api/household-code')).json()
    const res = await verify(make(token))
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual(INVALID)
  })

  it('should answer 400, not 500, for a body that is not a token at all', async () => {
    for (const body of [{ token: 42 }, {}, { token: 'x'.repeat(10_000) }]) {
      const res = await anonymous.post('/api/household-code/verify', body)
      expect(res.statusCode).toBe(400)
      expect(res.json().code).toBe('validation_failed')
    }
  })
  // Last in the file: it changes the keys every test above relies on.
  it('should rotate keys: new codes carry the new key, old ones verify until their key is retired', async () => {
    const county = await staffClient(t, 'county')
    const town = await staffClient(t, 'town')
    const before = (await li.get('/api/household-code')).json().token as string
    expect(decodeToken(before)).toMatchObject({ ok: true, payload: { keyId: 1 } })
    expect((await town.post('/api/staff/household-code/keys/rotate', {})).statusCode).toBe(403)

    const rotated = await county.post('/api/staff/household-code/keys/rotate', {})
    expect(rotated.statusCode).toBe(200)
    expect(rotated.json().keys.map((k: { keyId: number }) => k.keyId)).toEqual([1, 2])
    const after = (await li.get('/api/household-code')).json().token as string
    const { ref, version } = (decodeToken(before) as { payload: { ref: string, version: number } }).payload
    expect(decodeToken(after)).toMatchObject({ ok: true, payload: { keyId: 2, ref, version } })
    // A code printed before the rotation still works, on the server and offline.
    expect((await verify(before)).statusCode).toBe(200)
    expect((await verifyOffline(await keys(), before)).ok).toBe(true)

    // The newest key cannot be retired: codes always need a key to be signed with.
    const refused = await county.post('/api/staff/household-code/keys/2/retire', {})
    expect(refused.statusCode).toBe(409)
    expect(refused.json().code).toBe('conflict')
    expect((await county.post('/api/staff/household-code/keys/1/retire', {})).statusCode).toBe(200)
    expect((await keys()).keys.map(k => k.keyId)).toEqual([2])
    expect((await verify(before)).json()).toEqual(INVALID)
    expect(await verifyOffline(await keys(), before)).toEqual({ ok: false, reason: 'unknown_key' })
    expect((await verify(after)).statusCode).toBe(200)
    expect((await county.post('/api/staff/household-code/keys/1/retire', {})).statusCode).toBe(409)
    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'subject_id']).where('action', 'like', 'household_code_key_%').orderBy('at').execute()
    expect(audit).toEqual([{ action: 'household_code_key_rotate', subject_id: '2' }, { action: 'household_code_key_retire', subject_id: '1' }])
  })
})
