import type { Kysely, Selectable } from 'kysely'
import type { ItemCode } from '../../../src/domain/items'
import type { Text } from '../../../src/domain/text'
import type { Suggestion, Warning } from '../../../src/domain/warnings/rules'
import type { SignalSource } from '../../../src/domain/warnings/signals'
import type { DecisionStage, InvitationStatus, WarningStatus } from '../../../src/domain/warnings/verification'
import type { Database, InvitationTable, WarningDecisionTable, WarningTable } from '../schema'
import { randomUUID } from 'node:crypto'
import { fieldCipher } from '../../crypto/field-cipher'

// Warnings of 政策找人 (issue #19): one per cause key, with every signal behind it.

export type WarningRow = Selectable<WarningTable>

/** The ids of a household's signals named by their keys (source:external id). */
async function signalIdsOf(db: Kysely<Database>, householdId: string, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0)
    return []
  const named = keys.map((key) => {
    const at = key.indexOf(':')
    // Keys are made by signalKey from validated signals: the part before the first colon is a source.
    return { source: key.slice(0, at) as SignalSource, externalId: key.slice(at + 1) }
  })
  const rows = await db.selectFrom('signals').select('id').where('household_id', '=', householdId).where(eb => eb.or(named.map(n => eb.and([eb('source', '=', n.source), eb('external_id', '=', n.externalId)])))).execute()
  return rows.map(r => r.id)
}

/**
 * Stores a warning unless one of the same cause exists, and links the signal (and the others its figures
 * count) to whichever is stored. Returns the warning's id and whether it is new. Requests racing on one cause wait on
 * the unique key: one inserts, the others link their signal to it.
 */
export async function storeWarning(db: Kysely<Database>, warning: Warning, signalId: string, now: string): Promise<{ id: string, created: boolean }> {
  const cipher = fieldCipher()
  const inserted = await db.insertInto('warnings').values({
    id: randomUUID(),
    cause_key: warning.causeKey,
    rule: warning.rule,
    household_id: warning.householdId,
    member_id: warning.memberId ?? null,
    signal_id: signalId,
    figures: cipher.seal(JSON.stringify(warning.figures)),
    basis: JSON.stringify(warning.basis),
    suggestions: JSON.stringify(warning.suggestions),
    texts: cipher.seal(JSON.stringify({ staff: warning.staffText, household: warning.householdText })),
    status: 'open',
    raised_on: warning.raisedOn,
    due_on: warning.dueOn,
    created_at: now,
  }).onConflict(oc => oc.column('cause_key').doNothing()).returning('id').executeTakeFirst()
  const id = inserted?.id ?? (await db.selectFrom('warnings').select('id').where('cause_key', '=', warning.causeKey).executeTakeFirstOrThrow()).id
  // The signal evaluated and every other one the figures add up (the bills of a medical window):
  // staff see each of them behind the warning.
  const others = warning.evidence.filter(key => key !== warning.signal)
  const counted = await signalIdsOf(db, warning.householdId, others)
  const links = [signalId, ...counted].map(signal_id => ({ warning_id: id, signal_id }))
  await db.insertInto('warning_signals').values(links).onConflict(oc => oc.columns(['warning_id', 'signal_id']).doNothing()).execute()
  return { id, created: inserted !== undefined }
}

export interface WarningFilter { status?: WarningStatus }

/** Warnings of households in the area (a town's or county's code prefix), the most urgent first. */
export function warningsInArea(db: Kysely<Database>, areaCode: string, filter: WarningFilter = {}) {
  let q = db.selectFrom('warnings')
    .innerJoin('households', 'households.id', 'warnings.household_id')
    .innerJoin('areas', 'areas.code', 'households.area_code')
    .selectAll('warnings')
    .select(['households.area_code', 'areas.name as area_name'])
    .where('households.area_code', 'like', `${areaCode}%`)
  if (filter.status)
    q = q.where('warnings.status', '=', filter.status)
  return q.orderBy('warnings.due_on').orderBy('warnings.created_at').orderBy('warnings.id').execute()
}

export function findWarningInArea(db: Kysely<Database>, id: string, areaCode: string) {
  return db.selectFrom('warnings')
    .innerJoin('households', 'households.id', 'warnings.household_id')
    .innerJoin('areas', 'areas.code', 'households.area_code')
    .selectAll('warnings')
    .select(['households.area_code', 'areas.name as area_name'])
    .where('warnings.id', '=', id)
    .where('households.area_code', 'like', `${areaCode}%`)
    .executeTakeFirst()
}

/** The signals behind the warnings, oldest first. */
export async function signalsOfWarnings(db: Kysely<Database>, warningIds: readonly string[]) {
  if (warningIds.length === 0)
    return []
  return db.selectFrom('warning_signals').innerJoin('signals', 'signals.id', 'warning_signals.signal_id').selectAll('signals').select('warning_signals.warning_id').where('warning_signals.warning_id', 'in', [...warningIds]).orderBy('signals.occurred_on').orderBy('signals.id').execute()
}

export function suggestionsOf(row: Pick<WarningRow, 'suggestions'>): Suggestion[] {
  return JSON.parse(row.suggestions) as Suggestion[]
}

export function figuresOf(row: Pick<WarningRow, 'figures'>): Record<string, number> {
  return JSON.parse(fieldCipher().open(row.figures)) as Record<string, number>
}

export function textsOf(row: Pick<WarningRow, 'texts'>): { staff: Text, household: Text } {
  return JSON.parse(fieldCipher().open(row.texts)) as { staff: Text, household: Text }
}

