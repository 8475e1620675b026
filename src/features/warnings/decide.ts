import type { DepartmentCode, ItemCode } from '../../domain/items'
import type { Role } from '../../domain/roles'
import type { DecisionStage, NotEligibleReason, WarningOutcome, WarningStatus } from '../../domain/warnings/verification'
import type { VerifyWarningBody } from './api'
import { DEPARTMENT_CODES } from '../../domain/items'
import { MAX_DECISION_NOTE, WARNING_OUTCOMES } from '../../domain/warnings/verification'

// Who may decide a warning, and the verification form's draft → the request body. The server
// decides again (server/services/warnings/verify.ts); this keeps the form from being shown to
// someone the server would refuse (403) and from sending what it would reject (400).

/** 民政 of the town verifies every warning first. */
export const VERIFIER: DepartmentCode = 'mingzheng'

/** The departments 民政 can refer a warning to: every one but itself. */
export const REFERRAL_DEPARTMENTS: readonly DepartmentCode[] = DEPARTMENT_CODES.filter(d => d !== VERIFIER)

export interface Decider {
  role: Role
  department: string | null
}

/**
 * The stage this staff member may decide now, or null: town staff only (the permission table);
 * 民政 while the warning is open, the department it was referred to once referred; nobody once closed.
 */
export function decisionStage(user: Decider | null | undefined, warning: { status: WarningStatus, referredTo: string | null }): DecisionStage | null {
  if (!user || user.role !== 'town_staff')
    return null
  if (warning.status === 'open' && user.department === VERIFIER)
    return 'verify'
  if (warning.status === 'referred' && warning.referredTo !== null && user.department === warning.referredTo)
    return 'referral'
  return null
}

/** A referred warning is decided once more, and cannot be referred on. */
export function outcomesFor(stage: DecisionStage): WarningOutcome[] {
  return stage === 'referral' ? WARNING_OUTCOMES.filter(o => o !== 'referred') : [...WARNING_OUTCOMES]
}

export interface VerifyDraft {
  outcome: WarningOutcome | null
  /** taken_in: the items to invite the household for */
  items: ItemCode[]
  /** referred: the department */
  department: DepartmentCode | ''
  /** not_eligible: why */
  reason: NotEligibleReason | ''
  note: string
}

/** A fresh form: the suggested items ticked, the first suggested department other than 民政 chosen. */
export function emptyVerifyDraft(suggestions: readonly { item: ItemCode, department: string }[]): VerifyDraft {
  const department = suggestions.map(s => s.department).find((d): d is DepartmentCode => REFERRAL_DEPARTMENTS.includes(d as DepartmentCode))
  return { outcome: null, items: [...new Set(suggestions.map(s => s.item))], department: department ?? '', reason: '', note: '' }
}

export type VerifyProblem = 'required' | 'too_long'

export type BuiltVerify = { ok: true, body: VerifyWarningBody } | { ok: false, problems: Partial<Record<'outcome' | 'items' | 'department' | 'reason' | 'note', VerifyProblem>> }

/**
 * The request body of a draft, with only what its outcome needs. Taken in: the ticked items among
 * those suggested (a warning that suggests none invites for none, and sends no list).
 */
export function buildVerifyBody(draft: VerifyDraft, suggested: readonly ItemCode[], stage: DecisionStage): BuiltVerify {
  const note = draft.note.trim()
  const problems: Extract<BuiltVerify, { ok: false }>['problems'] = {}
  if (note.length > MAX_DECISION_NOTE)
    problems.note = 'too_long'
  const outcome = draft.outcome
  if (!outcome || !outcomesFor(stage).includes(outcome))
    return { ok: false, problems: { ...problems, outcome: 'required' } }
  const body: VerifyWarningBody = { outcome }
  if (outcome === 'taken_in' && suggested.length > 0) {
    const items = suggested.filter(item => draft.items.includes(item))
    if (items.length === 0)
      problems.items = 'required'
    body.items = items
  }
  if (outcome === 'referred') {
    if (draft.department === '' || !REFERRAL_DEPARTMENTS.includes(draft.department))
      problems.department = 'required'
    else
      body.department = draft.department
  }
  if (outcome === 'not_eligible') {
    if (draft.reason === '')
      problems.reason = 'required'
    else
      body.reason = draft.reason
  }
  if (Object.keys(problems).length > 0)
    return { ok: false, problems }
  return { ok: true, body: note ? { ...body, note } : body }
}
