import type { DbKind } from '../../db'
import type { TestClient } from '../../testing'
import type { HouseholdKey, TestApp } from '../applications/test-builders'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeToken } from '../../../src/domain/household-code/token'
import { quarterOf } from '../../../src/domain/quarter'
import { shanghaiToday } from '../../../src/domain/time'
import { upsertHouseholdFromRegistry } from '../../db/repos/households'
import { coverageOf, keptCoverageAreas, percent } from '../../services/visits/coverage'
import { chinaQuarter } from '../../services/visits/time'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { HOUSEHOLD, residentOf, staffClient } from '../applications/test-builders'

// Issue #18: the coverage page's counts are kept under the area's stamps (migration 026), and
// "not visited in 90 days" is told from the kept last visits for the moment of each view. Each
// test here reads the page of the county and of both towns (so their counts are kept), changes
// what they are made of the way the app or a person does, and reads again: every page must be
// what the database holds now, counted afresh from its rows here, and show the change itself.

const DAY = 86_400_000
const SETUP_TIMEOUT_MS = 60_000
/** Whole seconds, like every stored issue time; earlier than any visit of these tests. */
const ISSUED_LONG_AGO = new Date(Math.floor((Date.now() - 200 * DAY) / 1000) * 1000).toISOString()
const AREA = { county: '339901', town: '339901001', town2: '339901002' } as const
type Who = keyof typeof AREA
const WHO = Object.keys(AREA) as Who[]

