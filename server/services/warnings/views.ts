import type { Kysely } from 'kysely'
import type { Relation } from '../../../src/domain/diagnosis/options'
import type { DepartmentCode } from '../../../src/domain/items'
import type { Lang } from '../../../src/domain/lang'
import type { ObservationLevel, VisitDimension, VisitType } from '../../../src/domain/visits/limits'
import type { Suggestion } from '../../../src/domain/warnings/rules'
import type { SignalKind, SignalSource } from '../../../src/domain/warnings/signals'
import type { SignalRow } from '../../db/repos/signals'
import type { ReferralVisit } from '../../db/repos/visits'
import type { decisionsOf, InvitationRow, WarningRow } from '../../db/repos/warnings'
import type { Database } from '../../db/schema'
import { LIST_SEPARATOR_KEY, text } from '../../../src/domain/text'
import { maskNumbersIn, shorten } from '../../../src/domain/visits/summary'
import { departmentShortKey, itemNameKey } from '../../../src/domain/vocabulary'
import { SENSITIVE_KINDS } from '../../../src/domain/warnings/api'
import { daysBetween } from '../../../src/domain/warnings/dates'
import { ruleNameKey } from '../../../src/domain/warnings/rules'
import { signalSourceKey } from '../../../src/domain/warnings/signals'
import { translate, word } from '../../catalog'
import { openSignal } from '../../db/repos/signals'
import { visitsOfReferrals } from '../../db/repos/visits'
import { invitationItems, suggestionsOf } from '../../db/repos/warnings'

// Who sees what of a warning (issue #19). 民政 verifies warnings: its staff see every warning of
// their area. Another department sees the warnings that suggest one of its items (it will act on
// them). Health and death signals (SENSITIVE_KINDS) are read only by 民政 and by the department
// that sent them; for anyone else they are withheld, and so are the figures and text read from them.
// A warning 民政 referred to a department is in that department's queue too, for it to decide.

const VERIFIER: DepartmentCode = 'mingzheng'

/** 民政, a department whose item it suggests, and the department it was referred to (whose queue it is then in). */
export function mayViewWarning(department: DepartmentCode, suggestions: readonly Suggestion[], referredTo: DepartmentCode | null = null): boolean {
  return department === VERIFIER || referredTo === department || suggestions.some(s => s.department === department)
}

export function mayReadSignal(department: DepartmentCode, signal: { kind: SignalKind, source: SignalSource }): boolean {
  return !SENSITIVE_KINDS.includes(signal.kind) || department === VERIFIER || department === signal.source
}

/** The Beijing day that is past the due day: overdue. */
function isOverdue(dueOn: string, today: string): boolean {
  return today > dueOn
}

type WarningInArea = WarningRow & { area_code: string, area_name: string }

export function warningSummary(row: WarningInArea, lang: Lang, extra: { headMasked: string, signalCount: number, today: string }) {
  return {
    id: row.id,
    rule: row.rule,
    ruleName: translate(lang, ruleNameKey(row.rule)),
    householdId: row.household_id,
    village: { code: row.area_code, name: row.area_name },
    headMasked: extra.headMasked,
    status: row.status,
    raisedOn: row.raised_on,
    dueOn: row.due_on,
    overdue: isOverdue(row.due_on, extra.today),
    suggestions: suggestionsOf(row).map(s => ({
      ...s,
      itemName: translate(lang, itemNameKey(s.item)),
      departmentName: translate(lang, departmentShortKey(s.department)),
    })),
    signalCount: extra.signalCount,
    referredTo: row.referred_to,
  }
}

/** A note of the visit in the summary: its first characters. */
const VISIT_NOTE_CHARS = 40
/** The whole summary: a few lines on a phone. */
const VISIT_SUMMARY_CHARS = 300

/**
 * What the visit recorded, in a few words for staff: its type, the dimensions assessed with their
 * level and the start of each note, and the urgent note. Numbers that could be an ID or a phone
 * are masked; the work notes, photo and location stay with the visit.
 */
