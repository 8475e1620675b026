import type { Kysely } from 'kysely'

// Issue #7: one-time hand-off from a kiosk to a phone. Rows live minutes: the payload (the
// self-diagnosis answers) is dropped when the phone takes it, expired rows when the next is made.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('handoffs')
    .addColumn('id', 'text', c => c.primaryKey())
    // SHA-256 of the QR's token: the database never holds a usable token.
    .addColumn('token_hash', 'text', c => c.notNull().unique())
    // The resident signed in at the kiosk (null: an anonymous self-diagnosis) and that session's id.
    .addColumn('user_id', 'text', c => c.references('users.id'))
    .addColumn('session_id', 'text')
    .addColumn('target', 'text', c => c.notNull())
    .addColumn('payload', 'text')
    .addColumn('created_at', 'text', c => c.notNull())
    .addColumn('expires_at', 'text', c => c.notNull())
    .addColumn('redeemed_at', 'text')
    .execute()
  await db.schema.createIndex('handoffs_expires_at').on('handoffs').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('handoffs').execute()
}
