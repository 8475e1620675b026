import type { Kysely } from 'kysely'

// Issue #19, 政策找人: what staff decide on a warning, and the invitation a household gets when
// it is taken in. A decision is stored once per warning and stage (民政's verification, then the
// receiving department's when 民政 referred it): the unique key is what makes 20 parallel
// verifications one decision. The warning keeps its state and, once referred, the department
// whose queue it is in.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('warnings').addColumn('referred_to', 'text').execute()

  await db.schema.createTable('warning_decisions')
    .addColumn('id', 'text', c => c.primaryKey())
    .addColumn('warning_id', 'text', c => c.notNull().references('warnings.id'))
    // 'verify' (民政 of the town) or 'referral' (the department it was referred to).
    .addColumn('stage', 'text', c => c.notNull())
    .addColumn('outcome', 'text', c => c.notNull())
    .addColumn('department', 'text', c => c.notNull())
    // The department referred to (outcome 'referred') and the reason code (outcome 'not_eligible').
    .addColumn('referred_to', 'text')
    .addColumn('reason_code', 'text')
    // Sealed: staff's free note may say anything about the household.
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text', c => c.notNull().references('users.id'))
    .addColumn('decided_at', 'text', c => c.notNull())
    // Its day in Beijing: the funnel's "days from signal to decision".
    .addColumn('decided_on', 'text', c => c.notNull())
    .addUniqueConstraint('warning_decisions_warning_stage', ['warning_id', 'stage'])
    .execute()

  await db.schema.createTable('invitations')
    .addColumn('id', 'text', c => c.primaryKey())
    // One invitation per warning: taking a household in twice is the same invitation.
    .addColumn('warning_id', 'text', c => c.notNull().unique().references('warnings.id'))
    .addColumn('household_id', 'text', c => c.notNull().references('households.id'))
    // JSON: the item codes staff confirmed, ticked in the application form.
    .addColumn('items', 'text', c => c.notNull())
    // Sealed JSON Text: the plain reason, worded when read (it may carry medical figures).
    .addColumn('reason', 'text', c => c.notNull())
    // open → accepted | declined | call_requested (a call requested may still be accepted or declined).
    .addColumn('status', 'text', c => c.notNull())
    .addColumn('created_at', 'text', c => c.notNull())
    .addColumn('responded_at', 'text')
    .addColumn('call_requested_at', 'text')
    .execute()
  await db.schema.createIndex('invitations_household').on('invitations').columns(['household_id', 'status']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invitations').execute()
  await db.schema.dropTable('warning_decisions').execute()
  await db.schema.alterTable('warnings').dropColumn('referred_to').execute()
}
