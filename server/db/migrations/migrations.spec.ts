import type { Kysely } from 'kysely'
import type { DbKind } from '..'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, migrateTo } from '..'
import { DEMO_HOUSEHOLDS } from '../../../mock/demo-data'
import { yuanToFen } from '../../../src/domain/money'
import { fieldCipher } from '../../crypto/field-cipher'
import { act, applicationInput, HOUSEHOLD, residentOf, staffClient, toReviewing } from '../../routes/applications/test-builders'
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

// Issue #17: the yuan of applications and approvals (double precision) become integer fen.
const MONEY_COLUMNS = [
  { table: 'application_members', yuan: 'monthly_income', fen: 'monthly_income_fen' },
  { table: 'cases', yuan: 'decision_amount', fen: 'decision_amount_fen' },
  { table: 'entitlements', yuan: 'monthly_amount', fen: 'monthly_amount_fen' },
] as const

describe.each(TEST_DIALECTS)('migration 018 on existing amounts on %s', (kind: DbKind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  let k: Kysely<any>
  let caseId: string
  beforeAll(async () => {
    // The demo data, and an application decided through the API: 刘芳 declares 400.35 a month,
    // 低保 is approved at 886.5 a month, medical aid without an amount.
    t = await createTestApp(kind)
    k = t.db.kysely as unknown as Kysely<any>
    const input = applicationInput('liu', { items: ['dibao', 'medical'] })
    input.members[0].monthlyIncome = 400.35
    const submitted = await (await residentOf(t, 'liu')).post('/api/applications', input)
    expect(submitted.statusCode).toBe(201)
    const { cases } = submitted.json() as { cases: { id: string, item: string }[] }
    caseId = cases.find(c => c.item === 'dibao')!.id
    const town = await staffClient(t, 'town')
    await toReviewing(town, caseId)
    expect((await act(town, caseId, 'approve', { monthlyAmount: 886.5 })).statusCode).toBe(200)
    const medical = cases.find(c => c.item === 'medical')!.id
    const yibao = await staffClient(t, 'town_yibao')
    await toReviewing(yibao, medical)
    expect((await act(yibao, medical, 'approve', { monthlyAmount: undefined })).statusCode).toBe(200)
  }, 60_000)
  afterAll(async () => {
    await t.close()
  })

  /** Every stored amount of the old shape, by table and row. */
  const yuanRows = async () => Object.fromEntries(await Promise.all(MONEY_COLUMNS.map(async c =>
    [c.table, (await k.selectFrom(c.table).select(['id', `${c.yuan} as value`]).orderBy('id').execute()).map(r => [r.id as string, r.value === null ? null : Number(r.value)] as const)] as const)))
  const fenRows = async () => Object.fromEntries(await Promise.all(MONEY_COLUMNS.map(async c =>
    [c.table, (await k.selectFrom(c.table).select(['id', `${c.fen} as value`]).orderBy('id').execute()).map(r => [r.id as string, r.value === null ? null : Number(r.value)] as const)] as const)))
  /** SQL sums per column (and the happiness list's amount_fen, which 018 leaves alone). */
  const sums = async (column: 'yuan' | 'fen') => {
    const out: Record<string, number> = {}
    for (const c of MONEY_COLUMNS)
      out[c.table] = Number((await k.selectFrom(c.table).select(eb => eb.fn.sum(c[column]).as('total')).executeTakeFirstOrThrow()).total ?? 0)
    out.benefit_records = Number((await k.selectFrom('benefit_records').select(eb => eb.fn.sum('amount_fen').as('total')).executeTakeFirstOrThrow()).total ?? 0)
    return out
  }

  it('should keep every amount to the fen when migrating up from 017, and give the yuan back when migrating down', async () => {
    await migrateTo(t.db, '017_visit_confirmations')
    // Rows as the old code stored them: yuan in double precision, amounts that floats add badly.
    const application = await k.selectFrom('applications').select(['id', 'household_id']).orderBy('id').executeTakeFirstOrThrow()
    const member = await k.selectFrom('application_members').selectAll().where('application_id', '=', application.id).orderBy('position').executeTakeFirstOrThrow()
    const incomes = [0.1, 0.2, 0.07, 1500.1, 999_999.99]
    await k.insertInto('application_members').values(incomes.map((monthly_income, i) => ({ ...member, id: `m018-${i}`, position: 100 + i, monthly_income }))).execute()
    const decided = await k.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow()
    const amounts = [972, 886.5, 0.01, 1772, 1410.07, null]
    await k.insertInto('cases').values(amounts.map((decision_amount, i) => ({ ...decided, id: `c018-${i}`, item: `legacy_${i}`, decision_amount }))).execute()
    await k.insertInto('entitlements').values(amounts.map((monthly_amount, i) => ({ id: `e018-${i}`, household_id: application.household_id, case_id: `c018-${i}`, item: `legacy_${i}`, monthly_amount, start_date: '2026-12-01', created_at: new Date().toISOString() }))).execute()

    const yuanBefore = await yuanRows()
    const sumsBefore = await sums('yuan')
    // What the stored yuan are in fen, row by row, exactly (never a float sum × 100).
    const fenOf = (rows: typeof yuanBefore) => Object.fromEntries(Object.entries(rows).map(([table, values]) => [table, values.map(([id, v]) => [id, v === null ? null : yuanToFen(v)] as const)]))
    const totalOf = (rows: Record<string, (readonly [string, number | null])[]>) => Object.fromEntries(Object.entries(rows).map(([table, values]) => [table, values.reduce((sum, [, v]) => sum + (v ?? 0), 0)]))
    const expectedFen = fenOf(yuanBefore)
    const totalsBefore = { ...totalOf(expectedFen), benefit_records: sumsBefore.benefit_records }
    // Incomes 400.35 + 0 + 0.1 + 0.2 + 0.07 + 1500.1 + 999 999.99; decisions and entitlements
    // 886.5 + 972 + 886.5 + 0.01 + 1772 + 1410.07 (medical aid and one legacy row without an amount).
    expect(totalsBefore).toMatchObject({ application_members: 100_190_081, cases: 592_708, entitlements: 592_708 })
    // The float sum in SQL is already off (1 001 900.8099999999 for the incomes): fen are summed as integers.

    await migrate(t.db)
    expect(await fenRows()).toEqual(expectedFen)
    expect(await sums('fen')).toEqual(totalsBefore)
    for (const c of MONEY_COLUMNS)
      expect(Object.keys((await k.selectFrom(c.table).selectAll().executeTakeFirstOrThrow()))).not.toContain(c.yuan)

    // Down and up again: the very numbers the old code stored, then the same fen.
    await migrateTo(t.db, '017_visit_confirmations')
    expect(await yuanRows()).toEqual(yuanBefore)
    await migrate(t.db)
    expect(await fenRows()).toEqual(expectedFen)

    // The API reads them as before: yuan, converted once.
    const page = (await (await staffClient(t, 'town')).get(`/api/staff/cases/${caseId}`)).json()
    expect(page.case.decision.monthlyAmount).toBe(886.5)
    expect(page.application.members[0].monthlyIncome).toBe(400.35)
    // Seven members now (the legacy rows joined 刘芳's application): 1 001 900.81 ÷ 7, to the fen.
    expect(page.amountGuide.working).toMatchObject({ members: 7, income: 1_001_900.81, perCapita: 143_128.69 })
  })
})

