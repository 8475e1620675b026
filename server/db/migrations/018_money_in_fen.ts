import type { Kysely } from 'kysely'
import { sql, SqliteAdapter } from 'kysely'

// Issue #17: money in integer fen everywhere. The yuan of applications and approvals were
// double precision (002); they become integer fen like benefit_records.amount_fen (003), so sums
// are exact on both dialects and in JavaScript.
//
//   application_members.monthly_income  → monthly_income_fen  (not null)
//   cases.decision_amount               → decision_amount_fen
//   entitlements.monthly_amount         → monthly_amount_fen
//
// integer, not bigint: 2^31 fen is 21 474 836.47 yuan, while a declared income is at most
// 1 000 000 yuan a month (MAX_MONTHLY_INCOME) and an approval at most the region's line for
// every member (amounts.ts); node-pg would also hand a bigint back as a string. A stored value
// beyond that fails the PostgreSQL migration as a whole (its migrations run in one transaction)
// rather than being cut; SQLite integers are 64-bit.
//
// Each value becomes the yuan × 100 rounded to the fen: exact for every amount with at most two
// decimals, which is what the form and the staff API took. PostgreSQL rounds the stored
// number's decimal (double → numeric keeps 15 significant digits, so 400.35 is 400.35, and
// numeric rounds half away from zero); SQLite, without a decimal type, rounds the product
// half away from zero. The down migration divides by 100, giving back the nearest double to
// the decimal, i.e. the very number the old code stored.
//
// Left in yuan: the sealed declaration (applications.declaration: the Declaration JSON of the
// API, signed by the household; a migration has no keys to open it) and the parameters of
// notifications already sent (the words of a message, not an amount anything sums).

const COLUMNS = [
  { table: 'application_members', yuan: 'monthly_income', fen: 'monthly_income_fen', notNull: true },
  { table: 'cases', yuan: 'decision_amount', fen: 'decision_amount_fen', notNull: false },
  { table: 'entitlements', yuan: 'monthly_amount', fen: 'monthly_amount_fen', notNull: false },
] as const

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter

/**
 * SQLite: Kysely runs its migrations outside a transaction, so one is opened here, and a failure
 * leaves the tables as they were (SQLite's ALTER TABLE is transactional). PostgreSQL is already
 * inside the migrator's transaction.
 */
async function atomically(db: Kysely<any>, work: (db: Kysely<any>) => Promise<void>): Promise<void> {
  if (isSqlite(db))
    await db.transaction().execute(work)
  else
    await work(db)
}

/**
 * Replaces one column by another of the other type, filled by `value` (SQL of the old column).
 * A not-null column is added with a default (SQLite cannot add one without) that PostgreSQL
 * drops again once filled; SQLite keeps it, and every writer gives the column anyway.
 */
async function swap(db: Kysely<any>, table: string, from: string, to: string, type: 'integer' | 'double precision', notNull: boolean, value: ReturnType<typeof sql>): Promise<void> {
  await db.schema.alterTable(table).addColumn(to, type, c => notNull ? c.notNull().defaultTo(0) : c).execute()
  await sql`update ${sql.table(table)} set ${sql.ref(to)} = ${value}`.execute(db)
  if (notNull && !isSqlite(db))
    await db.schema.alterTable(table).alterColumn(to, c => c.dropDefault()).execute()
  // Neither column is indexed or constrained: SQLite (≥ 3.35) and PostgreSQL drop it in place.
  await db.schema.alterTable(table).dropColumn(from).execute()
}

export async function up(db: Kysely<any>): Promise<void> {
  await atomically(db, async (db) => {
    for (const c of COLUMNS) {
      const yuan = sql.ref(c.yuan)
      const fen = isSqlite(db) ? sql`cast(round(${yuan} * 100) as integer)` : sql`cast(round(cast(${yuan} as numeric) * 100) as integer)`
      await swap(db, c.table, c.yuan, c.fen, 'integer', c.notNull, fen)
    }
  })
}

export async function down(db: Kysely<any>): Promise<void> {
  await atomically(db, async (db) => {
    for (const c of COLUMNS)
      await swap(db, c.table, c.fen, c.yuan, 'double precision', c.notNull, sql`cast(${sql.ref(c.fen)} as double precision) / 100`)
  })
}
