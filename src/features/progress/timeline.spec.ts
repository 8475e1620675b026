import type { CaseStatus } from '../../domain/application/case-status'
import { describe, expect, it } from 'vitest'
import { caseView, medicalWaiting, step } from './test-support'
import { canAnswer, canWithdraw, caseTimeline, needsResident, statusTone, upcomingStatuses } from './timeline'

describe('caseTimeline', () => {
  it('should show a new case as submitted now, then the usual steps to come', () => {
    const entries = caseTimeline(caseView())
    expect(entries.map(e => [e.state, e.status])).toEqual([
      ['current', 'submitted'],
      ['upcoming', 'accepted'],
      ['upcoming', 'checking'],
      ['upcoming', 'reviewing'],
      ['upcoming', 'decision'],
    ])
    expect(entries[0]).toMatchObject({ actor: '申请人', at: '2026-03-01T08:00:00.000Z' })
  })

  it('should put the steps in time order whatever order they came in', () => {
    const c = caseView({ status: 'accepted', steps: [step('accepted', '2026-03-02T08:00:00.000Z', { note: '材料齐全' }), step('submitted', '2026-03-01T08:00:00.000Z')] })
    expect(caseTimeline(c).filter(e => e.state !== 'upcoming').map(e => [e.state, e.status, e.note])).toEqual([
      ['done', 'submitted', null],
      ['current', 'accepted', '材料齐全'],
    ])
  })

  it('should continue from where a request for information came', () => {
    const c = caseView({
      status: 'need_more_info',
      steps: [step('submitted', '2026-03-01T08:00:00.000Z'), step('accepted', '2026-03-02T08:00:00.000Z'), step('checking', '2026-03-03T08:00:00.000Z'), step('need_more_info', '2026-03-04T08:00:00.000Z')],
    })
    expect(upcomingStatuses(c)).toEqual(['reviewing', 'decision'])
    expect(caseTimeline(c).find(e => e.state === 'current')?.status).toBe('need_more_info')
  })

  it('should show a waiting item with every step still to come', () => {
    expect(upcomingStatuses(medicalWaiting())).toEqual(['submitted', 'accepted', 'checking', 'reviewing', 'decision'])
  })

  it.each<CaseStatus>(['approved', 'rejected', 'withdrawn'])('should show a %s case as finished, nothing to come', (status) => {
    const c = caseView({ status, steps: [step('submitted', '2026-03-01T08:00:00.000Z'), step(status, '2026-03-09T08:00:00.000Z')] })
    expect(caseTimeline(c).map(e => e.state)).toEqual(['done', 'done'])
  })
})

describe('what the resident may do', () => {
  it.each<[CaseStatus, boolean, boolean]>([
    ['waiting', true, false],
    ['submitted', true, false],
    ['reviewing', true, false],
    ['need_more_info', true, true],
    ['approved', false, false],
    ['rejected', false, false],
    ['withdrawn', false, false],
  ])('should allow on a %s case: withdraw %s, answer %s', (status, withdraw, answer) => {
    expect(canWithdraw(caseView({ status }))).toBe(withdraw)
    expect(canAnswer(caseView({ status }))).toBe(answer)
  })

  it('should flag a case that asks something of the resident', () => {
    expect(needsResident(caseView())).toBe(false)
    expect(needsResident(caseView({ status: 'need_more_info' }))).toBe(true)
    expect(needsResident(caseView({ residentTodo: '请带户口簿到镇窗口' }))).toBe(true)
  })

  it.each<[CaseStatus, string]>([
    ['approved', 'done'],
    ['rejected', 'stopped'],
    ['need_more_info', 'action'],
    ['waiting', 'waiting'],
    ['checking', 'active'],
  ])('should colour %s as %s', (status, tone) => {
    expect(statusTone(status)).toBe(tone)
  })
})
