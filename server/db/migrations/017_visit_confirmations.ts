import type { Kysely } from 'kysely'

// Issue #16: a visit logged with a happiness code that had been regenerated before the visit (the
// volunteer's phone checked it offline with an old revocation list) is not thrown away. The
// household is real, only its code changed: the visit is stored like any other, and a row here
// holds it out of every count and list until town 民政 staff confirm it (or reject it).
// A visit without a row here is an ordinary visit; 'confirmed' ones count like ordinary ones.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('visit_confirmations')
    .addColumn('visit_id', 'text', c => c.primaryKey().references('visits.id'))
    // 'pending' until staff decide: 'confirmed' or 'rejected'.
    .addColumn('status', 'text', c => c.notNull())
    // The code version the volunteer scanned (revoked before the visit) and when it was revoked.
    .addColumn('code_version', 'integer', c => c.notNull())
    .addColumn('code_revoked_at', 'text', c => c.notNull())
    .addColumn('created_at', 'text', c => c.notNull())
    .addColumn('decided_by', 'text', c => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .execute()
  await db.schema.createIndex('visit_confirmations_status').on('visit_confirmations').column('status').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('visit_confirmations').execute()
}
