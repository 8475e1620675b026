import type { Actor, CaseAction, CaseStatus } from './case-status'
import { describe, expect, it } from 'vitest'
import { allowedActions, CASE_ACTIONS, CASE_STATUSES, FINAL_STATUSES, isFinal, nextStatus, TRANSITIONS } from './case-status'

const ACTORS: Actor[] = ['resident', 'staff', 'system']

/** The whole state machine as a table: status → action → [actor, to]. Everything else is refused. */
const VALID: [CaseStatus, CaseAction, Actor, CaseStatus | 'previous'][] = [
  ['waiting', 'start', 'system', 'submitted'],
  ['waiting', 'reject', 'system', 'rejected'],
  ['waiting', 'withdraw', 'resident', 'withdrawn'],
  ['submitted', 'accept', 'staff', 'accepted'],
  ['submitted', 'request_info', 'staff', 'need_more_info'],
  ['submitted', 'reject', 'staff', 'rejected'],
  ['submitted', 'withdraw', 'resident', 'withdrawn'],
  ['accepted', 'start_check', 'staff', 'checking'],
  ['accepted', 'request_info', 'staff', 'need_more_info'],
  ['accepted', 'withdraw', 'resident', 'withdrawn'],
  ['checking', 'start_review', 'staff', 'reviewing'],
  ['checking', 'request_info', 'staff', 'need_more_info'],
  ['checking', 'withdraw', 'resident', 'withdrawn'],
  ['reviewing', 'approve', 'staff', 'approved'],
  ['reviewing', 'reject', 'staff', 'rejected'],
  ['reviewing', 'request_info', 'staff', 'need_more_info'],
  ['reviewing', 'withdraw', 'resident', 'withdrawn'],
  ['need_more_info', 'answer_info', 'resident', 'previous'],
  ['need_more_info', 'withdraw', 'resident', 'withdrawn'],
]

const validKey = new Set(VALID.map(([s, a]) => `${s}:${a}`))
const INVALID: [CaseStatus, CaseAction][] = CASE_STATUSES.flatMap(s => CASE_ACTIONS.map(a => [s, a] as [CaseStatus, CaseAction])).filter(([s, a]) => !validKey.has(`${s}:${a}`))

describe('case state machine', () => {
  it.each(VALID.filter(v => v[3] !== 'previous'))('should move %s --%s by %s--> %s', (status, action, actor, to) => {
    expect(nextStatus(status, action, actor)).toEqual({ ok: true, to })
  })

  it.each(VALID)('should refuse %s --%s-- by anyone but %s', (status, action, actor) => {
    for (const other of ACTORS.filter(a => a !== actor))
      expect(nextStatus(status, action, other, 'reviewing')).toEqual({ ok: false, reason: 'wrong_actor' })
  })

  it.each(INVALID)('should refuse %s --%s-- for every actor', (status, action) => {
    for (const actor of ACTORS)
      expect(nextStatus(status, action, actor, 'accepted')).toEqual({ ok: false, reason: 'not_allowed' })
  })

  it('should list exactly the table above, nothing more', () => {
    const all = (Object.entries(TRANSITIONS) as [CaseStatus, Record<string, { by: Actor }>][])
      .flatMap(([s, moves]) => Object.entries(moves).map(([a, t]) => `${s}:${a}:${t.by}`))
    expect(all.sort()).toEqual(VALID.map(([s, a, by]) => `${s}:${a}:${by}`).sort())
  })

  it.each(['submitted', 'accepted', 'checking', 'reviewing'] as const)('should go back to %s when the resident answers a request for information', (previous) => {
    expect(nextStatus('need_more_info', 'answer_info', 'resident', previous)).toEqual({ ok: true, to: previous })
  })

  it.each([null, undefined, 'need_more_info', 'approved', 'rejected', 'withdrawn'] as const)('should refuse an answer when the previous status is %s', (previous) => {
    expect(nextStatus('need_more_info', 'answer_info', 'resident', previous)).toEqual({ ok: false, reason: 'not_allowed' })
  })

  it.each(CASE_STATUSES)('should allow no move at all from a final status (%s)', (status) => {
    if (!FINAL_STATUSES.includes(status))
      return
    expect(isFinal(status)).toBe(true)
    for (const actor of ACTORS)
      expect(allowedActions(status, actor)).toEqual([])
  })

  it.each([
    ['submitted', 'staff', ['accept', 'request_info', 'reject']],
    ['reviewing', 'staff', ['approve', 'reject', 'request_info']],
    ['reviewing', 'resident', ['withdraw']],
    ['waiting', 'system', ['start', 'reject']],
    ['need_more_info', 'staff', []],
  ] as [CaseStatus, Actor, CaseAction[]][])('should offer %s to %s: %j', (status, actor, actions) => {
    expect(allowedActions(status, actor)).toEqual(actions)
  })
})
