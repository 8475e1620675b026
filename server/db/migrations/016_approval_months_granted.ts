import type { Kysely } from 'kysely'
import { sql } from 'kysely'

// Issue #15: an approval's months were stored as paid (已发放) the moment the case was approved.
// They are granted (已核定) until the paying department reports the payment; the list already
// reads them so, and the stored rows now say the same to backups, exports and any other reader.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`update benefit_records set status = 'granted' where source = 'approval' and status = 'paid'`.execute(db)
}

export async function down(): Promise<void> {
  // Nothing to undo: marking approval months paid again would bring the untruth back.
}
