import type { ItemCode } from '../../domain/items'
import type { ActionInput, StaffAction } from './api'
import { MONTHLY_CASH_ITEMS } from '../../domain/application/staff-rules'

export const MAX_NOTE_LENGTH = 500

/** What each action asks of the staff member. */
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

export type ActionProblem = 'reason_required' | 'amount_required' | 'amount_invalid' | 'start_date_required' | 'too_long'

/**
 * Checks an action form before sending; the server checks again. Returns the request body, or
 * the problems by field (reason, monthlyAmount, startDate, note).
 */
export function buildAction(draft: ActionDraft, item: ItemCode): { ok: true, body: ActionInput } | { ok: false, problems: Record<string, ActionProblem> } {
  const problems: Record<string, ActionProblem> = {}
  if (!draft.action)
    return { ok: false, problems: { action: 'reason_required' } }
  const needs = ACTION_FIELDS[draft.action]
  const reason = draft.reason.trim()
  const note = draft.note.trim()
  if (needs.reason && reason.length < 2)
    problems.reason = 'reason_required'
  if (reason.length > MAX_NOTE_LENGTH)
    problems.reason = 'too_long'
  if (note.length > MAX_NOTE_LENGTH)
    problems.note = 'too_long'
  let monthlyAmount: number | undefined
  if (needs.amount) {
    const text = draft.monthlyAmount.trim()
    if (text === '') {
      if (MONTHLY_CASH_ITEMS.includes(item))
        problems.monthlyAmount = 'amount_required'
    }
    else {
      monthlyAmount = Number(text)
      if (!Number.isFinite(monthlyAmount) || monthlyAmount <= 0 || !/^\d+(?:\.\d{1,2})?$/.test(text))
        problems.monthlyAmount = 'amount_invalid'
    }
  }
  if (needs.startDate && !/^\d{4}-\d{2}-\d{2}$/.test(draft.startDate))
    problems.startDate = 'start_date_required'
  if (Object.keys(problems).length > 0)
    return { ok: false, problems }
  return {
    ok: true,
    body: {
      action: draft.action,
      ...(note ? { note } : {}),
      ...(needs.reason ? { reason } : {}),
      ...(monthlyAmount !== undefined ? { monthlyAmount } : {}),
      ...(needs.startDate ? { startDate: draft.startDate } : {}),
    },
  }
}
