import type { Kysely } from 'kysely'

// Issue #18: the town staff queue picks its page of 500 among the town's cases alone, oldest
// first by the case's created_at (its application's submission time), and only then looks up
// those 500 applications. PostgreSQL joined first and hashed every application of the county
// (a scan of 8 000 wide rows at 100 000 households, 1.8× the demo's page). The queue's index
// (027) gains created_at, so the page is still read from the index alone on both databases.

const QUEUE_ROWS_027 = ['department', 'town_code', 'status', 'application_id', 'id', 'item', 'due_at']

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_queue_rows').execute()
  await db.schema.createIndex('cases_queue_rows').on('cases').columns([...QUEUE_ROWS_027, 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('cases_queue_rows').execute()
  await db.schema.createIndex('cases_queue_rows').on('cases').columns(QUEUE_ROWS_027).execute()
}