// Issue #19: the queue of texts and pushes, devices and channel choices come and go with 024;
// a device's endpoint and keys written in clear (a copy from before) are sealed by the backfill.
describe.each(TEST_DIALECTS)('migration 024 on %s', (kind: DbKind) => {
  let t: Awaited<ReturnType<typeof createTestApp>>
  beforeAll(async () => {
    t = await createTestApp(kind)
  })
  afterAll(async () => {
    await t.close()
  })

  it('should drop the notify tables down to 023, make them again, and seal a device stored in clear', async () => {
    const k = t.db.kysely as unknown as Kysely<any>
    await migrateTo(t.db, '023_warning_decisions')
    await expect(k.selectFrom('outbound_messages').select('id').execute()).rejects.toThrow()
    await migrate(t.db)
    expect(await k.selectFrom('outbound_messages').select('id').execute()).toEqual([])

    const user = await k.selectFrom('users').select('id').executeTakeFirstOrThrow()
    const keys = JSON.stringify({ p256dh: 'B-clear', auth: 'clear' })
    await k.insertInto('push_subscriptions').values({ id: 'p024', user_id: user.id, endpoint: 'https://fcm.googleapis.com/fcm/send/clear', endpoint_hash: 'h024', keys, lang: 'zh-CN', created_at: new Date().toISOString() }).execute()
    await migrate(t.db)
    const row = await k.selectFrom('push_subscriptions').select(['endpoint', 'keys']).where('id', '=', 'p024').executeTakeFirstOrThrow()
    expect(row.endpoint).toMatch(/^enc1\./)
    expect(fieldCipher().open(row.endpoint)).toBe('https://fcm.googleapis.com/fcm/send/clear')
    expect(fieldCipher().open(row.keys)).toBe(keys)
  })
})
