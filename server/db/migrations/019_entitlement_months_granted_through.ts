import type { Kysely } from 'kysely'

// Issue #18: reading a list must not write. An approval's months used to be generated inside GET
// requests; now they are written when the case is approved and, as the calendar moves on, by the
// server's month keeper (server/services/happiness-list/entitlement-months.ts). This column says up
// to which month ("YYYY-MM") the months are written, so the keeper touches only what is behind.
// Null: nothing recorded yet (rows from before this migration): the keeper writes them all once,
// idempotently (on conflict do nothing).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('entitlements').addColumn('granted_through', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('entitlements').dropColumn('granted_through').execute()
}
