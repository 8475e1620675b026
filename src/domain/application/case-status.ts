/**
 * The life of one case (one item of one application) as a state machine. Steps follow the
 * procedure of the policy brief §4: 申请 apply → 受理 accept → 核对 economic check → 审核
 * review → 确认 decision, with 补充材料 (need more information) and 撤回 (withdrawal).
 */

export const CASE_STATUSES = [
  /** Waits for 民政's hardship decision before it starts (items that run in series). */
  'waiting',
  'submitted',
  'accepted',
  'checking',
  'reviewing',
  'need_more_info',
  'approved',
  'rejected',
  'withdrawn',
] as const
export type CaseStatus = typeof CASE_STATUSES[number]

export const FINAL_STATUSES: readonly CaseStatus[] = ['approved', 'rejected', 'withdrawn']

export const CASE_ACTIONS = [
  /** system: the hardship decision came, a waiting item starts */
  'start',
  'accept',
  'start_check',
  'start_review',
  'request_info',
  /** resident: answers a request for information; the case goes back where it was */
  'answer_info',
  'approve',
  'reject',
  /** resident: before a decision */
  'withdraw',
] as const
export type CaseAction = typeof CASE_ACTIONS[number]

export type Actor = 'resident' | 'staff' | 'system'

/** Notes the system writes on a case's timeline (worded when read: server/services/applications/texts.ts). */
export const NOTE_CODES = ['waits_for_hardship', 'hardship_confirmed', 'hardship_not_confirmed'] as const
export type NoteCode = typeof NOTE_CODES[number]

interface Transition { to: CaseStatus | 'previous', by: Actor }

/** Allowed moves: from status → action → where it goes and who may do it. Nothing else is allowed. */
export const TRANSITIONS: Record<CaseStatus, Partial<Record<CaseAction, Transition>>> = {
  waiting: {
    start: { to: 'submitted', by: 'system' },
    // The hardship decision was negative: a dependent item cannot go on.
    reject: { to: 'rejected', by: 'system' },
    withdraw: { to: 'withdrawn', by: 'resident' },
  },
  submitted: {
    accept: { to: 'accepted', by: 'staff' },
    request_info: { to: 'need_more_info', by: 'staff' },
    reject: { to: 'rejected', by: 'staff' },
    withdraw: { to: 'withdrawn', by: 'resident' },
  },
  accepted: {
    start_check: { to: 'checking', by: 'staff' },
    request_info: { to: 'need_more_info', by: 'staff' },
    withdraw: { to: 'withdrawn', by: 'resident' },
  },
  checking: {
    start_review: { to: 'reviewing', by: 'staff' },
    request_info: { to: 'need_more_info', by: 'staff' },
    withdraw: { to: 'withdrawn', by: 'resident' },
  },
  reviewing: {
    approve: { to: 'approved', by: 'staff' },
    reject: { to: 'rejected', by: 'staff' },
    request_info: { to: 'need_more_info', by: 'staff' },
    withdraw: { to: 'withdrawn', by: 'resident' },
  },
  need_more_info: {
    answer_info: { to: 'previous', by: 'resident' },
    withdraw: { to: 'withdrawn', by: 'resident' },
  },
  approved: {},
  rejected: {},
  withdrawn: {},
}

export type TransitionResult
  = | { ok: true, to: CaseStatus }
    | { ok: false, reason: 'not_allowed' | 'wrong_actor' }

/**
 * Where `action` by `actor` takes a case in `status`. `previous` is the status the case had
 * before `need_more_info` (needed to go back there).
 */
export function nextStatus(status: CaseStatus, action: CaseAction, actor: Actor, previous?: CaseStatus | null): TransitionResult {
  const transition = TRANSITIONS[status][action]
  if (!transition)
    return { ok: false, reason: 'not_allowed' }
  if (transition.by !== actor)
    return { ok: false, reason: 'wrong_actor' }
  if (transition.to === 'previous') {
    if (!previous || previous === 'need_more_info' || FINAL_STATUSES.includes(previous))
      return { ok: false, reason: 'not_allowed' }
    return { ok: true, to: previous }
  }
  return { ok: true, to: transition.to }
}

export function isFinal(status: CaseStatus): boolean {
  return FINAL_STATUSES.includes(status)
}

/** The actions a given actor may take now (for buttons and for the API's documentation). */
export function allowedActions(status: CaseStatus, actor: Actor): CaseAction[] {
  return (Object.entries(TRANSITIONS[status]) as [CaseAction, Transition][])
    .filter(([, t]) => t.by === actor)
    .map(([action]) => action)
}
