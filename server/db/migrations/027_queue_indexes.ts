import type { Kysely } from 'kysely'

// Issue #18: the town staff queue reads every case of the town and department with its
// application (number, applicant, date) to list the oldest 500. At 100 000 households a town's
// 800 cases lie among the county's 10 600, and their applications among 8 000 rows of sealed
// fields, so SQLite read most pages of both tables for them, where a small database's few pages
// stay in its page cache. Both indexes hold every column the queue reads, so it is answered from
// them alone (the same 500 rows, measured in one process: 3.1 → 1.8 ms at 100 000 households,
// 2.5 → 1.7 ms on the demo with the town's cases copied):
// - cases by department and town, then status (the filter), with what a row shows; it starts
//   with the columns of cases_queue (002), which it replaces;
// - applications by id with their number, applicant's name and date.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('cases_queue_rows').on('cases').columns(['department', 'town_code', 'status', 'application_id', 'id', 'item', 'due_at']).execute()
  await db.schema.dropIndex('cases_queue').execute()
  await db.schema.createIndex('applications_queue_rows').on('applications').columns(['id', 'created_at', 'number', 'applicant_name']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('applications_queue_rows').execute()
  await db.schema.createIndex('cases_queue').on('cases').columns(['department', 'town_code', 'status']).execute()
  await db.schema.dropIndex('cases_queue_rows').execute()
}
