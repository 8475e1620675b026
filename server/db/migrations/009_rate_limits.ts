import type { Kysely } from 'kysely'

// Issue #13: attempt counters that cannot be raced (sign-in, SMS, binding). One row per key and
// window; the key is a keyed hash whenever it holds an address or an ID number. Rows are counters
// only: the hourly sweep deletes those whose window has ended.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('rate_limits')
    .addColumn('key', 'text', c => c.primaryKey())
    .addColumn('attempts', 'integer', c => c.notNull())
    .addColumn('window_start', 'text', c => c.notNull())
    .addColumn('expires_at', 'text', c => c.notNull())
    .execute()
  await db.schema.createIndex('rate_limits_expires_at').on('rate_limits').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute()
}
