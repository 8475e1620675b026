import type { DbKind } from '../../db'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../../mock/seed'
import { quarterOf } from '../../../src/domain/quarter'
import { shanghaiToday } from '../../../src/domain/time'
import { DEFAULT_TEST_PG_URL, openTestDb, openTwoConnections, TEST_DIALECTS } from '../../testing'
import { completenessOf, countCompleteness } from '../happiness-list/completeness'
import { countVisits, coverageOf } from '../visits/coverage'
import { KeptCounts } from './kept-counts'

const SETUP_TIMEOUT_MS = 60_000
const TOWN = '339901001'
const VILLAGE = '339901001001'

describe('kept counts', () => {
  let db: Awaited<ReturnType<typeof openTestDb>>
  beforeAll(async () => {
    db = await openTestDb('sqlite')
  })
  afterAll(async () => {
    await db.drop()
  })

  /** A count that says how often it was made. */
  function counter() {
    let made = 0
    return {
      compute: async () => ++made,
      get made() {
        return made
      },
    }
  }

  it('should count once for the requests that ask at the same time, and keep it', async () => {
    const kept = new KeptCounts<number>('visits')
    const c = counter()
    expect(await Promise.all([kept.get(db.kysely, TOWN, 'q', c.compute), kept.get(db.kysely, TOWN, 'q', c.compute)])).toEqual([1, 1])
    expect(await kept.get(db.kysely, TOWN, 'q', c.compute)).toBe(1)
    expect(c.made).toBe(1)
  })

  it('should keep each area and parameters apart, and at most as many as it may', async () => {
    const kept = new KeptCounts<number>('visits', 2)
    const c = counter()
    await kept.get(db.kysely, TOWN, 'q1', c.compute)
    await kept.get(db.kysely, TOWN, 'q2', c.compute)
    await kept.get(db.kysely, TOWN, 'q1', c.compute)
    expect(c.made).toBe(2)
    // A third goes in, and the least recently read (q2) goes out.
    await kept.get(db.kysely, '339901002', 'q1', c.compute)
    expect(kept.size(db.kysely)).toBe(2)
    await kept.get(db.kysely, TOWN, 'q1', c.compute)
    expect(c.made).toBe(3)
    await kept.get(db.kysely, TOWN, 'q2', c.compute)
    expect(c.made).toBe(4)
  })

  it('should not keep a count that failed', async () => {
    const kept = new KeptCounts<number>('visits')
    await expect(kept.get(db.kysely, TOWN, 'q', async () => {
      throw new Error('the database went away')
    })).rejects.toThrow('the database went away')
    expect(await kept.get(db.kysely, TOWN, 'q', async () => 7)).toBe(7)
  })

  it('should keep nothing inside a transaction, which may never be committed', async () => {
    const kept = new KeptCounts<number>('visits')
    const c = counter()
    await db.kysely.transaction().execute(async (trx) => {
      await kept.get(trx, TOWN, 'q', c.compute)
      await kept.get(trx, TOWN, 'q', c.compute)
    })
    expect(c.made).toBe(2)
    expect(kept.size(db.kysely)).toBe(0)
  })
})

