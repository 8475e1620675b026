import type { DbKind } from '../../db'
import type { TestApp } from '../applications/test-builders'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../../mock/demo-data'
import { base64urlToBytes, bytesToBase64url, decodeToken, encodeToken, newHouseholdRef } from '../../../src/domain/household-code/token'
import { fieldCipher } from '../../crypto/field-cipher'
import { insertStaffUser } from '../../db/repos/users'
import { openLocation } from '../../db/repos/visits'
import { hashPassword } from '../../security'
import { currentSigningKey } from '../../services/household-code/signing'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'
import { applicationInput, HOUSEHOLD, JPEG_BASE64, residentOf, staffClient, submitDemoApplication, unboundResident } from '../applications/test-builders'

const DAY = 86_400_000
/** Whole seconds, like every stored issue time; earlier than any visit of these tests. */
const FIRST_CODES_ISSUED_AT = new Date(Math.floor((Date.now() - 89 * DAY) / 1000) * 1000).toISOString()
const INVALID_CODE = { code: 'invalid_household_code', message: '这个幸福码无效或已作废，请让住户打开最新的幸福码' }
const OUTSIDE_AREA = '这户不在您负责的区域。如需探访，请镇（街道）民政为您分配该村（社区）'
const FORBIDDEN = { code: 'forbidden', message: '您没有权限进行此操作' }
const PRIVATE_NOTE = '私密记录：家里存折放在衣柜'
const URGENT_NOTE = '煤气灶漏气，需要马上更换'

type Key = keyof typeof HOUSEHOLD

/** A fresh seeded database and a few sign-ins: slow on a busy machine (password hashing). */
const SETUP_TIMEOUT_MS = 60_000

