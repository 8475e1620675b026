import type { Kysely } from 'kysely'
import { sql } from 'kysely'

// Issue #13: an application could name anyone as a household member (someone of another
// household and town), and the economic check then ran on that person. Members not in the
// applicant's registered household are now marked 'unconfirmed' and no check runs until staff
// confirm them (after seeing, e.g., a marriage certificate or proof of living together).
// Members already stored are marked the same way: an existing application with a stranger in it
// waits for staff too.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('application_members').addColumn('registry_status', 'text', col => col.notNull().defaultTo('registered')).execute()
  await db.schema.alterTable('application_members').addColumn('confirmed_by', 'text').execute()
  await db.schema.alterTable('application_members').addColumn('confirmed_at', 'text').execute()
  await sql`
    update application_members set registry_status = 'unconfirmed'
    where not exists (
      select 1 from household_members hm
      join applications a on a.household_id = hm.household_id
      where a.id = application_members.application_id and hm.id_number = application_members.id_number
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('application_members').dropColumn('confirmed_at').execute()
  await db.schema.alterTable('application_members').dropColumn('confirmed_by').execute()
  await db.schema.alterTable('application_members').dropColumn('registry_status').execute()
}
