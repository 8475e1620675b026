import type { Kysely } from 'kysely'
import type { FigureBasis } from '../../../src/domain/warnings/rules'
import type { WarningStatus } from '../../../src/domain/warnings/verification'
import type { Database } from '../schema'

// A resident's contact requests (政策找人, issue #19 1c): signals of kind contact_request from the
// source 'resident', stored and evaluated by services/warnings/receive.ts like every signal. This
// reads one back, with the warning it joined, to answer the resident truthfully.

export interface ContactRequestRow {
  household_id: string
  received_at: string
  /** the warning the request raised or joined; null when none was raised */
  warning_status: WarningStatus | null
  due_on: string | null
  basis: FigureBasis[]
}

/** The resident request with this id (whoever sent it), with its warning; undefined when none is stored. */
export async function findContactRequest(db: Kysely<Database>, requestId: string): Promise<ContactRequestRow | undefined> {
  const row = await db.selectFrom('signals')
    .leftJoin('warning_signals', 'warning_signals.signal_id', 'signals.id')
    .leftJoin('warnings', 'warnings.id', 'warning_signals.warning_id')
    .select(['signals.household_id', 'signals.received_at', 'warnings.status', 'warnings.due_on', 'warnings.basis'])
    .where('signals.source', '=', 'resident')
    .where('signals.kind', '=', 'contact_request')
    .where('signals.external_id', '=', requestId)
    // One warning per signal today; should a rule ever raise two, the one due first answers.
    .orderBy('warnings.due_on')
    .executeTakeFirst()
  if (!row)
    return undefined
  return {
    household_id: row.household_id,
    received_at: row.received_at,
    warning_status: row.status ?? null,
    due_on: row.due_on ?? null,
    basis: row.basis ? JSON.parse(row.basis) as FigureBasis[] : [],
  }
}
