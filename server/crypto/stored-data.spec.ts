import type { DbKind } from '../db'
import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { openLocation } from '../db/repos/visits'
import { bindAtOffice, JPEG_BASE64, staffClient, submitDemoApplication } from '../routes/applications/test-builders'
import { createTestApp, TEST_DIALECTS, TestClient } from '../testing'
import { FieldCipher, fieldCipher, useFieldCipher } from './field-cipher'
import { ENCRYPTED_COLUMNS, rotateSealedValues, sealClearValues, valuesPerKey } from './stored-data'

const li = DEMO_HOUSEHOLDS[1].members[0]
const DEMO_ID_NUMBERS = DEMO_HOUSEHOLDS.flatMap(h => h.members.map(m => m.idNumber))
const DEMO_PHONES = DEMO_HOUSEHOLDS.flatMap(h => h.members.flatMap(m => m.phone ? [m.phone] : []))
const JPEG = `data:image/jpeg;base64,${JPEG_BASE64}`
/** Digits no other stored value holds: found in a raw read only if the location is in clear. */
const LOCATION = { lat: 30.987654, lng: 120.123987 }

describe.each(TEST_DIALECTS)('encryption at rest on %s', (kind: DbKind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let grandson: TestClient
  let resident: TestClient
  let attachmentId: string
  let needId: string
  let visitClientId: string
  const original = fieldCipher()
  /** Every stored text of the encrypted tables, as a raw read of the database file sees it. */
  const rawText = async () => {
    const tables = [...new Set([...ENCRYPTED_COLUMNS.map(c => c.table), 'sms_codes', 'benefit_records'] as const)]
    return JSON.stringify(await Promise.all(tables.map(table => t.db.kysely.selectFrom(table).selectAll().execute())))
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    resident = new TestClient(t.app, '10.91.0.1')
    await resident.signInResident(t.sms, li.phone!)
    expect((await resident.post('/api/household/bind', { idNumber: li.idNumber, name: li.name })).statusCode).toBe(200)
    await bindAtOffice(t, '13700009001', DEMO_HOUSEHOLDS[2].members[0])
    await new TestClient(t.app, '10.91.0.2').signInResident(t.sms, '13700009002')
    expect((await resident.get('/api/household-code')).statusCode).toBe(200)
    await submitDemoApplication(resident, 'li', { items: ['temporary', 'medical'] })
    // A draft holds what was typed, ID numbers included.
    const draft = { members: DEMO_HOUSEHOLDS[1].members.map(m => ({ name: m.name, idNumber: m.idNumber })) }
    expect((await resident.put('/api/application-draft', { draft })).statusCode).toBe(200)
    expect((await resident.get('/api/application-draft')).json().draft).toEqual(draft)
    // Photos of each kind (a document, a need, a delivery, a visit) and a visit's location.
    const upload = await resident.post('/api/attachments', { type: 'image/jpeg', data: JPEG_BASE64 })
    expect(upload.statusCode, upload.body).toBe(201)
    attachmentId = upload.json().id
    const need = await resident.post('/api/needs', { category: 'goods', description: '需要一袋大米', photo: JPEG })
    expect(need.statusCode, need.body).toBe(201)
    needId = need.json().id
    const volunteer = await staffClient(t, 'volunteer')
    expect((await volunteer.post(`/api/needs/${needId}/claim`)).statusCode).toBe(200)
    expect((await volunteer.post(`/api/needs/${needId}/deliver`, { note: '送到了', photo: JPEG })).statusCode).toBe(200)
    visitClientId = randomUUID()
    const token = (await resident.get('/api/household-code')).json().token
    const visit = await volunteer.post('/api/visits', { clientId: visitClientId, token, type: 'care', visitedAt: new Date().toISOString(), observations: [], notes: '', photo: JPEG, location: { ...LOCATION, accuracyM: 12 } })
    expect(visit.statusCode, visit.body).toBe(201)
  })
  afterEach(() => useFieldCipher(original))
  afterAll(async () => {
    await t.close()
  })

  it('should keep no ID number, phone, address or signing key in clear, and still find people by them', async () => {
    const text = await rawText()
    for (const secret of [...DEMO_ID_NUMBERS, ...DEMO_PHONES, ...DEMO_HOUSEHOLDS.map(h => h.address), '13700009001', '13700009002'])
      expect(text).not.toContain(secret)
    expect(await valuesPerKey(t.db.kysely)).toEqual({ dev1: expect.any(Number) })
    // Lookups by blind index: the registry phone binds, a known phone signs in to its account.
    grandson = new TestClient(t.app, '10.91.0.3')
    await grandson.signInResident(t.sms, '13700009001')
    expect((await grandson.get('/api/session')).json().user).toMatchObject({ phoneMasked: '137****9001', household: { headName: '陈桂兰' } })
  })

  it('should keep no photo or visit location in clear, and still serve every photo', async () => {
    const text = await rawText()
    for (const secret of [JPEG_BASE64, String(LOCATION.lat), String(LOCATION.lng)])
      expect(text).not.toContain(secret)
    const served = await resident.get(`/api/attachments/${attachmentId}`)
    expect(served.statusCode).toBe(200)
    expect(served.rawPayload.toString('base64')).toBe(JPEG_BASE64)
    expect((await resident.get(`/api/needs/${needId}`)).json()).toMatchObject({ photo: JPEG, eventPhotos: [{ photo: JPEG }] })
    const visit = await t.db.kysely.selectFrom('visits').select(['photo', 'location']).where('client_id', '=', visitClientId).executeTakeFirstOrThrow()
    expect(fieldCipher().open(visit.photo!)).toBe(JPEG)
    expect(openLocation(visit.location!)).toEqual(LOCATION)
  })

  it('should seal photos and locations stored in clear before encryption', async () => {
    const k = t.db.kysely
    await k.updateTable('attachments').set({ data: JPEG_BASE64 }).where('id', '=', attachmentId).execute()
    await k.updateTable('needs').set({ photo: JPEG }).where('id', '=', needId).execute()
    await k.updateTable('need_events').set({ photo: JPEG }).where('need_id', '=', needId).where('photo', 'is not', null).execute()
    // As migration 014 copies them: "lat,lng" in clear.
    await k.updateTable('visits').set({ photo: JPEG, location: `${LOCATION.lat},${LOCATION.lng}` }).where('client_id', '=', visitClientId).execute()
    expect(await rawText()).toContain(JPEG_BASE64)
    expect(await valuesPerKey(k)).toEqual({ dev1: expect.any(Number), clear: 5 })
    expect(await sealClearValues(k, fieldCipher())).toBe(5)
    expect(await rawText()).not.toContain(JPEG_BASE64)
    expect(await rawText()).not.toContain(String(LOCATION.lat))
    expect(await valuesPerKey(k)).toEqual({ dev1: expect.any(Number) })
    expect((await resident.get(`/api/needs/${needId}`)).json()).toMatchObject({ photo: JPEG, eventPhotos: [{ photo: JPEG }] })
    expect((await resident.get(`/api/attachments/${attachmentId}`)).rawPayload.toString('base64')).toBe(JPEG_BASE64)
    expect(await sealClearValues(k, fieldCipher())).toBe(0)
  })

  it('should rewrite benefit records that name members by ID number, and still filter and name them', async () => {
    const record = await t.db.kysely.selectFrom('benefit_records').select(['id', 'member_ids', 'paid_on']).where('household_id', '=', (await grandson.get('/api/session')).json().user.household.id).where('member_ids', '!=', '[]').orderBy('id').executeTakeFirstOrThrow()
    const chen = DEMO_HOUSEHOLDS[2].members[0]
    await t.db.kysely.updateTable('benefit_records').set({ member_ids: JSON.stringify([chen.idNumber]) }).where('id', '=', record.id).execute()
    expect(await sealClearValues(t.db.kysely, fieldCipher())).toBe(1)
    const stored = await t.db.kysely.selectFrom('benefit_records').select('member_ids').where('id', '=', record.id).executeTakeFirstOrThrow()
    expect(stored.member_ids).not.toContain(chen.idNumber)
    expect(stored.member_ids).toContain('339***********0026')
    const list = (await grandson.get(`/api/happiness-list?year=${record.paid_on.slice(0, 4)}`)).json()
    expect(list.records.some((r: { members: string[] }) => r.members.includes(chen.name))).toBe(true)
  })

  it('should seal rows written in clear before encryption, and leave sealed ones alone', async () => {
    const member = await t.db.kysely.selectFrom('household_members').select(['id', 'id_number']).orderBy('id').executeTakeFirstOrThrow()
    const clear = fieldCipher().open(member.id_number)
    await t.db.kysely.updateTable('household_members').set({ id_number: clear, id_number_hash: null }).where('id', '=', member.id).execute()
    expect(await sealClearValues(t.db.kysely, fieldCipher())).toBe(1)
    const after = await t.db.kysely.selectFrom('household_members').select(['id_number', 'id_number_hash']).where('id', '=', member.id).executeTakeFirstOrThrow()
    expect(after.id_number).not.toContain(clear)
    expect(fieldCipher().open(after.id_number)).toBe(clear)
    expect(after.id_number_hash).toBe(fieldCipher().index('id_number', clear))
    expect(await sealClearValues(t.db.kysely, fieldCipher())).toBe(0)
  })

  it('should re-seal every value under a new key with every row still readable, then drop the old key', async () => {
    const indexKey = (fieldCipher() as unknown as { indexKey: Buffer }).indexKey
    const oldKey = fieldCipher().keys[0]
    const before = await t.db.kysely.selectFrom('household_members').select(['id', 'id_number']).orderBy('id').execute()
    const clearBefore = before.map(r => fieldCipher().open(r.id_number))

    const rotated = new FieldCipher([{ id: 'k2', key: randomBytes(32) }, oldKey], indexKey)
    useFieldCipher(rotated)
    const count = await rotateSealedValues(t.db.kysely, rotated)
    expect(count).toBeGreaterThan(DEMO_ID_NUMBERS.length)
    expect(await valuesPerKey(t.db.kysely)).toEqual({ k2: count })

    // The old key can go: everything reads with the new one alone.
    const newOnly = new FieldCipher([rotated.keys[0]], indexKey)
    useFieldCipher(newOnly)
    const after = await t.db.kysely.selectFrom('household_members').select(['id', 'id_number']).orderBy('id').execute()
    expect(after.map(r => newOnly.open(r.id_number))).toEqual(clearBefore)
    expect((await grandson.get('/api/session')).json().user).toMatchObject({ phoneMasked: '137****9001', household: { headName: '陈桂兰' } })
    // Household codes are still signed with the (re-sealed) private key.
    expect((await grandson.get('/api/household-code')).statusCode).toBe(200)
    // Photos and locations were re-sealed too.
    expect((await resident.get(`/api/needs/${needId}`)).json()).toMatchObject({ photo: JPEG, eventPhotos: [{ photo: JPEG }] })
    expect((await resident.get(`/api/attachments/${attachmentId}`)).rawPayload.toString('base64')).toBe(JPEG_BASE64)
    const visit = await t.db.kysely.selectFrom('visits').select(['photo', 'location']).where('client_id', '=', visitClientId).executeTakeFirstOrThrow()
    expect(newOnly.open(visit.photo!)).toBe(JPEG)
    expect(openLocation(visit.location!)).toEqual(LOCATION)
  })
})
