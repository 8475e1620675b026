import type { Kysely } from 'kysely'

// Issue #19: a referral sent with a visit held for staff (its code had been regenerated before the
// visit, issue #16) waits with the visit, sealed like the visit's notes, and raises its warning
// only when staff confirm the visit; a rejected visit takes its referral with it. Referrals held
// before this migration had raised their warnings at once and keep them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('visit_confirmations').addColumn('referral', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('visit_confirmations').dropColumn('referral').execute()
}
