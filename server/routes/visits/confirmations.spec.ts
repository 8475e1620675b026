import type { DbKind } from '../../db'
import type { TestClient } from '../../testing'
import type { HouseholdKey, TestApp } from '../applications/test-builders'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeToken, encodeToken } from '../../../src/domain/household-code/token'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { HOUSEHOLD, residentOf, staffClient } from '../applications/test-builders'

// Issue #16: a visit logged with a code regenerated BEFORE the visit (the volunteer's phone
// checked it offline with an old revocation list) is kept and waits for town 民政 staff, instead
// of being refused and lost. Until confirmed it counts nowhere; forged codes are still refused.

const DAY = 86_400_000
const SETUP_TIMEOUT_MS = 60_000
const PRIVATE_NOTE = '私密记录：老人说儿子很少回来'
const URGENT_NOTE = '屋里没有暖气，老人咳嗽厉害'
const INVALID_CODE = { code: 'invalid_household_code', message: '这个幸福码无效或已作废，请让住户打开最新的幸福码' }
const OUTSIDE_AREA = { code: 'forbidden', message: '这户不在您负责的区域。如需探访，请镇（街道）民政为您分配该村（社区）' }
const FORBIDDEN = { code: 'forbidden', message: '您没有权限进行此操作' }
/** Whole seconds, like every stored issue time; earlier than any visit of these tests. */
const ISSUED_LONG_AGO = new Date(Math.floor((Date.now() - 60 * DAY) / 1000) * 1000).toISOString()

