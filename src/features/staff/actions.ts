import type { NumberInputProblem } from '../../domain/number-input'
import type { ActionInput, AmountGuide, StaffAction } from './api'
import { parseNumberInput } from '../../domain/number-input'

export const MAX_NOTE_LENGTH = 500
/** The smallest monthly amount that can be granted: one fen (an approval of 0 元 is a rejection). */
const MIN_MONTHLY_AMOUNT = 0.01

/** What each action asks of the staff member (the amount only for items that have an amount guide). */
export const ACTION_FIELDS: Record<StaffAction, { reason: boolean, amount: boolean, startDate: boolean }> = {
  accept: { reason: false, amount: false, startDate: false },
  start_check: { reason: false, amount: false, startDate: false },
  start_review: { reason: false, amount: false, startDate: false },
  request_info: { reason: true, amount: false, startDate: false },
  approve: { reason: false, amount: true, startDate: true },
  reject: { reason: true, amount: false, startDate: false },
}

export interface ActionDraft {
  action: StaffAction | null
  note: string
  reason: string
  monthlyAmount: string
  startDate: string
}

export function emptyActionDraft(): ActionDraft {
  return { action: null, note: '', reason: '', monthlyAmount: '', startDate: '' }
}

export type ActionProblem
  = | 'action_required'
    | 'reason_required'
    | 'amount_required'
    | 'amount_invalid'
    | 'amount_decimals'
    | 'amount_above_max'
    | 'start_date_required'
    | 'too_long'

/** What the case allows now and, for items paid monthly, the region's amount guide. */
export interface ActionContext {
  allowed: readonly StaffAction[]
  guide: AmountGuide | null
}

const AMOUNT_PROBLEMS: Record<NumberInputProblem, ActionProblem> = {
  empty: 'amount_required',
  not_a_number: 'amount_invalid',
  negative: 'amount_invalid',
  not_integer: 'amount_invalid',
  too_small: 'amount_invalid',
  too_many_decimals: 'amount_decimals',
  too_large: 'amount_above_max',
}

/**
 * The action the form may send: the one chosen, if the case still allows it. After an action the
 * case moves on; a choice kept from before (a draft, a stale tab) is dropped, never sent (a 409).
 */
export function currentAction(draft: Pick<ActionDraft, 'action'>, allowed: readonly StaffAction[]): StaffAction | null {
  return draft.action !== null && allowed.includes(draft.action) ? draft.action : null
}

/** The amount field is asked for only when approving an item the region's figures give an amount for. */
export function asksAmount(action: StaffAction | null, guide: AmountGuide | null): boolean {
  return action !== null && ACTION_FIELDS[action].amount && guide !== null
}

export type BuiltAction
  = | { ok: true, body: ActionInput, /** The amount is above the suggestion: ask once more before sending. */ aboveSuggestion: boolean }
    | { ok: false, problems: Record<string, ActionProblem> }

/**
 * Checks an action form before sending; the server checks again. Returns the request body, or
 * the problems by field (action, reason, monthlyAmount, startDate, note).
 */
export function buildAction(draft: ActionDraft, { allowed, guide }: ActionContext): BuiltAction {
  const action = currentAction(draft, allowed)
  if (!action)
    return { ok: false, problems: { action: 'action_required' } }
  const problems: Record<string, ActionProblem> = {}
  const needs = ACTION_FIELDS[action]
  const reason = draft.reason.trim()
  const note = draft.note.trim()
  if (needs.reason && reason.length < 2)
    problems.reason = 'reason_required'
  if (needs.reason && reason.length > MAX_NOTE_LENGTH)
    problems.reason = 'too_long'
  if (note.length > MAX_NOTE_LENGTH)
    problems.note = 'too_long'
  let monthlyAmount: number | undefined
  let aboveSuggestion = false
  if (asksAmount(action, guide) && guide) {
    const parsed = parseNumberInput(draft.monthlyAmount, { decimals: 2, min: MIN_MONTHLY_AMOUNT, max: guide.max })
    if (parsed.ok) {
      monthlyAmount = parsed.value
      aboveSuggestion = guide.suggested !== null && parsed.value > guide.suggested
    }
    else {
      problems.monthlyAmount = AMOUNT_PROBLEMS[parsed.problem]
    }
  }
  if (needs.startDate && !/^\d{4}-\d{2}-\d{2}$/.test(draft.startDate))
    problems.startDate = 'start_date_required'
  if (Object.keys(problems).length > 0)
    return { ok: false, problems }
  return {
    ok: true,
    aboveSuggestion,
    body: {
      action,
      ...(note ? { note } : {}),
      ...(needs.reason ? { reason } : {}),
      ...(monthlyAmount !== undefined ? { monthlyAmount } : {}),
      ...(needs.startDate ? { startDate: draft.startDate } : {}),
    },
  }
}

/**
 * Decisions the resident is told about and that start payments or end the case: they are
 * confirmed in a dialog that says what will happen, then wait a short while with 撤销 before
 * they are sent (deferred.ts). The steps in between are routine and go at once.
 */
export const CONFIRMED_ACTIONS: readonly StaffAction[] = ['approve', 'reject']

export function confirmsFirst(action: StaffAction): boolean {
  return CONFIRMED_ACTIONS.includes(action)
}
