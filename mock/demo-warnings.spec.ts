import type { DbKind } from '../server/db'
import type { TestApp } from '../server/routes/applications/test-builders'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staffClient } from '../server/routes/applications/test-builders'
import { createTestApp, TEST_DIALECTS } from '../server/testing'
import { shanghaiToday } from '../src/domain/time'
import { DEMO_EVENTS, seedDemoWarnings } from './demo-warnings'

const SETUP_TIMEOUT_MS = 60_000

interface Row { rule: string, village: { name: string }, headMasked: string, overdue: boolean, dueOn: string, suggestions: { item: string }[] }

describe.each(TEST_DIALECTS)('the demo warnings on %s', (kind: DbKind) => {
  let t: TestApp
  const count = async (table: 'signals' | 'warnings') => Number((await t.db.kysely.selectFrom(table).select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

  beforeAll(async () => {
    t = await createTestApp(kind)
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t?.close()
  })

  it('should show 安乐镇\'s town staff two real warnings on first start, one of them overdue', async () => {
    const town = await staffClient(t, 'town')
    const res = await town.get('/api/staff/warnings')
    expect(res.statusCode, res.body).toBe(200)
    const rows = (res.json().warnings as Row[]).map(w => [w.rule, w.village.name, w.headMasked, w.overdue, w.suggestions.map(s => s.item)])
    expect(rows).toEqual(expect.arrayContaining([
      ['new_severe_disability', '和美村', '王**', true, ['disability_allowance']],
      ['student_hardship', '桃源村', '陈**', false, ['education']],
    ]))
    expect(rows).toHaveLength(2)
    // Due first: the overdue one leads.
    expect((res.json().warnings as Row[])[0]!.dueOn < shanghaiToday()).toBe(true)
  })

  it('should show 长寿镇 the death in a 低保 household, and the county all three', async () => {
    const town2 = (await (await staffClient(t, 'town2')).get('/api/staff/warnings')).json().warnings as Row[]
    expect(town2.map(w => [w.rule, w.village.name, w.suggestions.map(s => s.item)])).toEqual([['earner_death', '青山村', ['dibao', 'funeral']]])
    const county = (await (await staffClient(t, 'county')).get('/api/staff/warnings')).json().warnings as Row[]
    expect(county.map(w => w.rule).sort()).toEqual(['earner_death', 'new_severe_disability', 'student_hardship'])
  })

  it('should keep 刘芳\'s two bills, under the line together, with no warning yet', async () => {
    const liu = await t.db.kysely.selectFrom('signals').select(['household_id', 'kind']).where('external_id', 'like', 'DEMO-YB-TY002-%').execute()
    expect(liu.map(s => s.kind)).toEqual(['medical_spending', 'medical_spending'])
    const raised = await t.db.kysely.selectFrom('warnings').select('id').where('household_id', '=', liu[0]!.household_id).execute()
    expect(raised).toEqual([])
  })

  it('should store nothing more when the demo is seeded again', async () => {
    const [signals, warnings] = [await count('signals'), await count('warnings')]
    expect(signals).toBe(DEMO_EVENTS.length)
    await seedDemoWarnings(t.db)
    expect(await count('signals')).toBe(signals)
    expect(await count('warnings')).toBe(warnings)
  })
})
