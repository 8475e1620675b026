import type { Kysely } from 'kysely'

// Issue #14: ID numbers and phones are stored encrypted (random per value), so lookups go by a
// blind index (keyed HMAC) in a column of its own, unique as the clear value was. The values
// themselves are encrypted by the backfill that runs after the migrations (server/crypto/stored-data.ts),
// which has the keys; a migration has none.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('household_members').addColumn('id_number_hash', 'text').execute()
  await db.schema.createIndex('household_members_id_number_hash').unique().on('household_members').column('id_number_hash').execute()
  await db.schema.alterTable('users').addColumn('phone_hash', 'text').execute()
  await db.schema.createIndex('users_phone_hash').unique().on('users').column('phone_hash').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_phone_hash').execute()
  await db.schema.alterTable('users').dropColumn('phone_hash').execute()
  await db.schema.dropIndex('household_members_id_number_hash').execute()
  await db.schema.alterTable('household_members').dropColumn('id_number_hash').execute()
}