// Verification and invitations (issue #19, migration 023).

export type DecisionRow = Selectable<WarningDecisionTable>
export type InvitationRow = Selectable<InvitationTable>

/**
 * Stores staff's decision for a stage of the warning unless one is stored: false when another
 * request decided first. The unique (warning, stage) key decides the race, on both databases.
 */
export async function insertDecision(db: Kysely<Database>, row: Omit<DecisionRow, 'id'>): Promise<DecisionRow | undefined> {
  const stored = { id: randomUUID(), ...row, note: row.note === null ? null : fieldCipher().seal(row.note) }
  const inserted = await db.insertInto('warning_decisions').values(stored).onConflict(oc => oc.columns(['warning_id', 'stage']).doNothing()).returning('id').executeTakeFirst()
  return inserted ? { ...stored, note: row.note } : undefined
}

/** Moves the warning on from the state its decision was taken in (the decision's insert already won the race). */
export async function setWarningStatus(db: Kysely<Database>, id: string, from: WarningStatus, to: WarningStatus, referredTo: WarningRow['referred_to']): Promise<void> {
  await db.updateTable('warnings').set({ status: to, referred_to: referredTo }).where('id', '=', id).where('status', '=', from).execute()
}

/** The decisions on the warnings with who took them, verification first, notes opened. */
export async function decisionsOf(db: Kysely<Database>, warningIds: readonly string[]) {
  if (warningIds.length === 0)
    return []
  const rows = await db.selectFrom('warning_decisions').innerJoin('users', 'users.id', 'warning_decisions.decided_by').selectAll('warning_decisions').select('users.display_name').where('warning_decisions.warning_id', 'in', [...warningIds]).orderBy('warning_decisions.decided_at').orderBy('warning_decisions.stage', 'desc').execute()
  const cipher = fieldCipher()
  return rows.map(r => ({ ...r, note: r.note === null ? null : cipher.open(r.note) }))
}

export async function insertInvitation(db: Kysely<Database>, invitation: { warningId: string, householdId: string, items: readonly ItemCode[], reason: Text, now: string }): Promise<InvitationRow> {
  const row: InvitationRow = {
    id: randomUUID(),
    warning_id: invitation.warningId,
    household_id: invitation.householdId,
    items: JSON.stringify(invitation.items),
    reason: fieldCipher().seal(JSON.stringify(invitation.reason)),
    status: 'open',
    created_at: invitation.now,
    responded_at: null,
    call_requested_at: null,
  }
  await db.insertInto('invitations').values(row).execute()
  return row
}

export function invitationOfWarning(db: Kysely<Database>, warningId: string) {
  return db.selectFrom('invitations').selectAll().where('warning_id', '=', warningId).executeTakeFirst()
}

export function invitationsOfHousehold(db: Kysely<Database>, householdId: string, statuses: readonly InvitationStatus[]) {
  return db.selectFrom('invitations').selectAll().where('household_id', '=', householdId).where('status', 'in', [...statuses]).orderBy('created_at', 'desc').orderBy('id').execute()
}

export function findInvitationOfHousehold(db: Kysely<Database>, id: string, householdId: string) {
  return db.selectFrom('invitations').selectAll().where('id', '=', id).where('household_id', '=', householdId).executeTakeFirst()
}

/**
 * The household's answer, taken only from one of the states it may be given in: the update
 * itself is the check, so two taps racing give one answer. False when the state had moved on.
 */
export async function answerInvitation(db: Kysely<Database>, id: string, from: readonly InvitationStatus[], to: InvitationStatus, at: string): Promise<boolean> {
  const result = await db.updateTable('invitations')
    .set(to === 'call_requested' ? { status: to, call_requested_at: at } : { status: to, responded_at: at })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export function invitationItems(row: Pick<InvitationRow, 'items'>): ItemCode[] {
  return JSON.parse(row.items) as ItemCode[]
}

export function invitationReason(row: Pick<InvitationRow, 'reason'>): Text {
  return JSON.parse(fieldCipher().open(row.reason)) as Text
}

/**
 * What the funnel counts: the area's warnings raised between the two days, with their village,
 * the day of the signal that raised them and the decisions of both stages.
 */
export function funnelFacts(db: Kysely<Database>, areaCode: string, fromDay: string, toDay: string) {
  const decisions = (stage: DecisionStage) => db.selectFrom('warning_decisions').select(['warning_id', 'outcome', 'decided_on']).where('stage', '=', stage)
  return db.selectFrom('warnings')
    .innerJoin('households', 'households.id', 'warnings.household_id')
    .innerJoin('areas', 'areas.code', 'households.area_code')
    .innerJoin('signals', 'signals.id', 'warnings.signal_id')
    .leftJoin(decisions('verify').as('v'), 'v.warning_id', 'warnings.id')
    .leftJoin(decisions('referral').as('r'), 'r.warning_id', 'warnings.id')
    .select(['households.area_code', 'areas.name as area_name', 'warnings.raised_on', 'signals.occurred_on', 'v.outcome as verify_outcome', 'v.decided_on as verify_on', 'r.outcome as referral_outcome'])
    .where('households.area_code', 'like', `${areaCode}%`)
    .where('warnings.raised_on', '>=', fromDay)
    .where('warnings.raised_on', '<=', toDay)
    .orderBy('households.area_code')
    .orderBy('warnings.raised_on')
    .execute()
}
