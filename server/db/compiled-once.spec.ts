import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, TEST_DIALECTS } from '../testing'
import { compiledOnce } from './compiled-once'

type TestDb = Awaited<ReturnType<typeof openTestDb>>

/** Enough runs to reuse each pooled connection, and for PostgreSQL to settle on a generic plan. */
const RUNS = 12

describe.each(TEST_DIALECTS)('queries compiled once on %s', (kind) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(kind)
    await db.kysely.insertInto('areas').values([
      { code: '330000000000', name: '省', level: 'county', parent_code: null },
      { code: '330100000000', name: '市', level: 'county', parent_code: '330000000000' },
    ]).execute()
  })
  afterAll(async () => {
    await db.drop()
  })

  const areaByCode = compiledOnce(['code'], (k, v) => k.selectFrom('areas').selectAll().where('code', '=', v.code))

  it('should answer each run with its own values when the query is compiled once', async () => {
    for (let i = 0; i < RUNS; i++) {
      const code = i % 2 === 0 ? '330000000000' : '330100000000'
      const { rows } = await areaByCode(db.kysely, { code })
      expect(rows.map(r => r.code)).toEqual([code])
    }
    expect((await areaByCode(db.kysely, { code: 'none' })).rows).toEqual([])
  })

  it.runIf(kind === 'postgres')('should keep the statement prepared on the connection when it has run there', async () => {
    await areaByCode(db.kysely, { code: '330000000000' })
    // The pool hands out the connection released last: the one that has just run it.
    const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db.kysely)
    expect(rows.map(r => r.statement)).toContainEqual(expect.stringMatching(/^\/\* prepared \*\/ select \* from "areas"/))
  })

  it('should answer with the new columns when a table changes under a prepared statement', async () => {
    await Promise.all(Array.from({ length: RUNS }, () => areaByCode(db.kysely, { code: '330000000000' })))
    // What a migration run by another process of a rolling deploy would do.
    await sql`alter table areas add column probe text`.execute(db.kysely)
    const answers = await Promise.all(Array.from({ length: RUNS }, () => areaByCode(db.kysely, { code: '330000000000' })))
    for (const { rows } of answers)
      expect(rows[0]).toMatchObject({ code: '330000000000', probe: null })
  })
})
