import type { Kysely } from 'kysely'

// Issue #5: the happiness list (幸福清单). Portable types as in 001/002: text ids and ISO times.
// Amounts are INTEGER fen (exact sums on both dialects; 2^31 fen is over 21 million yuan, far
// above any one record), quantities of in-kind and service records double precision.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('feed_credentials')
    .addColumn('id', 'text', c => c.primaryKey())
    .addColumn('department', 'text', c => c.notNull())
    .addColumn('name', 'text', c => c.notNull())
    // SHA-256 of the random token: a leaked database hands out no feed access.
    .addColumn('secret_hash', 'text', c => c.notNull().unique())
    .addColumn('created_by', 'text', c => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', c => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute()

  await db.schema.createTable('import_batches')
    .addColumn('id', 'text', c => c.primaryKey())
    .addColumn('file_hash', 'text', c => c.notNull())
    .addColumn('filename', 'text')
    .addColumn('created_by', 'text', c => c.notNull().references('users.id'))
    .addColumn('committed_at', 'text', c => c.notNull())
    .addColumn('rows', 'integer', c => c.notNull())
    .addColumn('inserted', 'integer', c => c.notNull())
    .addColumn('updated', 'integer', c => c.notNull())
    .addColumn('unchanged', 'integer', c => c.notNull())
    .execute()

  await db.schema.createTable('benefit_records')
    .addColumn('id', 'text', c => c.primaryKey())
    .addColumn('household_id', 'text', c => c.notNull().references('households.id'))
    .addColumn('department', 'text', c => c.notNull())
    // The department's own record id (approvals: "ent:<entitlement>:<YYYY-MM>").
    .addColumn('external_id', 'text', c => c.notNull())
    .addColumn('item', 'text', c => c.notNull())
    .addColumn('kind', 'text', c => c.notNull())
    .addColumn('amount_fen', 'integer')
    .addColumn('quantity', 'double precision')
    .addColumn('unit', 'text')
    // "YYYY-MM" or "YYYY-MM-DD/YYYY-MM-DD".
    .addColumn('period', 'text', c => c.notNull())
    .addColumn('paid_on', 'text', c => c.notNull())
    // JSON: ID numbers of the members concerned (never shown unmasked outside the household).
    .addColumn('member_ids', 'text', c => c.notNull())
    .addColumn('status', 'text', c => c.notNull())
    .addColumn('source', 'text', c => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('credential_id', 'text', c => c.references('feed_credentials.id'))
    .addColumn('import_batch_id', 'text', c => c.references('import_batches.id'))
    .addColumn('created_at', 'text', c => c.notNull())
    .addColumn('updated_at', 'text', c => c.notNull())
    // A resend of the same record (feed, import, approval month) updates instead of duplicating.
    .addUniqueConstraint('benefit_records_external', ['department', 'external_id'])
    .execute()
  await db.schema.createIndex('benefit_records_household').on('benefit_records').columns(['household_id', 'paid_on']).execute()
  await db.schema.createIndex('benefit_records_paid_on').on('benefit_records').columns(['paid_on', 'department']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['benefit_records', 'import_batches', 'feed_credentials'])
    await db.schema.dropTable(table).execute()
}