describe.each(TEST_DIALECTS)('kept counts and writes of another server process on %s', (kind: DbKind) => {
  let dbs: Awaited<ReturnType<typeof openTwoConnections>>
  const quarter = quarterOf(shanghaiToday())
  let householdId: string
  let visitorId: string

  const visit = (at = new Date().toISOString()) => {
    const id = randomUUID()
    return { id, client_id: id, household_id: householdId, visitor_id: visitorId, visitor_role: 'volunteer' as const, organisation: '', type: 'care' as const, visited_at: at, observations: '[]', urgent: 0, urgent_note: '', notes: '', photo: null, location: null, accuracy: null, created_at: at, flag_resolved_at: null, flag_resolved_by: null }
  }

  beforeAll(async () => {
    dbs = await openTwoConnections(kind)
    await seedDemo(dbs.one)
    householdId = (await dbs.one.kysely.selectFrom('households').select('id').where('area_code', '=', VILLAGE).orderBy('registry_ref').executeTakeFirstOrThrow()).id
    visitorId = (await dbs.one.kysely.selectFrom('users').select('id').where('username', '=', 'volunteer').executeTakeFirstOrThrow()).id
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await dbs.drop()
  })

  it('should count what another process wrote, on the completeness and the coverage page', async () => {
    const { one, other } = dbs
    await sql`delete from visits`.execute(one.kysely)
    const completeness = await completenessOf(one.kysely, TOWN, quarter, 'zh-CN')
    const coverage = await coverageOf(one.kysely, TOWN, quarter)
    // 人社 has paid the demo households nothing since June 2025 (mock/benefit-history.ts): its record
    // changes the village's count in any quarter (医保's January premiums would hide one in Q1).
    await other.kysely.insertInto('benefit_records').values({ id: randomUUID(), household_id: householdId, department: 'renshe', external_id: `OTHER-${randomUUID()}`, item: 'employment', kind: 'subsidy', amount_fen: 100, quantity: null, unit: null, period: shanghaiToday().slice(0, 7), paid_on: shanghaiToday(), member_ids: '[]', status: 'paid', source: 'feed', reference: null, credential_id: null, import_batch_id: null, created_at: new Date().toISOString(), updated_at: new Date().toISOString() }).execute()
    await other.kysely.insertInto('visits').values(visit()).execute()

    const completenessAfter = await completenessOf(one.kysely, TOWN, quarter, 'zh-CN')
    const fresh = await countCompleteness(one.kysely, TOWN, quarter)
    expect(completenessAfter).not.toEqual(completeness)
    for (const v of completenessAfter.villages)
      expect(v.byDepartment.map(d => d.households)).toEqual(v.byDepartment.map(d => fresh.reported.get(`${v.code} ${d.department}`) ?? 0))
    const coverageAfter = await coverageOf(one.kysely, TOWN, quarter)
    expect(coverageAfter.totals.notVisited90Days).toBe(coverage.totals.notVisited90Days - 1)
    expect(coverageAfter.villages.find(v => v.code === VILLAGE)!.visited).toBe((await countVisits(one.kysely, TOWN, quarter)).get(VILLAGE)!.visited)
  })

  it.runIf(kind === 'postgres')('should not make two writers of one town wait for each other (each connection its own stamp)', async () => {
    // Two connections whose stamps fall on different shards, as two writers at once almost always are.
    const url = process.env.TEST_DATABASE_URL || DEFAULT_TEST_PG_URL
    const open = async () => {
      const c = new pg.Client({ connectionString: url, options: `-c search_path=${dbs.one.pgSchema}` })
      await c.connect()
      return c
    }
    const shard = async (c: pg.Client) => (await c.query<{ shard: number }>('select pg_backend_pid() % 64 as shard')).rows[0].shard
    const first = await open()
    const opened = [first]
    let second = await open()
    opened.push(second)
    while (await shard(second) === await shard(first)) {
      second = await open()
      opened.push(second)
    }
    const before = Number((await first.query<{ n: string }>('select count(*) as n from visits')).rows[0].n)
    try {
      const insert = (c: pg.Client) => {
        const v = visit()
        return c.query('insert into visits (id, client_id, household_id, visitor_id, visitor_role, organisation, type, visited_at, observations, urgent, urgent_note, notes, created_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)', [v.id, v.client_id, v.household_id, v.visitor_id, v.visitor_role, v.organisation, v.type, v.visited_at, v.observations, v.urgent, v.urgent_note, v.notes, v.created_at])
      }
      await first.query('begin')
      await insert(first)
      // The first has not committed: with one stamp row per town the second would wait for it
      // (and here fail after lock_timeout) instead of being stored.
      await second.query(`set lock_timeout = '5s'`)
      await insert(second)
      await first.query('commit')
      expect(Number((await first.query<{ n: string }>('select count(*) as n from visits')).rows[0].n)).toBe(before + 2)
    }
    finally {
      for (const c of opened)
        await c.end()
    }
  })
})
