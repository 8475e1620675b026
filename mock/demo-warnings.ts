import type { Db } from '../server/db'
import type { DepartmentEventKind } from '../src/domain/warnings/api'
import type { SignalSource } from '../src/domain/warnings/signals'
import { receiveSignals, resolveEvents } from '../server/services/warnings/receive'
import { shanghaiToday } from '../src/domain/time'
import { DEMO_HOUSEHOLDS } from './demo-data'

/**
 * Demo warnings of 政策找人 (issue #19): department events about households of the demo set,
 * sent through the service the feeds use (resolveEvents, then receiveSignals), each at the time
 * the department would have sent it, so that the rules raise real warnings with real due dates
 * and a newcomer signing in as town staff finds work in the queue on first start.
 *
 * | household (village)     | events (days ago received)                                   | warning for staff            |
 * | 刘芳 (桃源村)             | 医保: 12 600 元 self-paid (116), then 6 000 元 (4)             | none yet: 18 600 元 in 12 months, under the 20 000 元 line (the next bill may cross it) |
 * | 王秀英 (和美村)           | 残联: a grade-2 physical disability certificate (18)          | new severe disability: 护理补贴; OVERDUE (due 14 days after) |
 * | 陈桂兰's grandson (桃源村) | 教育: out of high school (2)                                  | a 特困 household's child out of school: 教育救助 |
 * | 赵大山 (青山村, 长寿镇)    | 民政: cremation record (8)                                    | death in a 低保 household: review 低保, 殡葬 |
 *
 * So town staff of 安乐镇 see two warnings (one overdue), 长寿镇 one, the county three. 刘芳's
 * bills are what most signals are: stored, counted, and no warning yet; one more bill from 医保
 * takes her household over the line (the end-to-end walk of tests/e2e/policy-finds-people.e2e.ts
 * does that, and a newcomer can too). 李建国's household has none: the resident's walk starts from nothing. The
 * "only earner" death rule needs a household whose application declared who earns; no demo
 * household has applied, so the death here is the 低保-household one. 孙志强 (seed-visits.ts)
 * gets none: his 低保 stopped too recently for the rules to see it gone, and 低保 covers medical costs.
 *
 * Sent again (a second seeding), every event has the same source and external id: the service
 * stores it once and raises nothing more.
 */

const DAY_MS = 86_400_000

export interface DemoEvent {
  source: SignalSource
  kind: DepartmentEventKind
  externalId: string
  idNumber: string
  /** the event's own fields (amountFen, grade, level…), as the department sends them */
  fields: Record<string, unknown>
  occurredDaysAgo: number
  receivedDaysAgo: number
}

const [wang, , chen, liu, zhao] = DEMO_HOUSEHOLDS

/** A demo member's ID number; one that is not there is a mistake in demo-data.ts. */
function idOf(household: { members: { idNumber: string }[] } | undefined, n = 0): string {
  const member = household?.members[n]
  if (!member)
    throw new Error(`demo-warnings: demo household member ${n} is missing`)
  return member.idNumber
}

export const DEMO_EVENTS: DemoEvent[] = [
  { source: 'yibao', kind: 'medical_spending', externalId: 'DEMO-YB-TY002-1', idNumber: idOf(liu), fields: { amountFen: 1_260_000 }, occurredDaysAgo: 118, receivedDaysAgo: 116 },
  { source: 'canlian', kind: 'disability_certificate', externalId: 'DEMO-CL-HM001-1', idNumber: idOf(wang), fields: { grade: 2, category: 'physical' }, occurredDaysAgo: 20, receivedDaysAgo: 18 },
  { source: 'mingzheng', kind: 'death', externalId: 'DEMO-MZ-QS001-1', idNumber: idOf(zhao), fields: {}, occurredDaysAgo: 9, receivedDaysAgo: 8 },
  { source: 'yibao', kind: 'medical_spending', externalId: 'DEMO-YB-TY002-2', idNumber: idOf(liu), fields: { amountFen: 600_000 }, occurredDaysAgo: 6, receivedDaysAgo: 4 },
  { source: 'jiaoyu', kind: 'student', externalId: 'DEMO-JY-TY001-1', idNumber: idOf(chen, 1), fields: { level: 'high_school', status: 'dropped_out' }, occurredDaysAgo: 3, receivedDaysAgo: 2 },
]

/** The event as the department's feed would post it: its day in Beijing, a bill's month as its period. */
function eventAt(e: DemoEvent, now: Date): Record<string, unknown> {
  const day = shanghaiToday(new Date(now.getTime() - e.occurredDaysAgo * DAY_MS))
  return { kind: e.kind, externalId: e.externalId, idNumber: e.idNumber, occurredAt: day, ...(e.kind === 'medical_spending' ? { period: day.slice(0, 7) } : {}), ...e.fields }
}

/**
 * Sends the demo events one by one, oldest first, each received `receivedDaysAgo` before `now`.
 * Runs after the demo households, their benefit history and 孙志强 (seed-visits.ts) exist: what
 * a household receives decides which rules apply.
 */
export async function seedDemoWarnings(db: Db, now = new Date()): Promise<void> {
  const events = [...DEMO_EVENTS].sort((a, b) => b.receivedDaysAgo - a.receivedDaysAgo)
  for (const e of events) {
    const { signals, issues } = await resolveEvents(db.kysely, [{ at: 0, raw: eventAt(e, now), source: e.source }])
    if (issues.length > 0)
      throw new Error(`demo event ${e.externalId} does not match the demo households: ${JSON.stringify(issues[0])}`)
    await receiveSignals(db.kysely, signals, { credentialId: null, importedBy: null }, new Date(now.getTime() - e.receivedDaysAgo * DAY_MS))
  }
}
