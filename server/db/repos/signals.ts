import type { Kysely, Selectable } from 'kysely'
import type { Signal } from '../../../src/domain/warnings/signals'
import type { Database, SignalTable } from '../schema'
import { fieldCipher } from '../../crypto/field-cipher'

// Signals of 政策找人 (issue #19): stored once per (source, external id), their content sealed.

export type SignalRow = Selectable<SignalTable>

/** Rows per INSERT and keys per IN (…): far below both databases' bound-parameter limits. */
const CHUNK = 500

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size))
  return out
}

/** A signal to store: the row without its sealed payload, and the signal it seals. */
export interface NewSignal {
  row: Omit<SignalRow, 'payload'>
  signal: Signal
}

/**
 * Inserts the signals not stored yet (same source and external id: the first one stays) and
 * returns the ids of those it inserted. Racing requests wait on the unique key and skip it.
 */
export async function insertSignals(db: Kysely<Database>, signals: readonly NewSignal[]): Promise<Set<string>> {
  const inserted = new Set<string>()
  for (const part of chunks(signals, CHUNK)) {
    const rows = part.map(s => ({ ...s.row, payload: fieldCipher().seal(JSON.stringify(s.signal)) }))
    const done = await db.insertInto('signals').values(rows).onConflict(oc => oc.columns(['source', 'external_id']).doNothing()).returning('id').execute()
    for (const r of done)
      inserted.add(r.id)
  }
  return inserted
}

/** The signal a row seals. Written by insertSignals only, from validated signals. */
export function openSignal(row: Pick<SignalRow, 'payload'>): Signal {
  return JSON.parse(fieldCipher().open(row.payload)) as Signal
}

/** The Beijing day a signal happened on (the start of "days from signal to decision"). */
export async function signalDayOf(db: Kysely<Database>, signalId: string): Promise<string> {
  return (await db.selectFrom('signals').select('occurred_on').where('id', '=', signalId).executeTakeFirstOrThrow()).occurred_on
}

/** The households' signals that happened after `afterDay` (a Beijing day), oldest first. */
export function signalsOfHouseholds(db: Kysely<Database>, householdIds: readonly string[], afterDay: string) {
  return db.selectFrom('signals').selectAll().where('household_id', 'in', householdIds).where('occurred_on', '>', afterDay).orderBy('household_id').orderBy('occurred_on').orderBy('id').execute()
}

/** Registry members by ID number (found by blind index: the numbers are stored sealed). */
export async function membersByIdNumber(db: Kysely<Database>, idNumbers: readonly string[]): Promise<Map<string, { id: string, household_id: string }>> {
  const out = new Map<string, { id: string, household_id: string }>()
  const byHash = new Map([...new Set(idNumbers)].map(n => [fieldCipher().index('id_number', n), n]))
  for (const part of chunks([...byHash.keys()], CHUNK)) {
    const rows = await db.selectFrom('household_members').select(['id', 'household_id', 'id_number_hash']).where('id_number_hash', 'in', part).execute()
    for (const r of rows)
      out.set(byHash.get(r.id_number_hash!)!, { id: r.id, household_id: r.household_id })
  }
  return out
}

/**
 * Retention (SECURITY.md): a signal that raised or joined no warning is kept only while a rule can
 * still count it (the medical window, MEDICAL_WINDOW_MONTHS, plus a month of late arrivals), then
 * deleted. A signal behind a warning stays with the warning: it is the basis of a decision.
 * `beforeDay` is the first Beijing day still kept.
 */
export async function deleteSignalsNoWarningNeeds(db: Kysely<Database>, beforeDay: string): Promise<number> {
  const result = await db.deleteFrom('signals')
    .where('occurred_on', '<', beforeDay)
    .where(eb => eb.not(eb.exists(eb.selectFrom('warning_signals').select('warning_signals.signal_id').whereRef('warning_signals.signal_id', '=', 'signals.id'))))
    .where(eb => eb.not(eb.exists(eb.selectFrom('warnings').select('warnings.id').whereRef('warnings.signal_id', '=', 'signals.id'))))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}
