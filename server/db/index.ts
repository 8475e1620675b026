import type { Dialect, SqliteDatabase } from 'kysely'
import type { Database } from './schema'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, sql, SqliteDialect } from 'kysely'
import pg from 'pg'
import { fieldCipher } from '../crypto/field-cipher'
import { sealClearValues } from '../crypto/stored-data'
import { preparingPool } from './compiled-once'
import * as m001 from './migrations/001_foundation'
import * as m002 from './migrations/002_applications'
import * as m003 from './migrations/003_happiness_list'
import * as m004 from './migrations/004_household_codes'
import * as m005 from './migrations/005_visits'
import * as m006 from './migrations/006_needs'
import * as m007 from './migrations/007_handoffs'
import * as m008 from './migrations/008_handoff_address'
import * as m009 from './migrations/009_rate_limits'
import * as m010 from './migrations/010_household_bindings'
import * as m011 from './migrations/011_application_member_registry'
import * as m012 from './migrations/012_drop_enquiry_attempts'
import * as m013 from './migrations/013_blind_indexes'
import * as m014 from './migrations/014_sealed_photos_and_locations'
import * as m015 from './migrations/015_declarations_and_members'
import * as m016 from './migrations/016_approval_months_granted'
import * as m017 from './migrations/017_visit_confirmations'
import * as m018 from './migrations/018_money_in_fen'
import * as m019 from './migrations/019_entitlement_months_granted_through'
import * as m020 from './migrations/020_warnings'
import * as m021 from './migrations/021_happiness_list_stamps'
import * as m022 from './migrations/022_completeness_indexes'
import * as m023 from './migrations/023_warning_decisions'
import * as m024 from './migrations/024_outbound_messages'
import * as m025 from './migrations/025_coverage_indexes'
import * as m026 from './migrations/026_area_stamps'
import * as m027 from './migrations/027_queue_indexes'
import * as m028 from './migrations/028_queue_by_case_date'
import * as m029 from './migrations/029_held_referrals'
import { OwnSchemaPostgresDialect } from './own-schema-introspector'

export type DbKind = 'sqlite' | 'postgres'

export interface Db {
  kysely: Kysely<Database>
  kind: DbKind
  close: () => Promise<void>
  /** Answers when the database does (the health check's one query). */
  ping: () => Promise<void>
  /** The PostgreSQL schema of this connection, when not the default one (tests). */
  pgSchema?: string
}

/** Migrations in order. One set for both dialects: the schema builder writes each one's SQL. */
const MIGRATIONS = { '001_foundation': m001, '002_applications': m002, '003_happiness_list': m003, '004_household_codes': m004, '005_visits': m005, '006_needs': m006, '007_handoffs': m007, '008_handoff_address': m008, '009_rate_limits': m009, '010_household_bindings': m010, '011_application_member_registry': m011, '012_drop_enquiry_attempts': m012, '013_blind_indexes': m013, '014_sealed_photos_and_locations': m014, '015_declarations_and_members': m015, '016_approval_months_granted': m016, '017_visit_confirmations': m017, '018_money_in_fen': m018, '019_entitlement_months_granted_through': m019, '020_warnings': m020, '021_happiness_list_stamps': m021, '022_completeness_indexes': m022, '023_warning_decisions': m023, '024_outbound_messages': m024, '025_coverage_indexes': m025, '026_area_stamps': m026, '027_queue_indexes': m027, '028_queue_by_case_date': m028, '029_held_referrals': m029 }

export function dbKindOf(url: string): DbKind {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return 'postgres'
  if (url.startsWith('sqlite:'))
    return 'sqlite'
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got a value of another scheme)`)
}

export interface OpenDbOptions {
  /** PostgreSQL schema to use (tests get one each so they can run side by side). */
  pgSchema?: string
}

/** Distinct SQL texts kept prepared; IN lists of varying length make texts that come and go. */
const STATEMENT_CACHE_SIZE = 500

/**
 * Kysely prepares every query anew, and on SQLite preparing costs more than running the small
 * queries of a request (issue #18). The same SQL text reuses its statement (least recently used
 * dropped first); one that is still busy (a stream iterating it) is never handed out twice.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>()
  return {
    close: () => void sqlite.close(),
    prepare: (text: string) => {
      const cached = cache.get(text)
      if (cached?.busy)
        return sqlite.prepare(text)
      const statement = cached ?? sqlite.prepare(text)
      // Map order is insertion order: moving it to the end makes the first key the least recent.
      cache.delete(text)
      cache.set(text, statement)
      if (cache.size > STATEMENT_CACHE_SIZE)
        cache.delete(cache.keys().next().value!)
      return statement
    },
  }
}

export function openDb(url: string, options: OpenDbOptions = {}): Db {
  const kind = dbKindOf(url)
  let dialect: Dialect
  if (kind === 'sqlite') {
    const file = url.slice('sqlite:'.length)
    if (file !== ':memory:')
      mkdirSync(dirname(file), { recursive: true })
    const sqlite = new SQLite(file)
    // WAL lets readers go on while one writer writes; foreign keys are off by default in SQLite.
    sqlite.pragma('journal_mode = WAL')
    // In WAL mode NORMAL syncs at checkpoints rather than at every commit: a crash of the process
    // loses nothing, a power cut at most the last commits; the file is never corrupted (issue #18).
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma('busy_timeout = 5000')
    dialect = new SqliteDialect({ database: withStatementCache(sqlite) })
  }
  else {
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      ...(options.pgSchema ? { options: `-c search_path=${options.pgSchema}` } : {}),
    })
    // The hot paths' statements prepared once per connection (compiled-once.ts, issue #18).
    dialect = new OwnSchemaPostgresDialect({ pool: preparingPool(pool) })
  }
  const kysely = new Kysely<Database>({ dialect })
  return { kysely, kind, close: () => kysely.destroy(), ping: async () => void await sql`select 1`.execute(kysely), pgSchema: options.pgSchema }
}

function migrator(db: Db): Migrator {
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => MIGRATIONS },
    // Its own bookkeeping tables in its own schema: otherwise Kysely finds another test schema's
    // migration lock through the search path and two test runs starting at once trip over it.
    ...(db.pgSchema ? { migrationTableSchema: db.pgSchema } : {}),
  })
}

function throwOnFailure({ error, results }: Awaited<ReturnType<Migrator['migrateToLatest']>>): void {
  for (const r of results ?? []) {
    if (r.status === 'Error')
      throw new Error(`migration ${r.migrationName} failed`)
  }
  if (error)
    throw error
}

export async function migrate(db: Db): Promise<void> {
  throwOnFailure(await migrator(db).migrateToLatest())
  // Rows from before encryption at rest are sealed now (a no-op once done).
  await sealClearValues(db.kysely, fieldCipher())
}

/** Migrates up or down to the named migration (tests of what a migration does to existing rows). */
export async function migrateTo(db: Db, name: keyof typeof MIGRATIONS): Promise<void> {
  throwOnFailure(await migrator(db).migrateTo(name))
}
