import type { StaffQueueRow } from '../../../src/domain/application/staff-api'
import type { DbKind } from '../../db'
import type { Submitted, TestApp } from '../../routes/applications/test-builders'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QUEUE_LIMIT } from '../../db/repos/cases'
import { caseOf, forgetDemoPayments, residentOf, submitDemoApplication } from '../../routes/applications/test-builders'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { queueRows, sortQueue } from './queue'

const SETUP_TIMEOUT_MS = 60_000
/** Rows per INSERT of the copied applications: under SQLite's bound-parameter limit. */
const COPY_BATCH = 100

function row(id: string, over: Partial<StaffQueueRow>): StaffQueueRow {
  return { id, applicationNumber: `XFM-${id}`, item: 'dibao', itemName: '', status: 'submitted', townName: '安乐镇', applicantNameMasked: '刘*', submittedAt: '2026-11-20T00:00:00.000Z', dueAt: null, overdue: false, ...over }
}

const ROWS = [
  row('a', { item: 'temporary', status: 'reviewing', submittedAt: '2026-11-21T00:00:00.000Z', dueAt: '2026-11-30T00:00:00.000Z', townName: '长寿镇' }),
  row('b', { item: 'dibao', status: 'approved', submittedAt: '2026-11-22T00:00:00.000Z', dueAt: null }),
  row('c', { item: 'tekun', status: 'submitted', submittedAt: '2026-11-20T00:00:00.000Z', dueAt: '2026-11-25T00:00:00.000Z' }),
  row('d', { item: 'temporary', status: 'submitted', submittedAt: '2026-11-19T00:00:00.000Z', dueAt: '2026-11-26T00:00:00.000Z' }),
]
const ids = (rows: StaffQueueRow[]) => rows.map(r => r.id).join('')

describe('review queue order', () => {
  it.each([
    [undefined, undefined, 'dcab'],
    ['submittedAt', 'desc', 'bacd'],
    // Items and statuses in their fixed order (dibao, …, tekun, …, temporary), ties oldest first.
    ['item', 'asc', 'bcda'],
    ['item', 'desc', 'dacb'],
    ['status', 'asc', 'dcab'],
    // Cases without a deadline last, whichever way.
    ['dueAt', 'asc', 'cdab'],
    ['dueAt', 'desc', 'adcb'],
    // Towns by their Chinese collation (安 before 长), ties oldest first.
    ['town', 'desc', 'adcb'],
  ] as const)('should sort by %s %s as %s', (sort, order, expected) => {
    expect(ids(sortQueue(ROWS, sort, order))).toBe(expected)
  })
})

// The queue finds the area's cases by the area's towns (issue #18: an index lookup per town, not
// a read of the department's cases in every town): the same cases as "the town code starts with
// the staff member's area" always gave.
describe.each(TEST_DIALECTS)('review queue of an area on %s', (kind: DbKind) => {
  let t: TestApp
  const ids: Record<'li' | 'zhao', string> = { li: '', zhao: '' }
  beforeAll(async () => {
    t = await createTestApp(kind)
    for (const key of ['li', 'zhao'] as const)
      ids[key] = caseOf(await submitDemoApplication(await residentOf(t, key), key, { items: ['temporary'] }), 'temporary').id
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it.each([
    ['339901', 'mingzheng', ['li', 'zhao']],
    ['339901001', 'mingzheng', ['li']],
    ['339901002', 'mingzheng', ['zhao']],
    ['339902', 'mingzheng', []],
    ['339901', 'yibao', []],
  ] as const)('should list in %s for %s the cases of %j', async (areaCode, department, expected) => {
    const rows = await queueRows(t.db.kysely, { areaCode, department }, {}, 'zh-CN')
    const listed = rows.map(r => r.id)
    expect(listed.filter(id => Object.values(ids).includes(id)).sort()).toEqual(expected.map(key => ids[key]).sort())
    // And nothing of another town or department.
    const scoped = await t.db.kysely.selectFrom('cases').select('id').where('department', '=', department).where('town_code', 'like', `${areaCode}%`).execute()
    expect(listed.sort()).toEqual(scoped.map(c => c.id).sort())
  })
})

// The queue chooses its page among the cases alone, by their created_at, and only then reads
// those cases' applications (issue #18): that is the order of the applications' submission as
// long as every case is dated with its application.
describe.each(TEST_DIALECTS)('review queue longer than a page on %s', (kind: DbKind) => {
  let t: TestApp
  let newest: Submitted
  const older: string[] = []
  beforeAll(async () => {
    t = await createTestApp(kind)
    await forgetDemoPayments(t)
    // 刘芳's household (安乐镇): dibao for the town's civil affairs, medical waiting for 医保.
    newest = await submitDemoApplication(await residentOf(t, 'liu'), 'liu')
    // QUEUE_LIMIT older dibao applications of the town, copied from it, one a minute in 2020.
    const k = t.db.kysely
    const application = await k.selectFrom('applications').selectAll().where('id', '=', newest.id).executeTakeFirstOrThrow()
    const dibao = await k.selectFrom('cases').selectAll().where('id', '=', caseOf(newest, 'dibao').id).executeTakeFirstOrThrow()
    const copies = Array.from({ length: QUEUE_LIMIT }, (_, i) => {
      const at = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString()
      const applicationId = randomUUID()
      return {
        application: { ...application, id: applicationId, number: `${application.number}-${i}`, idempotency_key: `queue-${i}`, created_at: at },
        case: { ...dibao, id: randomUUID(), application_id: applicationId, created_at: at, updated_at: at },
      }
    })
    // Newest first, so that neither the insertion order nor the ids give the oldest.
    copies.reverse()
    for (let i = 0; i < copies.length; i += COPY_BATCH) {
      const batch = copies.slice(i, i + COPY_BATCH)
      await k.insertInto('applications').values(batch.map(c => c.application)).execute()
      await k.insertInto('cases').values(batch.map(c => c.case)).execute()
    }
    older.push(...copies.map(c => c.case.id))
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it('should date every case with its application\'s submission', async () => {
    const cases = await t.db.kysely.selectFrom('cases')
      .innerJoin('applications', 'applications.id', 'cases.application_id')
      .select(['cases.id', 'cases.created_at', 'applications.created_at as submitted_at'])
      .where('applications.id', '=', newest.id)
      .execute()
    expect(cases).toHaveLength(2)
    expect(cases.filter(c => c.created_at !== c.submitted_at)).toEqual([])
  })

  it('should list the oldest applications\' cases, oldest first, when there are more than a page', async () => {
    const rows = await queueRows(t.db.kysely, { areaCode: '339901001', department: 'mingzheng' }, {}, 'zh-CN')
    expect(rows.map(r => r.id).sort()).toEqual([...older].sort())
    expect(rows.map(r => r.submittedAt)).toEqual(rows.map(r => r.submittedAt).sort())
    expect(rows[0].submittedAt).toBe('2020-01-01T00:00:00.000Z')
  })
})
