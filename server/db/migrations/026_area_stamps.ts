import type { Kysely, RawBuilder } from 'kysely'
import { sql, SqliteAdapter } from 'kysely'

// Issue #18: the county completeness page and the town visit coverage page count over every
// household of the area (at 100 000 households a county's 100 000, a town's 10 000). Their counts
// are kept in memory and counted again only when something they are made of changed; the
// database says so itself, as it does for a resident's list (021): each write to what a page
// counts gives the town of the rows a new random stamp, by triggers, whatever writes (feeds,
// imports, approvals' months, the month keeper, visits and their confirmations, the register, a
// hand-made fix in SQL, another server process). Counts kept under a set of stamps are used only
// while every stamp of the area is the same (server/services/staff/kept-counts.ts).
//
// - topic 'benefits' (completeness): households, benefit_records;
// - topic 'visits' (coverage): households, visits, visit_confirmations.
// (A household's area must be in areas, a foreign key: no change of areas changes a count.)
// A household's town is the first 9 digits of its area code (the code itself when shorter), the
// stamp's town_code; an area's key is the stamps of its towns and the topic's row of town '',
// which a TRUNCATE (PostgreSQL; SQLite has none) restamps.
//
// One row per town would make every writer in a town wait for the one before it to commit on
// PostgreSQL (the row is locked until then, through its WAL flush: some 7 ms on the bench
// machine), so ten volunteers saving visits at once would save them one after another. Each
// connection writes its own row instead, `shard` = pg_backend_pid() % STAMP_SHARDS: two
// transactions at once are on two connections, and meet on a row only when their process ids
// fall on the same shard. SQLite has one writer at a time: shard 0.
//
// A later migration that rebuilds one of the watched tables (SQLite's copy and rename) must
// create its triggers again: SQLite drops a table's triggers with the table.

/** PostgreSQL: rows per town and topic at most; writers at once on one row only when their pids meet modulo this. */
const STAMP_SHARDS = 64

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter

type Topic = 'benefits' | 'visits'

interface Watched {
  table: string
  topics: Topic[]
  /** The columns of a row that tell its town… */
  columns: string[]
  /** …and how: joins from the row `r`, and the area code they lead to. */
  joins: string
  area: string
}

const WATCHED: Watched[] = [
  { table: 'households', topics: ['benefits', 'visits'], columns: ['area_code'], joins: '', area: 'r.area_code' },
  { table: 'benefit_records', topics: ['benefits'], columns: ['household_id'], joins: 'join households h on h.id = r.household_id', area: 'h.area_code' },
  { table: 'visits', topics: ['visits'], columns: ['household_id'], joins: 'join households h on h.id = r.household_id', area: 'h.area_code' },
  { table: 'visit_confirmations', topics: ['visits'], columns: ['visit_id'], joins: 'join visits v on v.id = r.visit_id join households h on h.id = v.household_id', area: 'h.area_code' },
]

const EVENTS = ['insert', 'update', 'delete'] as const

/** The towns of the rows of `rows` (a subquery or a transition table), as `town_code`. */
function townsOf(w: Watched, rows: string): string {
  return `select substr(${w.area}, 1, 9) as town_code from ${rows} as r ${w.joins}`
}

function topicsValues(topics: Topic[]): string {
  return topics.map(t => `('${t}')`).join(', ')
}

/** SQLite, in a row trigger: restamps the town of NEW or OLD. */
function sqliteRestamp(w: Watched, ref: 'NEW' | 'OLD'): string {
  const row = `(select ${w.columns.map(c => `${ref}.${c} as ${c}`).join(', ')})`
  // "where true": an upsert's SELECT needs a WHERE before ON CONFLICT (SQLite's parsing ambiguity).
  return `insert into area_stamps (topic, town_code, shard, stamp) select topics.column1, changed.town_code, 0, lower(hex(randomblob(16))) from (${townsOf(w, row)}) as changed cross join (values ${topicsValues(w.topics)}) as topics where true on conflict (topic, town_code, shard) do update set stamp = excluded.stamp;`
}

/** PostgreSQL, in a statement trigger: restamps the towns of the statement's rows, in one order (no two statements lock rows the other way round). */
function pgRestamp(w: Watched, tables: string[]): string {
  const towns = tables.map(t => townsOf(w, t)).join(' union ')
  return `insert into area_stamps (topic, town_code, shard, stamp)
            select topics.topic, changed.town_code, pg_backend_pid() % ${STAMP_SHARDS}, md5(random()::text || clock_timestamp()::text || changed.town_code)
            from (select distinct town_code from (${towns}) as rows_towns) as changed cross join (values ${topicsValues(w.topics)}) as topics (topic)
            order by 1, 2
            on conflict (topic, town_code, shard) do update set stamp = excluded.stamp;`
}