export function visitSummary(visit: Pick<ReferralVisit, 'type' | 'observations' | 'urgent' | 'urgent_note'>, lang: Lang): string {
  const w = (key: string, params?: Record<string, string>) => translate(lang, `server.visitSummary.${key}`, params)
  const observations = JSON.parse(visit.observations) as { dimension: VisitDimension, level: ObservationLevel, note?: string }[]
  const parts = [
    w(`types.${visit.type satisfies VisitType}`),
    ...observations.map((o) => {
      const params = { dimension: w(`dimensions.${o.dimension}`), level: w(`levels.${o.level}`) }
      const note = o.note?.trim()
      return note ? w('observationNote', { ...params, note: shorten(maskNumbersIn(note), VISIT_NOTE_CHARS) }) : w('observation', params)
    }),
    ...(visit.urgent && visit.urgent_note.trim() ? [w('urgent', { note: shorten(maskNumbersIn(visit.urgent_note), VISIT_NOTE_CHARS) })] : []),
  ]
  return shorten(parts.join(translate(lang, LIST_SEPARATOR_KEY)), VISIT_SUMMARY_CHARS)
}

/**
 * The visits volunteers' referrals came from, by signal id (a referral's external id is its
 * visit's clientId). Only 民政, who verifies the warning, sees the visit: it records more than
 * the referral (six dimensions, health among them); a department the warning suggests reads the
 * referral itself.
 */
export async function visitsBesideSignals(db: Kysely<Database>, rows: readonly SignalRow[], department: DepartmentCode): Promise<Map<string, ReferralVisit>> {
  const referrals = department === VERIFIER ? rows.filter(r => r.kind === 'referral' && r.source === 'volunteer') : []
  if (referrals.length === 0)
    return new Map()
  const visits = await visitsOfReferrals(db, referrals.map(r => r.external_id))
  return new Map(referrals.flatMap((r) => {
    const visit = visits.get(r.external_id)
    // The same household, or it is no visit of this referral.
    return visit && visit.household_id === r.household_id ? [[r.id, visit] as const] : []
  }))
}

/** Signals as staff see them, each referral with the visit it came from (see visitsBesideSignals). */
export async function signalViews(db: Kysely<Database>, rows: readonly SignalRow[], lang: Lang, department: DepartmentCode, relations: ReadonlyMap<string, Relation>) {
  const visits = await visitsBesideSignals(db, rows, department)
  return rows.map(row => signalView(row, lang, department, relations, visits.get(row.id)))
}

/** A signal as staff see it: what it carries only when they may read it. */
export function signalView(row: SignalRow, lang: Lang, department: DepartmentCode, relations: ReadonlyMap<string, Relation>, visit?: ReferralVisit) {
  const readable = mayReadSignal(department, row)
  const relation = row.member_id === null ? undefined : relations.get(row.member_id)
  let payload: Record<string, unknown> | null = null
  if (readable) {
    // Internal ids and what the columns already say are left out: the rest is what the source told.
    const { householdId: _h, memberId: _m, kind: _k, source: _s, externalId: _e, occurredAt: _o, ...rest } = openSignal(row) as unknown as Record<string, unknown>
    payload = rest
  }
  return {
    id: row.id,
    kind: row.kind,
    source: row.source,
    sourceName: translate(lang, signalSourceKey(row.source)),
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    member: row.member_id === null ? null : word(lang, relation ? text('warnings.member', { relation: text(`reasons.relations.${relation}`) }) : text('warnings.memberUnknown')),
    payload,
    withheld: !readable,
    visit: visit && readable ? { visitedAt: visit.visited_at, visitorName: visit.visitor_name, summary: visitSummary(visit, lang) } : null,
  }
}

/**
 * A decision as staff see it: codes worded in the reader's language, and how many days it came
 * after the signal that raised the warning happened (`signalDay`, as the funnel counts them).
 */
export function decisionView(row: Awaited<ReturnType<typeof decisionsOf>>[number], lang: Lang, signalDay: string) {
  return {
    stage: row.stage,
    outcome: row.outcome,
    outcomeName: translate(lang, `warnings.outcomes.${row.outcome}`),
    department: row.department,
    departmentName: translate(lang, departmentShortKey(row.department)),
    referredTo: row.referred_to,
    referredToName: row.referred_to === null ? null : translate(lang, departmentShortKey(row.referred_to)),
    reason: row.reason_code,
    reasonName: row.reason_code === null ? null : translate(lang, `warnings.notEligible.${row.reason_code}`),
    note: row.note,
    decidedBy: row.display_name,
    decidedAt: row.decided_at,
    daysFromSignal: daysBetween(signalDay, row.decided_on),
  }
}

/** The household's invitation as staff see it on the warning (its reason is the warning's own text). */
export function staffInvitationView(row: InvitationRow) {
  return {
    id: row.id,
    items: invitationItems(row),
    status: row.status,
    createdAt: row.created_at,
    respondedAt: row.responded_at,
    callRequestedAt: row.call_requested_at,
  }
}
