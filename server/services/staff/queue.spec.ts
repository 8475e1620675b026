import type { StaffQueueRow } from '../../../src/domain/application/staff-api'
import type { DbKind } from '../../db'
import type { TestApp } from '../../routes/applications/test-builders'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { caseOf, residentOf, submitDemoApplication } from '../../routes/applications/test-builders'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { queueRows, sortQueue } from './queue'

const SETUP_TIMEOUT_MS = 60_000

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
