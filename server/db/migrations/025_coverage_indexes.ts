import type { Kysely } from 'kysely'

// Issue #18: the visit coverage page counts and pages in the database instead of reading every
// household of the area (at 100 000 households a town has some 10 000). EXPLAIN on both
// databases showed a sort of all the area's households for a page of 50, and a scan of every
// benefit record to find the few stopped ones:
// - households in register order (village, register reference) with their id: a page of the
//   "not visited in 90 days" list walks them in order and stops after one page;
// - stopped records by item and date, with their household: "left assistance" starts from them.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('households_register_order').on('households').columns(['area_code', 'registry_ref', 'id']).execute()
  await db.schema.createIndex('benefit_records_stopped').on('benefit_records').columns(['status', 'item', 'paid_on', 'household_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('benefit_records_stopped').execute()
  await db.schema.dropIndex('households_register_order').execute()
}