describe.each(TEST_DIALECTS)('kept coverage counts after every kind of write on %s', (kind: DbKind) => {
  let t: TestApp
  let staff: Record<Who, TestClient>
  let volunteer: TestClient
  const quarter = quarterOf(shanghaiToday())

  const householdOf = async (key: HouseholdKey) => (await t.db.kysely.selectFrom('households').select('id').where('registry_ref', '=', HOUSEHOLD[key].registryRef).executeTakeFirstOrThrow()).id

  /** The household's code as its resident shows it, dated back so that back-dated visits do not precede it. */
  async function tokenOf(key: HouseholdKey): Promise<string> {
    const resident = await residentOf(t, key)
    await resident.get('/api/household-code')
    await t.db.kysely.updateTable('household_codes').set({ issued_at: ISSUED_LONG_AGO }).where('household_id', '=', await householdOf(key)).execute()
    return (await resident.get('/api/household-code')).json().token
  }

  /** The household's old code, after the household regenerated it two days ago: a visit with it waits for staff. */
  async function regeneratedTwoDaysAgo(key: HouseholdKey): Promise<string> {
    const old = await tokenOf(key)
    const resident = await residentOf(t, key)
    expect((await resident.post('/api/household-code/regenerate', {})).statusCode).toBe(200)
    const decoded = decodeToken(old)
    await t.db.kysely.updateTable('revoked_codes').set({ revoked_at: new Date(Date.now() - 2 * DAY).toISOString() }).where('ref', '=', decoded.ok ? decoded.payload.ref : '').execute()
    return old
  }

  const visitBody = (token: string, daysAgo: number, over: Record<string, unknown> = {}) => ({ clientId: randomUUID(), token, type: 'care', visitedAt: new Date(Date.now() - daysAgo * DAY).toISOString(), observations: [], ...over })

  interface Figures {
    villages: { code: string, households: number, visited: number, percent: number }[]
    notVisited90Days: number
  }
  const figuresOf = (page: { villages: Figures['villages'], totals: { notVisited90Days: number } }): Figures =>
    ({ villages: page.villages.map(v => ({ code: v.code, households: v.households, visited: v.visited, percent: v.percent })), notVisited90Days: page.totals.notVisited90Days })
  const page = async (who: Who): Promise<Figures> => {
    const res = await staff[who].get(`/api/staff/visits/coverage?quarter=${quarter}`)
    expect(res.statusCode).toBe(200)
    return figuresOf(res.json())
  }

  /** The figures as the database holds them now, counted here from every row (nothing kept, no SQL counting). */
  async function fresh(who: Who, now = new Date()): Promise<Figures> {
    const k = t.db.kysely
    const area = AREA[who]
    const { from, to } = chinaQuarter(quarter)!
    const dueSince = new Date(now.getTime() - 90 * DAY).toISOString()
    const areas = await k.selectFrom('areas').select(['code', 'level']).where('code', 'like', `${area}%`).orderBy('code').execute()
    const within = new Set(areas.map(a => a.code))
    const households = (await k.selectFrom('households').select(['id', 'area_code']).execute()).filter(h => within.has(h.area_code))
    const held = new Set((await k.selectFrom('visit_confirmations').select(['visit_id', 'status']).execute()).filter(c => c.status !== 'confirmed').map(c => c.visit_id))
    const visits = (await k.selectFrom('visits').select(['id', 'household_id', 'visited_at']).execute()).filter(v => !held.has(v.id))
    const visitedIn = (h: { id: string }, since: string, until = '\uFFFF') => visits.some(v => v.household_id === h.id && v.visited_at >= since && v.visited_at < until)
    return {
      villages: areas.filter(a => a.level === 'village').map((a) => {
        const own = households.filter(h => h.area_code === a.code)
        const visited = own.filter(h => visitedIn(h, from, to)).length
        return { code: a.code, households: own.length, visited, percent: percent(visited, own.length) }
      }),
      notVisited90Days: households.filter(h => !visitedIn(h, dueSince)).length,
    }
  }

  /** Reads every page (kept), writes, reads again: each as fresh; `changed` pages differ from before. */
  async function afterWrite(write: () => Promise<unknown>, changed: readonly Who[]) {
    const before = Object.fromEntries(await Promise.all(WHO.map(async w => [w, await page(w)] as const)))
    expect(keptCoverageAreas(t.db.kysely)).toBeGreaterThanOrEqual(WHO.length)
    await write()
    for (const w of WHO) {
      const after = await page(w)
      expect(after).toEqual(await fresh(w))
      if (changed.includes(w))
        expect(after).not.toEqual(before[w])
      else
        expect(after).toEqual(before[w])
    }
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    staff = { county: await staffClient(t, 'county'), town: await staffClient(t, 'town'), town2: await staffClient(t, 'town2') }
    volunteer = await staffClient(t, 'volunteer')
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it('should serve the kept counts while the stamps stay, and only then (a write hidden from the stamps is not seen)', async () => {
    const before = await page('town')
    const { rows: stamps } = await sql<{ topic: string, town_code: string, shard: number, stamp: string }>`select * from area_stamps`.execute(t.db.kysely)
    expect(stamps.length).toBeGreaterThan(0)
    expect((await volunteer.post('/api/visits', visitBody(await tokenOf('li'), 1))).statusCode).toBe(201)
    // Put the old stamps back, as if the write had not happened: the kept counts are what come.
    await sql`delete from area_stamps`.execute(t.db.kysely)
    for (const s of stamps)
      await sql`insert into area_stamps (topic, town_code, shard, stamp) values (${s.topic}, ${s.town_code}, ${s.shard}, ${s.stamp})`.execute(t.db.kysely)
    expect(await page('town')).toEqual(before)
    expect(await fresh('town')).not.toEqual(before)
    // Any write gives new stamps, even one that changes no value.
    await t.db.kysely.updateTable('households').set({ created_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', await householdOf('li')).execute()
    expect(await page('town')).toEqual(await fresh('town'))
  })

  it('should count a visit a volunteer saved, in its town and the county only', async () => {
    const token = await tokenOf('wang')
    await sql`delete from visits where household_id = ${await householdOf('wang')}`.execute(t.db.kysely)
    await afterWrite(async () => expect((await volunteer.post('/api/visits', visitBody(token, 1))).statusCode).toBe(201), ['county', 'town'])
  })

  it('should count a visit held for confirmation only once staff confirm it, and never once rejected', async () => {
    const household = await householdOf('chen')
    await sql`delete from visits where household_id = ${household}`.execute(t.db.kysely)
    const shegong = await staffClient(t, 'shegong')
    const held: string[] = []
    // Held: stored, counted nowhere.
    const old = await regeneratedTwoDaysAgo('chen')
    await afterWrite(async () => {
      for (const days of [1, 0.5]) {
        const res = await shegong.post('/api/visits', visitBody(old, days))
        expect(res.statusCode).toBe(202)
        held.push(res.json().id)
      }
    }, [])
    await afterWrite(async () => expect((await staff.town.post(`/api/staff/visits/confirmations/${held[0]}/reject`, {})).statusCode).toBe(200), [])
    await afterWrite(async () => expect((await staff.town.post(`/api/staff/visits/confirmations/${held[1]}/confirm`, {})).statusCode).toBe(200), ['county', 'town'])
  })

  it('should stay right when a flag is resolved (a write that changes no count)', async () => {
    const res = await volunteer.post('/api/visits', visitBody(await tokenOf('li'), 2, { urgent: true, urgentNote: '需要帮助' }))
    expect(res.statusCode).toBe(201)
    await afterWrite(async () => expect((await staff.town.post(`/api/staff/visits/flags/${res.json().id}/resolve`, {})).statusCode).toBe(200), [])
  })

  it('should count visits changed, moved to another town and deleted by hand in SQL, and a confirmation deleted', async () => {
    const k = t.db.kysely
    const wang = await householdOf('wang')
    const [one] = await k.selectFrom('visits').select('id').where('household_id', '=', wang).execute()
    await afterWrite(() => k.updateTable('visits').set({ visited_at: new Date(Date.now() - 100 * DAY).toISOString() }).where('household_id', '=', wang).execute(), ['county', 'town'])
    await sql`delete from visits where household_id = ${await householdOf('zhao')}`.execute(k)
    await afterWrite(async () => k.updateTable('visits').set({ household_id: await householdOf('zhao'), visited_at: new Date(Date.now() - DAY).toISOString() }).where('id', '=', one.id).execute(), ['county', 'town2'])
    await afterWrite(() => k.deleteFrom('visits').where('id', '=', one.id).execute(), ['county', 'town2'])
    const chen = await householdOf('chen')
    // 陈's only visit left is the rejected one: without its confirmation row it counts.
    await sql`delete from visit_confirmations where status <> 'rejected'`.execute(k)
    await sql`delete from visits where household_id = ${chen} and id not in (select visit_id from visit_confirmations)`.execute(k)
    await afterWrite(() => k.deleteFrom('visit_confirmations').where('status', '=', 'rejected').execute(), ['county', 'town'])
  })

  it('should count a household the register adds, moves to another town, and one deleted', async () => {
    const household = { registryRef: 'KEPT-V-NEW', areaCode: '339901001002', address: '桃源村 98 号', members: [{ idNumber: '339901195204040013', name: '新户主', relation: 'self' as const, isHead: true, phone: null }] }
    await afterWrite(() => upsertHouseholdFromRegistry(t.db.kysely, household), ['county', 'town'])
    await afterWrite(() => upsertHouseholdFromRegistry(t.db.kysely, { ...household, areaCode: '339901002001' }), ['county', 'town', 'town2'])
    await afterWrite(async () => {
      const id = (await t.db.kysely.selectFrom('households').select('id').where('registry_ref', '=', household.registryRef).executeTakeFirstOrThrow()).id
      await t.db.kysely.deleteFrom('household_members').where('household_id', '=', id).execute()
      await t.db.kysely.deleteFrom('households').where('id', '=', id).execute()
    }, ['county', 'town2'])
  })

  it('should move "not visited in 90 days" with the clock, from the kept counts', async () => {
    const k = t.db.kysely
    for (const who of WHO) {
      const area = AREA[who]
      await coverageOf(k, area, quarter)
      for (const days of [0, 5, 45, 91, 200]) {
        const now = new Date(Date.now() + days * DAY)
        const later = await coverageOf(k, area, quarter, now)
        expect(later.totals.notVisited90Days).toBe((await fresh(who, now)).notVisited90Days)
      }
    }
    // Not vacuous: some household of the county falls due within 91 days.
    expect((await fresh('county', new Date(Date.now() + 91 * DAY))).notVisited90Days).toBeGreaterThan((await fresh('county')).notVisited90Days)
  })

  it('should give the "not visited" list\'s next pages the same total as the page', async () => {
    for (const who of WHO) {
      const res = await staff[who].get('/api/staff/visits/coverage/not-visited')
      expect(res.statusCode).toBe(200)
      expect(res.json().total).toBe((await fresh(who)).notVisited90Days)
    }
  })

  it('should keep the counts a rolled-back transaction saw out of every page', async () => {
    const li = await householdOf('li')
    const inside: number[] = []
    await afterWrite(() => t.db.kysely.transaction().execute(async (trx) => {
      await trx.deleteFrom('visits').where('household_id', '=', li).execute()
      inside.push((await coverageOf(trx, AREA.town, quarter)).totals.notVisited90Days)
      throw new Error('rolled back')
    }).catch(() => {}), [])
    expect(inside[0]).toBe((await fresh('town')).notVisited90Days + 1)
  })

  it('should count again after every confirmation or visit is removed at once (TRUNCATE on PostgreSQL)', async () => {
    const remove = (table: string) => sql.raw(kind === 'postgres' ? `truncate ${table} cascade` : `delete from ${table}`).execute(t.db.kysely)
    const shegong = await staffClient(t, 'shegong')
    expect((await shegong.post('/api/visits', visitBody(await regeneratedTwoDaysAgo('liu'), 1))).statusCode).toBe(202)
    await afterWrite(() => remove('visit_confirmations'), ['county', 'town'])
    await afterWrite(() => remove('visits'), ['county', 'town'])
  })
})
