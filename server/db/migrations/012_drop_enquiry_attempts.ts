import type { Kysely } from 'kysely'

// Issue #13: enquiries are limited by the atomic counters of rate_limits (009) like every other
// limit; this table of attempts (an hour's worth of address hashes, no personal data) is no longer
// read. Its rows are only rate-limit bookkeeping, so nothing a person stored is lost.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('enquiry_attempts').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('enquiry_attempts')
    .addColumn('id', 'text', c => c.primaryKey())
    .addColumn('ip_hash', 'text', c => c.notNull())
    .addColumn('at', 'text', c => c.notNull())
    .execute()
  await db.schema.createIndex('enquiry_attempts_ip').on('enquiry_attempts').columns(['ip_hash', 'at']).execute()
}