const functionName = (w: Watched) => `${w.table}_area_restamp`
const triggerName = (w: Watched, event: string) => `${w.table}_area_restamp_${event}`

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('area_stamps')
    .addColumn('topic', 'text', c => c.notNull())
    .addColumn('town_code', 'text', c => c.notNull())
    .addColumn('shard', 'integer', c => c.notNull())
    .addColumn('stamp', 'text', c => c.notNull())
    .addPrimaryKeyConstraint('area_stamps_pk', ['topic', 'town_code', 'shard'])
    .execute()

  if (isSqlite(db)) {
    for (const w of WATCHED) {
      const body: Record<typeof EVENTS[number], string> = {
        insert: sqliteRestamp(w, 'NEW'),
        update: `${sqliteRestamp(w, 'OLD')} ${sqliteRestamp(w, 'NEW')}`,
        delete: sqliteRestamp(w, 'OLD'),
      }
      for (const event of EVENTS)
        await sql`create trigger ${sql.raw(triggerName(w, event))} after ${sql.raw(event)} on ${sql.table(w.table)} begin ${sql.raw(body[event])} end`.execute(db)
    }
  }
  else {
    // Once per statement, not per row (a feed's 1 000 records restamp their towns once). A
    // trigger with transition tables has one event, and only the tables of its event exist, so
    // each branch names only those (as in 021).
    for (const w of WATCHED) {
      await sql`
        create function ${sql.raw(functionName(w))}() returns trigger language plpgsql as $$
        begin
          if tg_op = 'INSERT' then
            ${sql.raw(pgRestamp(w, ['new_rows']))}
          elsif tg_op = 'UPDATE' then
            ${sql.raw(pgRestamp(w, ['new_rows', 'old_rows']))}
          else
            ${sql.raw(pgRestamp(w, ['old_rows']))}
          end if;
          return null;
        end
        $$`.execute(db)
      const transitions: Record<typeof EVENTS[number], RawBuilder<unknown>> = { insert: sql`new table as new_rows`, update: sql`old table as old_rows new table as new_rows`, delete: sql`old table as old_rows` }
      for (const event of EVENTS)
        await sql`create trigger ${sql.raw(triggerName(w, event))} after ${sql.raw(event)} on ${sql.table(w.table)} referencing ${transitions[event]} for each statement execute function ${sql.raw(functionName(w))}()`.execute(db)
    }
    // TRUNCATE fires no delete trigger and has no rows to tell the towns by: it restamps town ''
    // of the topics, which every area's key holds.
    await sql`
      create function area_restamp_all() returns trigger language plpgsql as $$
      begin
        insert into area_stamps (topic, town_code, shard, stamp)
        select topic, '', pg_backend_pid() % ${sql.raw(String(STAMP_SHARDS))}, md5(random()::text || clock_timestamp()::text)
        from (values ('benefits'), ('visits')) as topics (topic)
        on conflict (topic, town_code, shard) do update set stamp = excluded.stamp;
        return null;
      end
      $$`.execute(db)
    for (const w of WATCHED)
      await sql`create trigger ${sql.raw(triggerName(w, 'truncate'))} after truncate on ${sql.table(w.table)} for each statement execute function area_restamp_all()`.execute(db)
  }
  // The towns there are now get their first stamps; the triggers give later ones theirs.
  const fresh = isSqlite(db) ? sql`lower(hex(randomblob(16)))` : sql`md5(random()::text || clock_timestamp()::text || town_code)`
  await sql`insert into area_stamps (topic, town_code, shard, stamp) select topics.topic, towns.town_code, 0, ${fresh} from (select distinct substr(area_code, 1, 9) as town_code from households union select '') as towns cross join (select 'benefits' as topic union all select 'visits') as topics`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  const events = isSqlite(db) ? EVENTS : [...EVENTS, 'truncate'] as const
  for (const w of WATCHED) {
    for (const event of events)
      await sql`drop trigger ${sql.raw(triggerName(w, event))}${isSqlite(db) ? sql`` : sql` on ${sql.table(w.table)}`}`.execute(db)
    if (!isSqlite(db))
      await sql`drop function ${sql.raw(functionName(w))}()`.execute(db)
  }
  if (!isSqlite(db))
    await sql`drop function area_restamp_all()`.execute(db)
  await db.schema.dropTable('area_stamps').execute()
}
