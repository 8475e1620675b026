import type { Kysely } from 'kysely'
import type { DbKind } from '..'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, migrateTo } from '..'
import { DEMO_HOUSEHOLDS } from '../../../mock/demo-data'
import { fieldCipher } from '../../crypto/field-cipher'
import { applicationInput, HOUSEHOLD, residentOf } from '../../routes/applications/test-builders'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'
import { openLocation } from '../repos/visits'

const TABLES = ['users', 'households', 'household_members', 'applications', 'application_members', 'authorisations', 'cases', 'sessions', 'benefit_records', 'visits', 'needs', 'audit_log'] as const

// Issue #13's migrations on a database that already holds people, bindings and applications:
// every row stays, and what was there is marked for what it is.
describe.each(TEST_DIALECTS)('migrations 010 to 013 on existing data on %s', (kind: DbKind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async table =>
    [table, Number((await t.db.kysely.selectFrom(table).select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)] as const)))

  beforeAll(async () => {
    t = await createTestApp(kind)
    // A household bound by its registry phone, and an application that names a stranger.
    const head = DEMO_HOUSEHOLDS[1].members[0]
    const li = new TestClient(t.app, '10.90.0.1')
    await li.signInResident(t.sms, head.phone!)
    await li.post('/api/household/bind', { idNumber: head.idNumber, name: head.name })
    const stranger = HOUSEHOLD.zhao.members[0]
    const input = applicationInput('wang', { items: ['temporary'] })
    input.members.push({ name: stranger.name, idNumber: stranger.idNumber, relation: 'other', monthlyIncome: 0, disabilityGrade: 0, seriousIllness: false, student: 'none' })
    input.authorisations.push({ ...input.authorisations[0], idNumber: stranger.idNumber, name: stranger.name })
    expect((await (await residentOf(t, 'wang')).post('/api/applications', input)).statusCode).toBe(201)
  })
  afterAll(async () => {
    await t.close()
  })

  it('should keep every row and mark old bindings and strangers when migrating up again', async () => {
    const before = await counts()
    const opened = async () => ({
      members: (await t.db.kysely.selectFrom('household_members').select(['id', 'id_number']).orderBy('id').execute()).map(m => [m.id, fieldCipher().open(m.id_number)]),
      phones: (await t.db.kysely.selectFrom('users').select(['id', 'phone']).where('phone', 'is not', null).orderBy('id').execute()).map(u => [u.id, fieldCipher().open(u.phone!)]),
    })
    const valuesBefore = await opened()
    await migrateTo(t.db, '009_rate_limits')
    expect(await counts()).toEqual(before)
    // As a database of that time held them: in clear (encryption at rest came with 013).
    for (const m of await t.db.kysely.selectFrom('household_members').select(['id', 'id_number']).execute())
      await t.db.kysely.updateTable('household_members').set({ id_number: fieldCipher().open(m.id_number) }).where('id', '=', m.id).execute()
    for (const u of await t.db.kysely.selectFrom('users').select(['id', 'phone']).where('phone', 'is not', null).execute())
      await t.db.kysely.updateTable('users').set({ phone: fieldCipher().open(u.phone!) }).where('id', '=', u.id).execute()
    for (const m of await t.db.kysely.selectFrom('application_members').select(['id', 'id_number']).execute())
      await t.db.kysely.updateTable('application_members').set({ id_number: fieldCipher().open(m.id_number) }).where('id', '=', m.id).execute()
    await migrate(t.db)
    expect(await counts()).toEqual(before)
    // Sealed again by the backfill, every value reads as it was.
    expect(await opened()).toEqual(valuesBefore)

    const bound = await t.db.kysely.selectFrom('users').select(['household_bound_via', 'household_bound_at']).where('household_id', 'is not', null).execute()
    expect(bound.length).toBeGreaterThan(1)
    // Bound before proof was asked for: shown to the family as such.
    expect(bound.every(u => u.household_bound_via === 'id_and_name' && u.household_bound_at !== null)).toBe(true)
    const members = await t.db.kysely.selectFrom('application_members').select(['id_number', 'registry_status']).execute()
    expect(members.filter(m => m.registry_status === 'unconfirmed').map(m => fieldCipher().open(m.id_number))).toEqual([HOUSEHOLD.zhao.members[0].idNumber])
  })
})

// Issue #14: a visit's location moves from two number columns into one sealed text column.
describe.each(TEST_DIALECTS)('migration 014 on existing visits on %s', (kind: DbKind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  afterAll(async () => {
    await t.close()
  })

  it('should keep every visit and its location, sealed, when migrating up from 013', async () => {
    await migrateTo(t.db, '013_blind_indexes')
    const k = t.db.kysely as unknown as Kysely<any>
    const household = await k.selectFrom('households').select('id').orderBy('id').executeTakeFirstOrThrow()
    const visitor = await k.selectFrom('users').select(['id', 'role']).where('username', '=', 'volunteer').executeTakeFirstOrThrow()
    const at = new Date().toISOString()
    const visit = (id: string, lat: number | null, lng: number | null) => ({ id, client_id: id, household_id: household.id, visitor_id: visitor.id, visitor_role: visitor.role, organisation: '', type: 'care', visited_at: at, observations: '[]', urgent: 0, urgent_note: '', notes: '', photo: null, lat, lng, accuracy: 10, created_at: at })
    await k.insertInto('visits').values([visit('v014-located', 30.123456, -120.5), visit('v014-nowhere', null, null)]).execute()
    await migrate(t.db)
    const rows = await k.selectFrom('visits').selectAll().where('id', 'like', 'v014-%').orderBy('id').execute()
    expect(rows.map(r => r.id)).toEqual(['v014-located', 'v014-nowhere'])
    expect(rows[0]).not.toHaveProperty('lat')
    expect(rows[0].location).not.toContain('30.123456')
    expect(openLocation(rows[0].location)).toEqual({ lat: 30.123456, lng: -120.5 })
    expect(rows[1]).toMatchObject({ location: null, accuracy: 10 })
  })
})
