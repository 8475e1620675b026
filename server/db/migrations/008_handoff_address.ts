import type { Kysely } from 'kysely'

// Issue #7: hand-offs are made without signing in, so each carries the keyed hash of the address
// that made it, to cap how many one address holds at once (see HANDOFF_MAX_PER_ADDRESS).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('handoffs').addColumn('ip_hash', 'text').execute()
  await db.schema.createIndex('handoffs_ip_hash').on('handoffs').column('ip_hash').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('handoffs_ip_hash').execute()
  await db.schema.alterTable('handoffs').dropColumn('ip_hash').execute()
}
