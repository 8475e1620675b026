import type { Kysely } from 'kysely'
import { sql, SqliteAdapter } from 'kysely'

// Issue #18: a resident's happiness list is served from a cache of the computed list, which is
// only correct if every change of what the list is made of is seen. The database says so itself:
// each write to a household's benefit records or members gives the household a new random stamp
// (happiness_list_stamps), by triggers, whatever writes (approval months, feeds, CSV imports,
// the month keeper, the re-sealing of old rows, a hand-made fix in SQL, another server process).
// A list cached under a stamp is served only while the stamp is the same (server/services/
// happiness-list/resident-list.ts). Stamps are random, never counters, so a restored backup
// cannot bring back a stamp with other records under it.
//
// A later migration that rebuilds benefit_records or household_members (SQLite's copy and rename)
// must create these triggers again: SQLite drops a table's triggers with the table.
//
// The list's queries also get an index that answers "which departments reported, and when last"
// from the index alone (lastReportsOfHousehold): (household_id, paid_on, source, department). It
// starts with the columns of benefit_records_household (003), which it replaces.

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter

/** The tables whose rows a household's list is made of; both have household_id. */
const WATCHED = ['benefit_records', 'household_members'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('happiness_list_stamps')
    // No foreign key: a household's rows may be deleted, and its stamp with them is harmless.
    .addColumn('household_id', 'text', c => c.primaryKey())
    .addColumn('stamp', 'text', c => c.notNull())
    .execute()

  if (isSqlite(db)) {
    const restamp = (ref: 'NEW' | 'OLD') => sql.raw(`insert into happiness_list_stamps (household_id, stamp) values (${ref}.household_id, lower(hex(randomblob(16)))) on conflict (household_id) do update set stamp = excluded.stamp;`)
    for (const table of WATCHED) {
      await sql`create trigger ${sql.raw(`${table}_restamp_insert`)} after insert on ${sql.table(table)} begin ${restamp('NEW')} end`.execute(db)
      await sql`create trigger ${sql.raw(`${table}_restamp_update`)} after update on ${sql.table(table)} begin ${restamp('OLD')} ${restamp('NEW')} end`.execute(db)
      await sql`create trigger ${sql.raw(`${table}_restamp_delete`)} after delete on ${sql.table(table)} begin ${restamp('OLD')} end`.execute(db)
    }
  }
  else {
    // Once per statement, not per row: a feed's batch of 1 000 records restamps each household
    // once. A trigger with transition tables has one event, and only the tables of its event
    // exist, so each branch names only those (the PostgreSQL manual's audit example does the same).
    await sql`
      create function happiness_list_restamp() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          insert into happiness_list_stamps (household_id, stamp)
          select household_id, md5(random()::text || clock_timestamp()::text || household_id) from (select distinct household_id from new_rows) as changed
          on conflict (household_id) do update set stamp = excluded.stamp;
        elsif tg_op = 'UPDATE' then
          insert into happiness_list_stamps (household_id, stamp)
          select household_id, md5(random()::text || clock_timestamp()::text || household_id) from (select household_id from new_rows union select household_id from old_rows) as changed
          on conflict (household_id) do update set stamp = excluded.stamp;
        else
          insert into happiness_list_stamps (household_id, stamp)
          select household_id, md5(random()::text || clock_timestamp()::text || household_id) from (select distinct household_id from old_rows) as changed
          on conflict (household_id) do update set stamp = excluded.stamp;
        end if;
        return null;
      end
      $$`.execute(db)
    const tables = { insert: sql`new table as new_rows`, update: sql`old table as old_rows new table as new_rows`, delete: sql`old table as old_rows` }
    for (const table of WATCHED) {
      for (const [event, transition] of Object.entries(tables))
        await sql`create trigger ${sql.raw(`${table}_restamp_${event}`)} after ${sql.raw(event)} on ${sql.table(table)} referencing ${transition} for each statement execute function happiness_list_restamp()`.execute(db)
    }
  }
  // The households there are now get their first stamp; the triggers give later ones theirs.
  const fresh = isSqlite(db) ? sql`lower(hex(randomblob(16)))` : sql`md5(random()::text || clock_timestamp()::text || id)`
  await sql`insert into happiness_list_stamps (household_id, stamp) select id, ${fresh} from households`.execute(db)
  await db.schema.createIndex('benefit_records_household_reports').on('benefit_records').columns(['household_id', 'paid_on', 'source', 'department']).execute()
  await db.schema.dropIndex('benefit_records_household').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('benefit_records_household').on('benefit_records').columns(['household_id', 'paid_on']).execute()
  await db.schema.dropIndex('benefit_records_household_reports').execute()
  for (const table of WATCHED) {
    for (const event of ['insert', 'update', 'delete'])
      await sql`drop trigger ${sql.raw(`${table}_restamp_${event}`)}${isSqlite(db) ? sql`` : sql` on ${sql.table(table)}`}`.execute(db)
  }
  if (!isSqlite(db))
    await sql`drop function happiness_list_restamp()`.execute(db)
  await db.schema.dropTable('happiness_list_stamps').execute()
}
