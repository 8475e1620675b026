import type { DbKind } from './db'
import type { TestApp } from './routes/applications/test-builders'
import type { TestClient } from './testing'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upsertHouseholdFromRegistry } from './db/repos/households'
import { HOUSEHOLD, residentOf, staffClient } from './routes/applications/test-builders'
import { createTestApp, TEST_DIALECTS } from './testing'

/** The same request sent this many times at once, as a retrying client or a double tap does. */
const PARALLEL = 20
const BATCH_RECORDS = 50
const SETUP_TIMEOUT_MS = 60_000

const [liJianguo] = HOUSEHOLD.li.members

function feedRecord(n: number) {
  return { externalId: `RACE-${n}`, idNumbers: [liJianguo.idNumber], item: 'medical', kind: 'cash', amountFen: 10_000 + n, period: '2023-02', paidOn: '2023-02-15', status: 'paid' }
}

describe.each(TEST_DIALECTS)('the same write sent many times at once on %s', (kind: DbKind) => {
  let t: TestApp
  let county: TestClient
  let town: TestClient

  const count = async (table: 'benefit_records' | 'field_worker_areas' | 'households' | 'household_members' | 'visits') =>
    Number((await t.db.kysely.selectFrom(table).select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const times = <T>(work: () => Promise<T>) => Promise.all(Array.from({ length: PARALLEL }, work))

  beforeAll(async () => {
    t = await createTestApp(kind)
    county = await staffClient(t, 'county')
    town = await staffClient(t, 'town')
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t?.close()
  })

  it('should store a feed batch once and count it unchanged for the later ones when it is sent 20 times at once', async () => {
    const token = (await county.post('/api/staff/feed-credentials', { department: 'yibao', name: '县医保信息系统' })).json().token
    const before = await count('benefit_records')
    const payload = { records: Array.from({ length: BATCH_RECORDS }, (_, n) => feedRecord(n)) }
    const answers = await times(() => t.app.inject({ method: 'POST', url: '/api/feeds/records', payload, headers: { authorization: `Bearer ${token}` } }))
    expect(answers.map(a => a.statusCode)).toEqual(Array.from({ length: PARALLEL }, () => 200))
    const counts = answers.map(a => a.json())
    expect(counts.reduce((sum, c) => sum + c.inserted, 0)).toBe(BATCH_RECORDS)
    expect(counts.every(c => c.inserted + c.unchanged === BATCH_RECORDS && c.updated === 0)).toBe(true)
    expect(await count('benefit_records')).toBe(before + BATCH_RECORDS)
  })

  it('should keep one row per area when a field worker\'s areas are saved 20 times at once', async () => {
    const volunteer = (await town.get('/api/staff/field-workers')).json().workers.find((w: { displayName: string }) => w.displayName === '志愿者 周敏')
    const areaCodes = ['339901001', '339901001002']
    const answers = await times(() => town.put(`/api/staff/field-workers/${volunteer.id}/areas`, { areaCodes }))
    expect(answers.map(a => a.statusCode)).toEqual(Array.from({ length: PARALLEL }, () => 200))
    expect(answers.every(a => a.json().assignedAreas.map((x: { code: string }) => x.code).join() === areaCodes.join())).toBe(true)
    const rows = await t.db.kysely.selectFrom('field_worker_areas').select('area_code').where('user_id', '=', volunteer.id).orderBy('area_code').execute()
    expect(rows.map(r => r.area_code)).toEqual(areaCodes)
  })

  it('should store a household new to us once when it is bound 20 times at once', async () => {
    const household = {
      registryRef: 'RACE-HH-1',
      areaCode: '339901001001',
      address: '和美村 9 号',
      members: [{ idNumber: '339901199001010011', name: '测试甲', relation: 'self' as const, isHead: true, phone: null }],
    }
    const [households, members] = [await count('households'), await count('household_members')]
    const ids = await times(() => upsertHouseholdFromRegistry(t.db.kysely, household))
    expect(new Set(ids).size).toBe(1)
    expect(await count('households')).toBe(households + 1)
    expect(await count('household_members')).toBe(members + 1)
  })

  it('should store a care visit once when the phone\'s outbox sends it 20 times at once', async () => {
    const volunteer = await staffClient(t, 'volunteer')
    const { token } = (await (await residentOf(t, 'wang')).get('/api/household-code')).json()
    const visit = { clientId: randomUUID(), token, type: 'care', visitedAt: new Date().toISOString(), observations: [{ dimension: 'health', level: 'ok' }], notes: '' }
    const before = await count('visits')
    const answers = await times(() => volunteer.post('/api/visits', visit))
    expect(answers.map(a => a.statusCode).sort()).toEqual([...Array.from({ length: PARALLEL - 1 }, () => 200), 201])
    expect(new Set(answers.map(a => a.json().id)).size).toBe(1)
    expect(answers.filter(a => a.json().created)).toHaveLength(1)
    expect(await count('visits')).toBe(before + 1)
  })
})
