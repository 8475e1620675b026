import type { Kysely } from 'kysely'
import type { Signal, SignalIssue } from '../../../src/domain/warnings/signals'
import type { NewSignal } from '../../db/repos/signals'
import type { Database } from '../../db/schema'
import { randomUUID } from 'node:crypto'
import { isValidIdNumber } from '../../../src/domain/id-number'
import { EVENT_SENDERS, isDepartmentEventKind } from '../../../src/domain/warnings/api'
import { evaluate } from '../../../src/domain/warnings/rules'
import { checkSignal, signalDay, signalKey } from '../../../src/domain/warnings/signals'
import { insertSignals, membersByIdNumber } from '../../db/repos/signals'
import { lockHousehold } from '../../db/repos/standing'
import { storeWarning } from '../../db/repos/warnings'
import { warningContexts } from './context'

// Signals as they arrive (issue #19): department events are checked and resolved to the registry,
// then stored and evaluated in one transaction, so that a warning is raised when its signal
// arrives, not by a nightly scan, and a batch is stored whole or not at all.

export interface EventIssue extends SignalIssue {
  /** the event's index in the batch, or its CSV row */
  at: number
}

export interface LocatedEvent {
  at: number
  raw: unknown
  /** who reports it: the feed credential's department, or the CSV row's source column */
  source: string
}

/**
 * Department events as sent ({ kind, externalId, idNumber, occurredAt, … }) → signals of the
 * registry's households and members, with every problem found: a kind the source may not report
 * (EVENT_SENDERS), an ID number that is malformed or of nobody registered, a field its kind's
 * schema refuses (src/domain/warnings/signals.ts), the same event twice in the batch.
 */
export async function resolveEvents(db: Kysely<Database>, events: readonly LocatedEvent[]): Promise<{ signals: Signal[], issues: EventIssue[] }> {
  const objects = events.map(e => ({ ...e, raw: (typeof e.raw === 'object' && e.raw !== null && !Array.isArray(e.raw) ? e.raw : {}) as Record<string, unknown> }))
  const idNumbers = objects.map(e => e.raw.idNumber).filter((n): n is string => typeof n === 'string' && isValidIdNumber(n))
  const members = await membersByIdNumber(db, idNumbers)
  const issues: EventIssue[] = []
  const signals: Signal[] = []
  const seen = new Set<string>()
  for (const { at, raw, source } of objects) {
    const before = issues.length
    const kind = raw.kind
    if (!isDepartmentEventKind(kind)) {
      issues.push({ at, field: 'kind', code: 'validation_failed' })
      continue
    }
    // A medical event only from 医保 and so on: checked before anything else is said about it.
    if (!(EVENT_SENDERS[kind] as readonly string[]).includes(source)) {
      issues.push({ at, field: 'kind', code: 'event_not_permitted' })
      continue
    }
    const { idNumber, ...fields } = raw
    const member = typeof idNumber === 'string' ? members.get(idNumber) : undefined
    if (typeof idNumber !== 'string' || !isValidIdNumber(idNumber))
      issues.push({ at, field: 'idNumber', code: 'invalid_id_number' })
    else if (!member)
      issues.push({ at, field: 'idNumber', code: 'unknown_member' })
    const checked = checkSignal({ ...fields, source, householdId: member?.household_id ?? '-', memberId: member?.id ?? '-' })
    if (!checked.ok) {
      issues.push(...checked.issues.map(i => ({ ...i, at })))
      continue
    }
    const key = signalKey(checked.signal)
    if (seen.has(key))
      issues.push({ at, field: 'externalId', code: 'duplicate_record' })
    seen.add(key)
    if (issues.length === before)
      signals.push(checked.signal)
  }
  return { signals, issues }
}

export interface SignalOrigin {
  credentialId: string | null
  importedBy: string | null
}

export interface ReceiveCounts {
  inserted: number
  unchanged: number
  warnings: number
}

/**
 * Stores the signals not stored before and evaluates each new one against its household, in one
 * transaction: every warning it raises is stored with it (once per cause), with its due date.
 * A signal seen before is not evaluated again: it raised what it raises when it came.
 *
 * The households concerned are locked first, in one order: a second batch about the same
 * household waits, and then reads the first one's signals (two bills sent at once still add up).
 * Called with a transaction (a visit and its referral, issue #19), it runs in that transaction.
 */
export async function receiveSignals(db: Kysely<Database>, signals: readonly Signal[], origin: SignalOrigin, now = new Date()): Promise<ReceiveCounts> {
  const at = now.toISOString()
  const rows: NewSignal[] = signals.map(signal => ({
    signal,
    row: {
      id: randomUUID(),
      kind: signal.kind,
      source: signal.source,
      external_id: signal.externalId,
      household_id: signal.householdId,
      member_id: 'memberId' in signal && signal.memberId !== undefined ? signal.memberId : null,
      occurred_at: signal.occurredAt,
      occurred_on: signalDay(signal.occurredAt),
      received_at: at,
      credential_id: origin.credentialId,
      imported_by: origin.importedBy,
    },
  }))
  const store = async (trx: Kysely<Database>): Promise<ReceiveCounts> => {
    for (const householdId of [...new Set(signals.map(s => s.householdId))].sort())
      await lockHousehold(trx, householdId)
    const inserted = await insertSignals(trx, rows)
    const fresh = rows.filter(r => inserted.has(r.row.id))
      .sort((a, b) => a.row.occurred_on === b.row.occurred_on ? (a.row.external_id < b.row.external_id ? -1 : 1) : (a.row.occurred_on < b.row.occurred_on ? -1 : 1))
    let raised = 0
    // Read after the insert: a household's context holds every signal of this batch too.
    const contexts = await warningContexts(trx, fresh.map(r => r.signal.householdId), now)
    for (const { signal, row } of fresh) {
      const ctx = contexts.get(signal.householdId)
      if (!ctx)
        continue
      for (const warning of evaluate(signal, ctx)) {
        const stored = await storeWarning(trx, warning, row.id, at)
        if (stored.created)
          raised++
      }
    }
    return { inserted: fresh.length, unchanged: rows.length - fresh.length, warnings: raised }
  }
  return db.isTransaction ? store(db) : db.transaction().execute(store)
}
