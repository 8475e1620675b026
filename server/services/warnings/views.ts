import type { Relation } from '../../../src/domain/diagnosis/options'
import type { DepartmentCode } from '../../../src/domain/items'
import type { Lang } from '../../../src/domain/lang'
import type { Suggestion } from '../../../src/domain/warnings/rules'
import type { SignalKind, SignalSource } from '../../../src/domain/warnings/signals'
import type { SignalRow } from '../../db/repos/signals'
import type { decisionsOf, InvitationRow, WarningRow } from '../../db/repos/warnings'
import { text } from '../../../src/domain/text'
import { departmentShortKey, itemNameKey } from '../../../src/domain/vocabulary'
import { SENSITIVE_KINDS } from '../../../src/domain/warnings/api'
import { ruleNameKey } from '../../../src/domain/warnings/rules'
import { signalSourceKey } from '../../../src/domain/warnings/signals'
import { translate, word } from '../../catalog'
import { openSignal } from '../../db/repos/signals'
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

/** A signal as staff see it: what it carries only when they may read it. */
export function signalView(row: SignalRow, lang: Lang, department: DepartmentCode, relations: ReadonlyMap<string, Relation>) {
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
  }
}

/** A decision as staff see it: codes worded in the reader's language. */
export function decisionView(row: Awaited<ReturnType<typeof decisionsOf>>[number], lang: Lang) {
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