describe.each(TEST_DIALECTS)('visits waiting for staff confirmation on %s', (kind: DbKind) => {
  let t: TestApp
  let volunteer: TestClient
  let town: TestClient
  let town2: TestClient

  const householdIdOf = async (key: HouseholdKey) => (await t.db.kysely.selectFrom('households').select('id').where('registry_ref', '=', HOUSEHOLD[key].registryRef).executeTakeFirstOrThrow()).id

  /**
   * The household's code as a volunteer's phone still knows it, after the household regenerated
   * it two days ago. Version 1 is dated back as if issued long ago, so the visit does not precede it.
   */
  async function regeneratedTwoDaysAgo(key: HouseholdKey): Promise<{ old: string, resident: TestClient }> {
    const resident = await residentOf(t, key)
    await resident.get('/api/household-code')
    const householdId = await householdIdOf(key)
    await t.db.kysely.updateTable('household_codes').set({ issued_at: ISSUED_LONG_AGO }).where('household_id', '=', householdId).execute()
    const old = (await resident.get('/api/household-code')).json().token as string
    expect((await resident.post('/api/household-code/regenerate', {})).statusCode).toBe(200)
    const decoded = decodeToken(old)
    await t.db.kysely.updateTable('revoked_codes').set({ revoked_at: new Date(Date.now() - 2 * DAY).toISOString() }).where('ref', '=', decoded.ok ? decoded.payload.ref : '').execute()
    return { old, resident }
  }

  const visitBody = (token: string, over: Record<string, unknown> = {}) => ({
    clientId: randomUUID(),
    token,
    type: 'care',
    visitedAt: new Date(Date.now() - DAY).toISOString(),
    observations: [{ dimension: 'health', level: 'urgent', note: '咳嗽' }],
    urgent: true,
    urgentNote: URGENT_NOTE,
    notes: PRIVATE_NOTE,
    ...over,
  })

  const auditOf = (action: string) => t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', action).execute()
  const visitIdOf = async (clientId: string) => (await t.db.kysely.selectFrom('visits').select('id').where('client_id', '=', clientId).executeTakeFirstOrThrow()).id

  beforeAll(async () => {
    t = await createTestApp(kind)
    volunteer = await staffClient(t, 'volunteer')
    town = await staffClient(t, 'town')
    town2 = await staffClient(t, 'town2')
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it('should document the confirmation routes with their error answers', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    expect(Object.keys(doc.paths['/api/visits'].post.responses)).toEqual(expect.arrayContaining(['200', '201', '202', '400', '403', '409']))
    expect(Object.keys(doc.paths['/api/staff/visits/confirmations'].get.responses)).toEqual(expect.arrayContaining(['200', '401', '403']))
    for (const action of ['confirm', 'reject'])
      expect(Object.keys(doc.paths[`/api/staff/visits/confirmations/{id}/${action}`].post.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404', '409']))
  })

  it('should keep a visit with a code regenerated before it as waiting (202), and count it nowhere', async () => {
    const { old, resident } = await regeneratedTwoDaysAgo('wang')
    const body = visitBody(old)
    const first = await volunteer.post('/api/visits', body)
    expect(first.statusCode).toBe(202)
    expect(first.json()).toEqual({ id: expect.any(String), clientId: body.clientId, created: true, status: 'pending_confirmation' })
    // A resend (a lost answer) is answered the same, and stores nothing more.
    const again = await volunteer.post('/api/visits', body)
    expect(again.statusCode).toBe(202)
    expect(again.json()).toEqual({ id: first.json().id, clientId: body.clientId, created: false, status: 'pending_confirmation' })
    expect(await t.db.kysely.selectFrom('visits').select('id').where('client_id', '=', body.clientId).execute()).toHaveLength(1)

    // Not in 谁来看过我, the visitor's history or this month's count, nor an urgent flag yet.
    const seen = (await resident.get('/api/household/visits')).json().visits as { id: string }[]
    expect(seen.map(v => v.id)).not.toContain(first.json().id)
    const mine = (await volunteer.get('/api/visits/mine')).json()
    expect(mine.visits.map((v: { clientId: string }) => v.clientId)).not.toContain(body.clientId)
    expect(mine.unconfirmed).toContainEqual({ clientId: body.clientId, visitedAt: body.visitedAt, type: 'care', maskedHeadName: '王**', villageName: '和美村', status: 'pending_confirmation', decidedAt: null })
    const flags = (await town.get('/api/staff/visits/flags')).json().flags as { id: string }[]
    expect(flags.map(f => f.id)).not.toContain(first.json().id)
    expect(await auditOf('visit_held_for_confirmation')).toEqual([expect.objectContaining({ actor_role: 'volunteer', subject_type: 'household', subject_id: await householdIdOf('wang'), detail: `visit=${first.json().id}; version=1` })])
  })

  it('should list waiting visits to 民政 staff of the area only, with no private notes (audited)', async () => {
    const { old } = await regeneratedTwoDaysAgo('li')
    const body = visitBody(old, { urgent: false, urgentNote: '', observations: [] })
    expect((await volunteer.post('/api/visits', body)).statusCode).toBe(202)
    const id = await visitIdOf(body.clientId)

    const res = await town.get('/api/staff/visits/confirmations')
    expect(res.statusCode).toBe(200)
    const listed = (res.json().visits as { id: string, codeRevokedAt: string }[]).find(v => v.id === id)
    expect(listed).toEqual({
      id,
      visitedAt: body.visitedAt,
      receivedAt: expect.any(String),
      type: 'care',
      householdId: await householdIdOf('li'),
      maskedHeadName: '李**',
      villageName: '和美村',
      visitorName: '志愿者 周敏',
      visitorRole: 'volunteer',
      organisation: '和美村志愿服务队',
      urgent: false,
      urgentNote: '',
      codeVersion: 1,
      codeRevokedAt: expect.any(String),
      currentVersion: 2,
      withReferral: false,
    })
    expect(Date.parse(listed!.codeRevokedAt)).toBeLessThan(Date.parse(body.visitedAt))
    expect(res.body).not.toContain(PRIVATE_NOTE)
    expect(res.body).not.toContain('李建国')
    expect(await auditOf('visit_confirmations_view')).toContainEqual(expect.objectContaining({ actor_role: 'town_staff', subject_type: 'area', subject_id: '339901001' }))

    // Another town sees nothing of it and cannot decide it; other departments and volunteers are refused.
    expect(((await town2.get('/api/staff/visits/confirmations')).json().visits as { id: string }[]).map(v => v.id)).not.toContain(id)
    expect((await town2.post(`/api/staff/visits/confirmations/${id}/confirm`, {})).statusCode).toBe(404)
    const yibao = await staffClient(t, 'town_yibao')
    expect((await yibao.get('/api/staff/visits/confirmations')).statusCode).toBe(403)
    expect((await volunteer.get('/api/staff/visits/confirmations')).statusCode).toBe(403)
    expect((await volunteer.post(`/api/staff/visits/confirmations/${id}/confirm`, {})).json()).toEqual(FORBIDDEN)
  })

  it('should count a confirmed visit like any other, decided once (audited)', async () => {
    const { old, resident } = await regeneratedTwoDaysAgo('chen')
    const body = visitBody(old)
    const posted = await (await staffClient(t, 'shegong')).post('/api/visits', body)
    expect(posted.statusCode).toBe(202)
    const id = posted.json().id as string

    const confirmed = await town.post(`/api/staff/visits/confirmations/${id}/confirm`, {})
    expect(confirmed.statusCode).toBe(200)
    expect(confirmed.json()).toEqual({ id, status: 'accepted', decidedAt: expect.any(String) })
    // Decided once: a second clerk's tap, either way, is a conflict.
    expect((await town.post(`/api/staff/visits/confirmations/${id}/confirm`, {})).statusCode).toBe(409)
    expect((await town.post(`/api/staff/visits/confirmations/${id}/reject`, {})).statusCode).toBe(409)
    expect(((await town.get('/api/staff/visits/confirmations')).json().visits as { id: string }[]).map(v => v.id)).not.toContain(id)

    expect(((await resident.get('/api/household/visits')).json().visits as { id: string }[]).map(v => v.id)).toContain(id)
    const flags = (await town.get('/api/staff/visits/flags')).json().flags as { id: string, urgentNote: string }[]
    expect(flags.find(f => f.id === id)).toMatchObject({ urgentNote: URGENT_NOTE })
    expect(await auditOf('visit_confirm')).toEqual([expect.objectContaining({ actor_role: 'town_staff', subject_type: 'household', subject_id: await householdIdOf('chen'), detail: `visit=${id}; version=1` })])
  })

  it('should keep a rejected visit out of every list and tell its visitor', async () => {
    const { old, resident } = await regeneratedTwoDaysAgo('liu')
    const shegong = await staffClient(t, 'shegong')
    const body = visitBody(old)
    const id = (await shegong.post('/api/visits', body)).json().id as string

    const rejected = await town.post(`/api/staff/visits/confirmations/${id}/reject`, {})
    expect(rejected.statusCode).toBe(200)
    expect(rejected.json()).toEqual({ id, status: 'rejected', decidedAt: expect.any(String) })
    expect(((await resident.get('/api/household/visits')).json().visits as { id: string }[]).map(v => v.id)).not.toContain(id)
    const mine = (await shegong.get('/api/visits/mine')).json()
    expect(mine.visits.map((v: { id: string }) => v.id)).not.toContain(id)
    expect(mine.unconfirmed).toContainEqual(expect.objectContaining({ clientId: body.clientId, status: 'rejected', decidedAt: rejected.json().decidedAt }))
    // A resend learns the outcome, and nothing is stored again.
    const again = await shegong.post('/api/visits', body)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ id, clientId: body.clientId, created: false, status: 'rejected' })
    expect(await auditOf('visit_reject')).toEqual([expect.objectContaining({ subject_id: await householdIdOf('liu'), detail: `visit=${id}; version=1` })])
  })

  it('should still refuse a forged code of a revoked version, a never-issued one, and households outside the area', async () => {
    const { old } = await regeneratedTwoDaysAgo('zhao')
    const decoded = decodeToken(old)
    const payload = decoded.ok ? decoded.payload : { keyId: 1, ref: '', version: 1, issuedAt: 0 }
    const otherKey = await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair
    const forged = visitBody(await encodeToken(payload, otherKey.privateKey))
    const res = await volunteer.post('/api/visits', forged)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual(INVALID_CODE)
    expect(await t.db.kysely.selectFrom('visits').select('id').where('client_id', '=', forged.clientId).execute()).toEqual([])

    // 赵's town is not the volunteer's: a genuine old code does not open it either.
    const outside = await volunteer.post('/api/visits', visitBody(old))
    expect(outside.statusCode).toBe(403)
    expect(outside.json()).toEqual(OUTSIDE_AREA)

    // Dated before the old version was even issued: back-dating is refused, not held.
    const backDated = await (await staffClient(t, 'county')).post('/api/visits', visitBody(old, { visitedAt: new Date(Date.parse(ISSUED_LONG_AGO) - DAY).toISOString() }))
    expect(backDated.statusCode).toBe(400)
    expect(backDated.json()).toEqual(INVALID_CODE)
  })
})
