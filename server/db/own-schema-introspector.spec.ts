import { PostgresIntrospector, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, TEST_DIALECTS } from '../testing'

describe.runIf(TEST_DIALECTS.includes('postgres'))('the migrator\'s view of a PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof openTestDb>>
  let other: string
  beforeAll(async () => {
    db = await openTestDb('postgres')
    other = `${db.pgSchema}_other`
    await sql`create schema ${sql.id(other)}`.execute(db.kysely)
    await sql`create table ${sql.id(other, 'elsewhere')} (id serial primary key)`.execute(db.kysely)
  })
  afterAll(async () => {
    await sql`drop schema if exists ${sql.id(other)} cascade`.execute(db.kysely)
    await db.drop()
  })

  it('should describe its own tables as Kysely\'s introspector does when it lists the schema', async () => {
    const stock = (await new PostgresIntrospector(db.kysely).getTables({ withInternalKyselyTables: true }))
      .filter(t => t.schema === db.pgSchema)
      .map(t => ({ ...t, columns: t.columns.map(({ comment: _, ...c }) => c) }))
    const own = await db.kysely.introspection.getTables({ withInternalKyselyTables: true })
    expect(own.map(t => t.name)).toContain('kysely_migration')
    expect(own).toEqual(stock)
    expect((await db.kysely.introspection.getTables()).map(t => t.name)).not.toContain('kysely_migration')
  })

  it('should not list another schema\'s tables when Kysely\'s own listing does', async () => {
    const stock = await new PostgresIntrospector(db.kysely).getTables()
    expect(stock.filter(t => t.schema === other).map(t => t.name)).toEqual(['elsewhere'])
    expect((await db.kysely.introspection.getTables()).map(t => t.name)).not.toContain('elsewhere')
  })
})
