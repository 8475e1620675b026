import type { Kysely } from 'kysely'

// Issue #13: a household is bound by proof (the registry's phone, or staff who saw the ID card),
// and its members see every account bound to it, when and how, and can remove one.
// Bindings made before this migration were made with an ID number and a name: they are kept
// (nobody loses access) and marked 'id_and_name', so that the household sees them for what they are.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('household_bound_at', 'text').execute()
  await db.schema.alterTable('users').addColumn('household_bound_via', 'text').execute()
  await db.updateTable('users')
    .set(eb => ({ household_bound_at: eb.ref('created_at'), household_bound_via: 'id_and_name' }))
    .where('household_id', 'is not', null)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('household_bound_via').execute()
  await db.schema.alterTable('users').dropColumn('household_bound_at').execute()
}
