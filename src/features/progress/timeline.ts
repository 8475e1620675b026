import type { CaseStatus } from '../../domain/application/case-status'
import type { CaseView } from '../../domain/application/schemas'
import { allowedActions, isFinal } from '../../domain/application/case-status'

// A case as the resident follows it: what has happened (steps), where it is now (with its
// owner and due date), and what is still to come on the usual path.

/** The usual path of a case (policy brief §4: 申请 → 受理 → 核对 → 审核 → 确认). */
export const USUAL_PATH: readonly CaseStatus[] = ['submitted', 'accepted', 'checking', 'reviewing']

export interface TimelineEntry {
  state: 'done' | 'current' | 'upcoming'
  /** the status entered, or for upcoming entries the status still to come; 'decision' = approved or rejected */
  status: CaseStatus | 'decision'
  actor: string | null
  at: string | null
  note: string | null
}

/** The status before need_more_info, from the steps: where an answer takes the case back to. */
export function statusBeforeInfoRequest(c: CaseView): CaseStatus | null {
  const steps = c.steps.filter(s => s.status !== 'need_more_info')
  return steps[steps.length - 1]?.status ?? null
}

export function upcomingStatuses(c: CaseView): (CaseStatus | 'decision')[] {
  if (isFinal(c.status))
    return []
  const from = c.status === 'need_more_info' ? statusBeforeInfoRequest(c) : c.status
  const position = from === 'waiting' ? -1 : USUAL_PATH.indexOf(from ?? 'submitted')
  return [...USUAL_PATH.slice(position + 1), 'decision']
}

export function caseTimeline(c: CaseView): TimelineEntry[] {
  const steps = [...c.steps].sort((a, b) => a.at.localeCompare(b.at))
  const done: TimelineEntry[] = steps.map((s, i) => ({
    state: i === steps.length - 1 && !isFinal(c.status) ? 'current' : 'done',
    status: s.status,
    actor: s.actor,
    at: s.at,
    note: s.note,
  }))
  const upcoming: TimelineEntry[] = upcomingStatuses(c).map(status => ({ state: 'upcoming', status, actor: null, at: null, note: null }))
  return [...done, ...upcoming]
}

export function canWithdraw(c: CaseView): boolean {
  return allowedActions(c.status, 'resident').includes('withdraw')
}

export function canAnswer(c: CaseView): boolean {
  return allowedActions(c.status, 'resident').includes('answer_info')
}

/** The resident has something to do on this case. */
export function needsResident(c: CaseView): boolean {
  return c.status === 'need_more_info' || c.residentTodo !== null
}

export type StatusTone = 'done' | 'stopped' | 'action' | 'waiting' | 'active'

/** Colour family of a status tag (text always says the status too). */
export function statusTone(status: CaseStatus): StatusTone {
  switch (status) {
    case 'approved':
      return 'done'
    case 'rejected':
    case 'withdrawn':
      return 'stopped'
    case 'need_more_info':
      return 'action'
    case 'waiting':
      return 'waiting'
    default:
      return 'active'
  }
}