describe.each(TEST_DIALECTS)('care visits API on %s', (kind: DbKind) => {
  let t: TestApp
  let volunteer: TestClient
  let shegong: TestClient
  let town: TestClient
  let town2: TestClient
  const residents = new Map<Key, TestClient>()

  const resident = async (key: Key) => {
    if (!residents.has(key))
      residents.set(key, await residentOf(t, key))
    return residents.get(key)!
  }
  const householdIdOf = async (key: Key) => (await t.db.kysely.selectFrom('households').select('id').where('registry_ref', '=', HOUSEHOLD[key].registryRef).executeTakeFirstOrThrow()).id
  /**
   * The household's current code, as the resident shows it at the door. A first code is made on
   * the first request; it is dated back as if issued long ago, so that back-dated visits of the
   * tests do not precede it (a visit may not be older than its code version).
   */
  const tokenOf = async (key: Key): Promise<string> => {
    const r = await resident(key)
    await r.get('/api/household-code')
    await t.db.kysely.updateTable('household_codes').set({ issued_at: FIRST_CODES_ISSUED_AT }).where('household_id', '=', await householdIdOf(key)).where('version', '=', 1).execute()
    return (await r.get('/api/household-code')).json().token
  }
  const userIdOf = async (username: string) => (await t.db.kysely.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id
  /** Stored visits, with what the visitor wrote opened (it is stored sealed, issue #14). */
  const rowsOf = async (clientId: string) => (await t.db.kysely.selectFrom('visits').selectAll().where('client_id', '=', clientId).execute())
    .map(r => ({ ...r, sealedNotes: r.notes, notes: fieldCipher().open(r.notes), urgent_note: fieldCipher().open(r.urgent_note), observations: fieldCipher().open(r.observations) }))

  const visitBody = (token: string, over: Record<string, unknown> = {}) => ({
    clientId: randomUUID(),
    token,
    type: 'care',
    visitedAt: new Date(Date.now() - 60_000).toISOString(),
    observations: [{ dimension: 'health', level: 'concern', note: '咳嗽' }, { dimension: 'social', level: 'ok' }],
    notes: PRIVATE_NOTE,
    ...over,
  })

  beforeAll(async () => {
    t = await createTestApp(kind)
    volunteer = await staffClient(t, 'volunteer')
    shegong = await staffClient(t, 'shegong')
    town = await staffClient(t, 'town')
    town2 = await staffClient(t, 'town2')
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it('should document every visit route in /api/docs with its error answers', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
    const routes = [
      ['/api/visits/card', 'post', ['400', '403', '404']],
      ['/api/visits', 'post', ['201', '202', '400', '403', '409']],
      ['/api/visits/mine', 'get', ['403']],
      ['/api/household/visits', 'get', ['403']],
      ['/api/staff/visits/coverage', 'get', ['400', '403']],
      ['/api/staff/visits/flags', 'get', ['403']],
      ['/api/staff/visits/flags/{id}/resolve', 'post', ['403', '404']],
      ['/api/staff/field-workers', 'get', ['403']],
      ['/api/staff/field-workers/{id}/areas', 'put', ['400', '403', '404']],
    ] as const
    for (const [path, method, codes] of routes)
      expect(Object.keys(doc.paths[path][method].responses), `${method} ${path}`).toEqual(expect.arrayContaining(['200', '401', ...codes]))
    expect(doc.components.schemas.VisitInput.required).toEqual(expect.arrayContaining(['clientId', 'token', 'type', 'visitedAt']))
  })

  describe('household card', () => {
    it('should show a volunteer of the area the minimal card, masked, and audit it without personal data', async () => {
      const res = await volunteer.post('/api/visits/card', { token: await tokenOf('wang') })
      expect(res.statusCode).toBe(200)
      const card = res.json()
      expect(card).toEqual({
        ref: expect.stringMatching(/^[\w-]{16}$/),
        version: 1,
        maskedHeadName: '王**',
        villageName: '和美村',
        memberCount: 1,
        flags: { livesAlone: true, elderly: true, disabled: false, child: false },
        // The demo visits of 王秀英 (mock/demo-visits.ts): 6, 40 and 100 days ago, newest first.
        lastVisits: [
          { id: expect.any(String), visitedAt: expect.any(String), type: 'care', visitorRole: 'volunteer', organisation: '和美村志愿服务队' },
          { id: expect.any(String), visitedAt: expect.any(String), type: 'care', visitorRole: 'volunteer', organisation: '和美村志愿服务队' },
          { id: expect.any(String), visitedAt: expect.any(String), type: 'survey', visitorRole: 'social_worker', organisation: '安乐镇社工站' },
        ],
        inMyArea: true,
      })
      expect(res.body).not.toContain('王秀英')
      expect(res.body).not.toMatch(/\d{17}[\dX]/)
      expect(res.body).not.toContain('屋顶漏雨') // the demo visit's notes and urgent note
      const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'household_card_view').execute()
      expect(audit).toEqual([expect.objectContaining({ actor_id: await userIdOf('volunteer'), actor_role: 'volunteer', subject_type: 'household', subject_id: await householdIdOf('wang'), detail: 'version=1' })])
    })

    it('should derive the flags from the members: a child, no one old, nobody alone', async () => {
      const card = (await volunteer.post('/api/visits/card', { token: await tokenOf('li') })).json()
      expect(card).toMatchObject({ maskedHeadName: '李**', memberCount: 3, flags: { livesAlone: false, elderly: false, disabled: false, child: true } })
      // One old survey in the demo (mock/demo-visits.ts keeps 李建国's history short).
      expect(card.lastVisits).toEqual([expect.objectContaining({ type: 'survey', visitorRole: 'social_worker' })])
    })

    it('should call a household disabled from the disabled persons\' federation\'s records', async () => {
      const card = (await shegong.post('/api/visits/card', { token: await tokenOf('liu') })).json()
      expect(card).toMatchObject({ villageName: '桃源村', memberCount: 2, flags: { livesAlone: false, elderly: false, disabled: true, child: true } })
    })

    it('should call a household disabled when an application declared a member\'s disability grade', async () => {
      const li = await resident('li')
      const input = applicationInput('li')
      await submitDemoApplication(li, 'li', { items: ['temporary'], members: input.members.map((m, i) => i === 1 ? { ...m, disabilityGrade: 3 } : m) })
      const card = (await volunteer.post('/api/visits/card', { token: await tokenOf('li') })).json()
      expect(card.flags).toEqual({ livesAlone: false, elderly: false, disabled: true, child: true })
    })

    it('should answer 404 with a plain reason outside the visitor\'s areas', async () => {
      for (const [client, key] of [[volunteer, 'chen'], [town2, 'li']] as const) {
        const res = await client.post('/api/visits/card', { token: await tokenOf(key) })
        expect(res.statusCode).toBe(404)
        expect(res.json()).toEqual({ code: 'not_found', message: OUTSIDE_AREA })
      }
    })

    it('should refuse residents (403) and a code that is not genuine (400)', async () => {
      const res = await (await resident('wang')).post('/api/visits/card', { token: await tokenOf('wang') })
      expect(res.statusCode).toBe(403)
      expect(res.json()).toEqual(FORBIDDEN)
      const garbage = await volunteer.post('/api/visits/card', { token: 'not-a-token' })
      expect(garbage.statusCode).toBe(400)
      expect(garbage.json()).toEqual(INVALID_CODE)
    })
  })

  describe('logging a visit', () => {
    it('should store a visit once however often the same clientId is sent, also at the same moment', async () => {
      const body = visitBody(await tokenOf('wang'))
      const first = await volunteer.post('/api/visits', body)
      expect(first.statusCode).toBe(201)
      expect(first.json()).toEqual({ id: expect.any(String), clientId: body.clientId, created: true, status: 'accepted' })
      for (let i = 0; i < 3; i++) {
        const again = await volunteer.post('/api/visits', body)
        expect(again.statusCode).toBe(200)
        expect(again.json()).toEqual({ id: first.json().id, clientId: body.clientId, created: false, status: 'accepted' })
      }
      expect(await rowsOf(body.clientId)).toHaveLength(1)

      const fresh = visitBody(await tokenOf('wang'))
      const together = await Promise.all(Array.from({ length: 6 }, () => volunteer.post('/api/visits', fresh)))
      expect(together.map(r => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201])
      expect(new Set(together.map(r => r.json().id)).size).toBe(1)
      expect(together.filter(r => r.json().created)).toHaveLength(1)
      const rows = await rowsOf(fresh.clientId)
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ household_id: await householdIdOf('wang'), visitor_role: 'volunteer', organisation: '和美村志愿服务队', type: 'care', notes: PRIVATE_NOTE, urgent: 0, urgent_note: '' })
      expect(rows[0]!.sealedNotes).not.toContain(PRIVATE_NOTE)
      expect(JSON.parse(rows[0].observations)).toEqual([{ dimension: 'health', level: 'concern', note: '咳嗽' }, { dimension: 'social', level: 'ok', note: '' }])
    })

    it('should refuse a clientId another visitor already used (409) and keep the stored visit', async () => {
      const body = visitBody(await tokenOf('wang'))
      expect((await volunteer.post('/api/visits', body)).statusCode).toBe(201)
      const res = await shegong.post('/api/visits', { ...body, notes: '别人的记录' })
      expect(res.statusCode).toBe(409)
      expect(res.json()).toEqual({ code: 'conflict', message: '这条探访记录的编号已被他人的记录使用，未保存，请重新填写', field: 'clientId' })
      const rows = await rowsOf(body.clientId)
      expect(rows).toEqual([expect.objectContaining({ visitor_id: await userIdOf('volunteer'), notes: PRIVATE_NOTE })])
    })

    it('should take a code revoked after the visit and hold one revoked before it for staff', async () => {
      const chen = await resident('chen')
      const old = await tokenOf('chen')
      expect((await chen.post('/api/household-code/regenerate', {})).statusCode).toBe(200)
      const decoded = decodeToken(old)
      const ref = decoded.ok ? decoded.payload.ref : ''
      // The code was regenerated two days ago (moved back so the times are clear-cut).
      await t.db.kysely.updateTable('revoked_codes').set({ revoked_at: new Date(Date.now() - 2 * DAY).toISOString() }).where('ref', '=', ref).where('version', '=', 1).execute()

      const before = await shegong.post('/api/visits', visitBody(old, { visitedAt: new Date(Date.now() - 3 * DAY).toISOString() }))
      expect(before.statusCode).toBe(201)
      // Regenerated before the visit (the phone's revocation list was old): kept for staff (issue #16).
      const after = await shegong.post('/api/visits', visitBody(old, { visitedAt: new Date(Date.now() - DAY).toISOString() }))
      expect(after.statusCode).toBe(202)
      expect(after.json()).toMatchObject({ created: true, status: 'pending_confirmation' })
      // At the door only the current code counts.
      expect((await shegong.post('/api/visits/card', { token: old })).json()).toEqual(INVALID_CODE)
      const current = await tokenOf('chen')
      expect((await shegong.post('/api/visits', visitBody(current))).statusCode).toBe(201)
    })

    it('should refuse a revoked code when the visit is back-dated before the version was issued', async () => {
      const wang = await resident('wang')
      const old = await tokenOf('wang')
      const decoded = decodeToken(old)
      const ref = decoded.ok ? decoded.payload.ref : ''
      // Version 1 was issued ten days ago (signed into the token) and is revoked now.
      await t.db.kysely.updateTable('household_codes').set({ issued_at: new Date(Date.now() - 10 * DAY).toISOString().replace(/\.\d+Z$/, '.000Z') }).where('ref', '=', ref).execute()
      const tenDaysOld = (await wang.get('/api/household-code')).json().token
      expect((await wang.post('/api/household-code/regenerate', {})).statusCode).toBe(200)

      for (const days of [11, 30, 89]) {
        const body = visitBody(tenDaysOld, { visitedAt: new Date(Date.now() - days * DAY).toISOString() })
        const res = await shegong.post('/api/visits', body)
        expect(res.statusCode, `${days} days ago`).toBe(400)
        expect(res.json()).toEqual(INVALID_CODE)
        expect(await rowsOf(body.clientId)).toEqual([])
      }
      // Between the version's issue and its revocation the visit is genuine and still counts.
      expect((await shegong.post('/api/visits', visitBody(tenDaysOld, { visitedAt: new Date(Date.now() - 9 * DAY).toISOString() }))).statusCode).toBe(201)
    })

    it('should refuse a visit with the current code when it is dated before the code was issued, allowing a little clock skew', async () => {
      const wang = await resident('wang')
      expect((await wang.post('/api/household-code/regenerate', {})).statusCode).toBe(200)
      const fresh = await tokenOf('wang')
      const issuedAt = Date.parse((await wang.get('/api/household-code')).json().issuedAt)
      const backDated = await shegong.post('/api/visits', visitBody(fresh, { visitedAt: new Date(issuedAt - DAY).toISOString() }))
      expect(backDated.statusCode).toBe(400)
      expect(backDated.json()).toEqual(INVALID_CODE)
      // A phone clock a minute behind the server's, just after the code was made.
      expect((await shegong.post('/api/visits', visitBody(fresh, { visitedAt: new Date(issuedAt - 60_000).toISOString() }))).statusCode).toBe(201)
    })

    it('should answer a resend from what is stored even after the code was revoked', async () => {
      const wang = await resident('wang')
      const body = visitBody(await tokenOf('wang'), { visitedAt: new Date(Date.now() - 5 * 60_000).toISOString() })
      const first = await volunteer.post('/api/visits', body)
      expect(first.statusCode).toBe(201)
      expect((await wang.post('/api/household-code/regenerate', {})).statusCode).toBe(200)
      const decoded = decodeToken(body.token)
      // Revoked before the visit: a first send now would be refused.
      await t.db.kysely.updateTable('revoked_codes').set({ revoked_at: new Date(Date.now() - 10 * 60_000).toISOString() }).where('ref', '=', decoded.ok ? decoded.payload.ref : '').execute()
      expect((await volunteer.post('/api/visits', { ...body, clientId: randomUUID() })).json()).toMatchObject({ status: 'pending_confirmation' })
      const again = await volunteer.post('/api/visits', body)
      expect(again.statusCode).toBe(200)
      expect(again.json()).toEqual({ id: first.json().id, clientId: body.clientId, created: false, status: 'accepted' })
    })

    it('should refuse forged, foreign and garbage codes with 400 and store nothing', async () => {
      const genuine = await tokenOf('li')
      const decoded = decodeToken(genuine)
      const payload = decoded.ok ? decoded.payload : { keyId: 1, ref: '', version: 1, issuedAt: 0 }
      const otherKey = await globalThis.crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']) as CryptoKeyPair
      const ourKey = await currentSigningKey(t.db)
      const altered = base64urlToBytes(genuine)!
      altered[80] ^= 1
      const cases = {
        'signed with another key': await encodeToken(payload, otherKey.privateKey),
        'unknown household reference, our key': await encodeToken({ ...payload, ref: newHouseholdRef() }, ourKey.privateKey),
        'a version never issued, our key': await encodeToken({ ...payload, version: payload.version + 5 }, ourKey.privateKey),
        'altered signature': bytesToBase64url(altered),
        'truncated': genuine.slice(0, -4),
        'garbage': '!!not a token!!',
      }
      for (const [name, token] of Object.entries(cases)) {
        const body = visitBody(token)
        const res = await volunteer.post('/api/visits', body)
        expect(res.statusCode, name).toBe(400)
        expect(res.json(), name).toEqual(INVALID_CODE)
        expect(await rowsOf(body.clientId), name).toEqual([])
      }
    })

    it('should refuse a visit dated in the future or older than 90 days, and allow a little clock skew', async () => {
      const token = await tokenOf('li')
      const future = await volunteer.post('/api/visits', visitBody(token, { visitedAt: new Date(Date.now() + 10 * 60_000).toISOString() }))
      expect(future.statusCode).toBe(400)
      expect(future.json()).toEqual({ code: 'invalid_visit_time', message: '探访时间晚于现在，请检查手机的日期和时间后重新填写', field: 'visitedAt' })
      const old = await volunteer.post('/api/visits', visitBody(token, { visitedAt: new Date(Date.now() - 91 * DAY).toISOString() }))
      expect(old.statusCode).toBe(400)
      expect(old.json()).toEqual({ code: 'invalid_visit_time', message: '这次探访已超过 90 天，不能再补录，请联系镇（街道）民政', field: 'visitedAt' })
      const english = await (await staffClient(t, 'volunteer', 'en')).post('/api/visits', visitBody(token, { visitedAt: new Date(Date.now() - 91 * DAY).toISOString() }))
      expect(english.json().message).toBe('This visit is more than 90 days old and can no longer be recorded. Please contact the town civil affairs office')
      const skewed = await volunteer.post('/api/visits', visitBody(token, { visitedAt: new Date(Date.now() + 2 * 60_000).toISOString() }))
      expect(skewed.statusCode).toBe(201)
      // A time with an offset (China time on the phone) is stored as the same instant in UTC.
      const at = new Date(Date.now() - DAY)
      const body = visitBody(token, { visitedAt: new Date(at.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00') })
      expect((await volunteer.post('/api/visits', body)).statusCode).toBe(201)
      expect((await rowsOf(body.clientId))[0].visited_at).toBe(at.toISOString())
    })

    it('should take a JPEG photo and refuse something else dressed as one', async () => {
      const token = await tokenOf('li')
      const photo = `data:image/jpeg;base64,${JPEG_BASE64}`
      const good = visitBody(token, { photo, location: { lat: 30.1, lng: 120.2, accuracyM: 15 } })
      expect((await volunteer.post('/api/visits', good)).statusCode).toBe(201)
      // Stored sealed (issue #14): what was sent comes back when opened.
      const stored = (await rowsOf(good.clientId))[0]
      expect(stored).toMatchObject({ accuracy: 15 })
      expect(stored.photo).not.toContain(JPEG_BASE64)
      expect(fieldCipher().open(stored.photo!)).toBe(photo)
      expect(openLocation(stored.location!)).toEqual({ lat: 30.1, lng: 120.2 })
      const png = visitBody(token, { photo: 'data:image/jpeg;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB' })
      const res = await volunteer.post('/api/visits', png)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'invalid_photo', message: '照片无效：只接受不超过 500 KB 的 JPEG 照片，请重新选择', field: 'photo' })
    })

    it('should refuse a household outside the visitor\'s area (403) until staff assign its village', async () => {
      const token = await tokenOf('chen')
      const res = await volunteer.post('/api/visits', visitBody(token))
      expect(res.statusCode).toBe(403)
      expect(res.json()).toEqual({ code: 'forbidden', message: OUTSIDE_AREA })

      const volunteerId = await userIdOf('volunteer')
      const assigned = await town.put(`/api/staff/field-workers/${volunteerId}/areas`, { areaCodes: ['339901001002'] })
      expect(assigned.statusCode).toBe(200)
      expect(assigned.json()).toEqual({
        id: volunteerId,
        displayName: '志愿者 周敏',
        role: 'volunteer',
        organisation: '和美村志愿服务队',
        homeArea: { code: '339901001001', name: '和美村' },
        assignedAreas: [{ code: '339901001002', name: '桃源村' }],
      })
      expect((await volunteer.post('/api/visits', visitBody(token))).statusCode).toBe(201)
      expect((await volunteer.post('/api/visits/card', { token })).statusCode).toBe(200)
      const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'field_worker_areas_set').execute()
      expect(audit).toEqual([expect.objectContaining({ actor_role: 'town_staff', subject_type: 'user', subject_id: volunteerId, detail: 'within=339901001; areas=339901001002' })])

      // Taking the assignment back closes the door again.
      expect((await town.put(`/api/staff/field-workers/${volunteerId}/areas`, { areaCodes: [] })).json().assignedAreas).toEqual([])
      expect((await volunteer.post('/api/visits', visitBody(token))).statusCode).toBe(403)
    })

    it('should refuse residents (403) and a signed-out caller (401)', async () => {
      const token = await tokenOf('li')
      const res = await (await resident('li')).post('/api/visits', visitBody(token))
      expect(res.statusCode).toBe(403)
      expect((await (await unboundResident(t)).post('/api/visits', visitBody(token))).statusCode).toBe(403)
      expect((await new TestClient(t.app, '10.44.0.1').post('/api/visits', visitBody(token))).statusCode).toBe(401)
    })
  })

  describe('histories', () => {
    it('should show the household its visits with role and organisation only, never notes or names', async () => {
      const li = await resident('li')
      const token = await tokenOf('li')
      const urgent = visitBody(token, { urgent: true, urgentNote: URGENT_NOTE, type: 'service' })
      expect((await volunteer.post('/api/visits', urgent)).statusCode).toBe(201)
      const res = await li.get('/api/household/visits')
      expect(res.statusCode).toBe(200)
      const visits = res.json().visits as { id: string, visitedAt: string }[]
      const stored = await t.db.kysely.selectFrom('visits').select(['id', 'visited_at']).where('household_id', '=', await householdIdOf('li')).orderBy('visited_at', 'desc').orderBy('id').execute()
      expect(visits.map(v => v.id)).toEqual(stored.map(s => s.id))
      const urgentId = (await rowsOf(urgent.clientId))[0].id
      expect(visits.find(v => v.id === urgentId)).toEqual({ id: urgentId, visitedAt: urgent.visitedAt, type: 'service', visitorRole: 'volunteer', organisation: '和美村志愿服务队' })
      for (const secret of [PRIVATE_NOTE, URGENT_NOTE, '周敏', '咳嗽', 'notes', 'urgent'])
        expect(res.body).not.toContain(secret)

      const chenVisits = (await (await resident('chen')).get('/api/household/visits')).json().visits as { id: string }[]
      expect(chenVisits.length).toBeGreaterThan(0)
      expect(chenVisits.some(v => visits.some(w => w.id === v.id))).toBe(false)
    })

    it('should ask a resident to link a household first, and keep it from field workers', async () => {
      const res = await (await unboundResident(t)).get('/api/household/visits')
      expect(res.statusCode).toBe(403)
      expect(res.json()).toEqual({ code: 'forbidden', message: '请先绑定您的家庭' })
      expect((await volunteer.get('/api/household/visits')).statusCode).toBe(403)
    })

    it('should list a visitor\'s own visits newest first with this month\'s count', async () => {
      await insertStaffUser(t.db.kysely, { username: 'volunteer_mine', role: 'volunteer', display_name: '志愿者 测试', area_code: '339901001001', department: null, organisation: '测试志愿队', password_hash: await hashPassword(DEMO_PASSWORD) })
      const mine = await staffClient(t, 'volunteer_mine')
      const token = await tokenOf('li')
      const older = visitBody(token, { visitedAt: new Date(Date.now() - 40 * DAY).toISOString() })
      const a = visitBody(token, { visitedAt: new Date(Date.now() - 2000).toISOString(), urgent: true, urgentNote: URGENT_NOTE })
      const b = visitBody(token, { visitedAt: new Date(Date.now() - 1000).toISOString(), type: 'survey' })
      for (const body of [older, a, b])
        expect((await mine.post('/api/visits', body)).statusCode).toBe(201)
      const res = await mine.get('/api/visits/mine')
      expect(res.statusCode).toBe(200)
      // 40 days ago is always an earlier month; the other two are this month (China time).
      expect(res.json().countThisMonth).toBe(2)
      expect(res.json().visits.map((v: { clientId: string }) => v.clientId)).toEqual([b.clientId, a.clientId, older.clientId])
      expect(res.json().visits[1]).toEqual({ id: expect.any(String), clientId: a.clientId, visitedAt: a.visitedAt, type: 'care', visitorRole: 'volunteer', organisation: '测试志愿队', maskedHeadName: '李**', villageName: '和美村', urgent: true, referred: false })
      expect(res.body).not.toContain('李建国')
      expect((await (await resident('li')).get('/api/visits/mine')).statusCode).toBe(403)
    })
  })

  describe('staff', () => {
    it('should refuse volunteers and social workers on staff routes (403)', async () => {
      const id = await userIdOf('volunteer')
      for (const client of [volunteer, shegong]) {
        for (const res of [
          await client.get('/api/staff/visits/coverage?quarter=2026-Q4'),
          await client.get('/api/staff/visits/flags'),
          await client.post(`/api/staff/visits/flags/${randomUUID()}/resolve`, {}),
          await client.get('/api/staff/field-workers'),
          await client.put(`/api/staff/field-workers/${id}/areas`, { areaCodes: ['339901001002'] }),
        ]) {
          expect(res.statusCode).toBe(403)
          expect(res.json()).toEqual(FORBIDDEN)
        }
      }
    })

    it('should list urgent flags of the area, unresolved first, and resolve one once (audited)', async () => {
      const body = visitBody(await tokenOf('wang'), { urgent: true, urgentNote: URGENT_NOTE })
      const stored = (await volunteer.post('/api/visits', body)).json()
      const res = await town.get('/api/staff/visits/flags')
      expect(res.statusCode).toBe(200)
      const flags = res.json().flags as { id: string, resolvedAt: string | null, visitedAt: string, villageName: string }[]
      const open = flags.filter(f => f.resolvedAt === null)
      // Unresolved first (newest first among them), then resolved; only villages of 安乐镇.
      expect(flags.slice(0, open.length)).toEqual(open)
      expect(open.map(f => f.visitedAt)).toEqual([...open.map(f => f.visitedAt)].sort().reverse())
      expect(flags.at(-1)!.resolvedAt).not.toBeNull() // the demo's resolved flag of 陈桂兰
      expect(new Set(flags.map(f => f.villageName))).toEqual(new Set(['和美村', '桃源村']))
      expect(flags.find(f => f.id === stored.id)).toEqual({ id: stored.id, visitedAt: body.visitedAt, maskedHeadName: '王**', villageName: '和美村', householdId: await householdIdOf('wang'), visitorName: '志愿者 周敏', organisation: '和美村志愿服务队', urgentNote: URGENT_NOTE, resolvedAt: null })
      expect(res.body).not.toContain(PRIVATE_NOTE)
      expect((await town2.get('/api/staff/visits/flags')).json().flags).toEqual([])

      expect((await town2.post(`/api/staff/visits/flags/${stored.id}/resolve`, {})).statusCode).toBe(404)
      // Sent as the PWA does: a POST without a body.
      const resolved = await town.post(`/api/staff/visits/flags/${stored.id}/resolve`)
      expect(resolved.statusCode).toBe(200)
      expect(resolved.json()).toMatchObject({ id: stored.id, resolvedAt: expect.stringMatching(/Z$/) })
      const again = await town.post(`/api/staff/visits/flags/${stored.id}/resolve`, {})
      expect(again.json().resolvedAt).toBe(resolved.json().resolvedAt)
      const row = (await rowsOf(body.clientId))[0]
      expect(row).toMatchObject({ flag_resolved_at: resolved.json().resolvedAt, flag_resolved_by: await userIdOf('town') })
      const audit = await t.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'visit_flag_resolve').where('subject_id', '=', await householdIdOf('wang')).execute()
      expect(audit[0]).toMatchObject({ actor_role: 'town_staff', subject_type: 'household', detail: `visit=${stored.id}` })
      const after = (await town.get('/api/staff/visits/flags')).json().flags as { id: string }[]
      expect(after.findIndex(f => f.id === stored.id)).toBeGreaterThanOrEqual(open.length - 1)

      // A visit without an urgent need is no flag.
      const plain = (await volunteer.post('/api/visits', visitBody(await tokenOf('li')))).json()
      expect((await town.post(`/api/staff/visits/flags/${plain.id}/resolve`, {})).statusCode).toBe(404)
    })

    it('should list the field workers touching the staff member\'s area', async () => {
      const res = await town.get('/api/staff/field-workers')
      expect(res.statusCode).toBe(200)
      const names = res.json().workers.map((w: { displayName: string }) => w.displayName)
      expect(names).toEqual(expect.arrayContaining(['志愿者 周敏', '社工 吴磊']))
      // What may be assigned: the town and its villages, nothing of another town.
      expect(res.json().areas).toEqual([{ code: '339901001', name: '安乐镇' }, { code: '339901001001', name: '和美村' }, { code: '339901001002', name: '桃源村' }])
      expect((await town2.get('/api/staff/field-workers')).json().workers).toEqual([])
    })

    it('should only assign areas within the staff member\'s area, to workers who touch it', async () => {
      const volunteerId = await userIdOf('volunteer')
      const outside = await town.put(`/api/staff/field-workers/${volunteerId}/areas`, { areaCodes: ['339901002001'] })
      expect(outside.statusCode).toBe(400)
      expect(outside.json()).toEqual({ code: 'validation_failed', message: '服务区域中有不存在或不在您管辖范围内的区域', field: 'areaCodes' })
      const unknown = await town.put(`/api/staff/field-workers/${volunteerId}/areas`, { areaCodes: ['339901001999'] })
      expect(unknown.statusCode).toBe(400)
      expect((await town2.put(`/api/staff/field-workers/${volunteerId}/areas`, { areaCodes: ['339901002001'] })).statusCode).toBe(404)
      expect((await town.put(`/api/staff/field-workers/${await userIdOf('town')}/areas`, { areaCodes: [] })).statusCode).toBe(404)

      // County staff assign a village of another town; the town's own assignments stay apart.
      const county = await staffClient(t, 'county')
      expect((await town.put(`/api/staff/field-workers/${volunteerId}/areas`, { areaCodes: ['339901001002'] })).statusCode).toBe(200)
      const both = await county.put(`/api/staff/field-workers/${volunteerId}/areas`, { areaCodes: ['339901001002', '339901002001'] })
      expect(both.json().assignedAreas).toEqual([{ code: '339901001002', name: '桃源村' }, { code: '339901002001', name: '青山村' }])
      // town2 now sees the volunteer (assigned within 长寿镇) and can take only its own part back.
      expect((await town2.get('/api/staff/field-workers')).json().workers.map((w: { id: string }) => w.id)).toEqual([volunteerId])
      const back = await town2.put(`/api/staff/field-workers/${volunteerId}/areas`, { areaCodes: [] })
      expect(back.statusCode).toBe(200)
      expect(back.json().assignedAreas).toEqual([{ code: '339901001002', name: '桃源村' }])
      expect((await town.put(`/api/staff/field-workers/${volunteerId}/areas`, { areaCodes: [] })).statusCode).toBe(200)
    })
  })
})
