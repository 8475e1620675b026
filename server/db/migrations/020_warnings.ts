import type { Kysely } from 'kysely'

// Issue #19, 政策找人: the signals departments send (medical spending, disability certificates,
// deaths, unemployment, school status…) and the warnings the rules raise from them for staff to
// verify. A signal is stored once per (source, external id): a resend is the same signal. A
// warning is stored once per cause (its cause key, src/domain/warnings/rules.ts): a second signal
// of the same cause is linked to the warning already raised, never a second warning.
//
// Health and death data are sensitive personal information: what a signal carries (payload) and
// what a warning read from it (figures, texts) are sealed like ID numbers (server/crypto), and a
// member is named by the registry row's id, never by an ID number.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('signals')
    .addColumn('id', 'text', c => c.primaryKey())
    .addColumn('kind', 'text', c => c.notNull())
    .addColumn('source', 'text', c => c.notNull())
    // The source's own id: with the source, what makes a resend the same signal.
    .addColumn('external_id', 'text', c => c.notNull())
    .addColumn('household_id', 'text', c => c.notNull().references('households.id'))
    .addColumn('member_id', 'text', c => c.references('household_members.id'))
    // As sent ("2026-03-05" or an instant with its offset), and its day in Beijing for windows.
    .addColumn('occurred_at', 'text', c => c.notNull())
    .addColumn('occurred_on', 'text', c => c.notNull())
    .addColumn('received_at', 'text', c => c.notNull())
    // Sealed JSON: the signal as validated (src/domain/warnings/signals.ts).
    .addColumn('payload', 'text', c => c.notNull())
    // Where it came from: a feed credential, or a CSV import by staff (their user id).
    .addColumn('credential_id', 'text', c => c.references('feed_credentials.id'))
    .addColumn('imported_by', 'text', c => c.references('users.id'))
    .addUniqueConstraint('signals_source_external_id', ['source', 'external_id'])
    .execute()
  await db.schema.createIndex('signals_household_day').on('signals').columns(['household_id', 'occurred_on']).execute()

  await db.schema.createTable('warnings')
    .addColumn('id', 'text', c => c.primaryKey())
    // rule:household:member:period (causeKey): one warning per cause, however many requests race.
    .addColumn('cause_key', 'text', c => c.notNull().unique())
    .addColumn('rule', 'text', c => c.notNull())
    .addColumn('household_id', 'text', c => c.notNull().references('households.id'))
    .addColumn('member_id', 'text', c => c.references('household_members.id'))
    // The signal that raised it; every signal of the cause is in warning_signals.
    .addColumn('signal_id', 'text', c => c.notNull().references('signals.id'))
    // Sealed JSON: the figures compared ({ spentFen, thresholdFen, months }…).
    .addColumn('figures', 'text', c => c.notNull())
    // JSON: the region figures used, with source and date (no personal data).
    .addColumn('basis', 'text', c => c.notNull())
    // JSON: [{ item, action, department }], what the rule suggests.
    .addColumn('suggestions', 'text', c => c.notNull())
    // Sealed JSON: { staff, household }, the texts as keys and parameters (worded when read).
    .addColumn('texts', 'text', c => c.notNull())
    // 'open' until staff verify it (the outcomes come with the verification step).
    .addColumn('status', 'text', c => c.notNull())
    .addColumn('raised_on', 'text', c => c.notNull())
    .addColumn('due_on', 'text', c => c.notNull())
    .addColumn('created_at', 'text', c => c.notNull())
    .execute()
  await db.schema.createIndex('warnings_household').on('warnings').column('household_id').execute()
  await db.schema.createIndex('warnings_status_due').on('warnings').columns(['status', 'due_on']).execute()

  await db.schema.createTable('warning_signals')
    .addColumn('warning_id', 'text', c => c.notNull().references('warnings.id'))
    .addColumn('signal_id', 'text', c => c.notNull().references('signals.id'))
    .addPrimaryKeyConstraint('warning_signals_pk', ['warning_id', 'signal_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('warning_signals').execute()
  await db.schema.dropTable('warnings').execute()
  await db.schema.dropTable('signals').execute()
}
