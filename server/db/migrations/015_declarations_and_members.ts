import type { Kysely } from 'kysely'

// Issue #15: an application carries its own declaration of assets (signed with the
// authorisation) and the registered members the resident left out with a reason; both are
// sealed by the backfill like other personal data. Accounts remember which registry member
// they were bound as (blind index of the ID number), so the form starts with that person as
// the applicant; bindings made before stay null and start with the head of the household.
// Old applications keep their diagnosis column: its assets are no longer read as a declaration.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('applications').addColumn('declaration', 'text').execute()
  await db.schema.alterTable('applications').addColumn('removed_members', 'text', col => col.notNull().defaultTo('[]')).execute()
  await db.schema.alterTable('users').addColumn('member_id_hash', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('member_id_hash').execute()
  await db.schema.alterTable('applications').dropColumn('removed_members').execute()
  await db.schema.alterTable('applications').dropColumn('declaration').execute()
}
