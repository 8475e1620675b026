import type { DbKind } from '../../db'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoHistoryEnd } from '../../../mock/benefit-history'
import { quarterOf } from '../../../src/domain/quarter'
import { shanghaiToday } from '../../../src/domain/time'
import { readXlsx, records, savedFileName } from '../../services/staff/xlsx-test-support'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { residentOf, staffClient } from '../applications/test-builders'

/** A fresh seeded database and a few sign-ins: slow on a busy machine (password hashing). */
const SETUP_TIMEOUT_MS = 60_000

interface Village { code: string, name: string, households: number, byDepartment: { department: string, name: string, households: number }[] }

describe.each(TEST_DIALECTS)('completeness export on %s', (kind: DbKind) => {
  let t: TestApp
  let town: TestClient
  const today = shanghaiToday()
  // The quarter of the demo history's last month, so that departments have reported in it
  // whatever the day (in a quarter's first month the demo has paid nothing in it yet).
  const quarter = quarterOf(`${demoHistoryEnd(new Date())}-01`)

  beforeAll(async () => {
    t = await createTestApp(kind)
    town = await staffClient(t, 'town')
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it('should export the counts the page shows: villages, households, departments that reported', async () => {
    const page = (await town.get(`/api/staff/happiness-list/completeness?quarter=${quarter}`)).json().villages as Village[]
    const res = await town.get(`/api/staff/happiness-list/completeness/export.xlsx?quarter=${quarter}`)
    const [sheet] = await readXlsx(res)
    // As on the page: departments nobody in the area reported are left out.
    const shown = page[0].byDepartment.filter(d => page.some(v => v.byDepartment.some(b => b.department === d.department && b.households > 0)))
    expect(shown.length).toBeGreaterThan(0)
    expect(sheet.header).toEqual(['村（社区）', '登记户数', ...shown.map(d => `${d.name}已报送户数`)])
    expect(records(sheet)).toEqual(page.map(v => ({
      '村（社区）': v.name,
      '登记户数': v.households,
      ...Object.fromEntries(shown.map(d => [`${d.name}已报送户数`, v.byDepartment.find(b => b.department === d.department)!.households])),
    })))
    expect(sheet.rows[0][1].type).toBe(ExcelJS.ValueType.Number)
    expect(savedFileName(res)).toBe(`清单完整度-安乐镇-${quarter}-${today}.xlsx`)
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('should write a village name that looks like a formula as inert text', async () => {
    await t.db.kysely.updateTable('areas').set({ name: '=1+2' }).where('code', '=', '339901001002').execute()
    const [sheet] = await readXlsx(await town.get(`/api/staff/happiness-list/completeness/export.xlsx?quarter=${quarter}`))
    const cell = sheet.rows.map(r => r[0]).find(c => String(c.value).includes('1+2'))!
    expect(cell.value).toBe('\'=1+2')
    expect(cell.type).toBe(ExcelJS.ValueType.String)
    expect(cell.formula).toBeUndefined()
    expect(cell.numFmt).toBe('@')
    await t.db.kysely.updateTable('areas').set({ name: '桃源村' }).where('code', '=', '339901001002').execute()
  })

  it('should audit the export like a view, give every department its counts and refuse others', async () => {
    await t.db.kysely.deleteFrom('audit_log').where('action', '=', 'happiness_completeness_export').execute()
    await town.get(`/api/staff/happiness-list/completeness/export.xlsx?quarter=${quarter}`)
    const audit = await t.db.kysely.selectFrom('audit_log').select(['actor_role', 'subject_type', 'subject_id', 'detail']).where('action', '=', 'happiness_completeness_export').execute()
    expect(audit).toEqual([{ actor_role: 'town_staff', subject_type: 'area', subject_id: '339901001', detail: expect.stringMatching(new RegExp(`^quarter=${quarter}; villages=2; departments=[a-z,]+$`)) }])
    // Counts only: like the page, 医保 staff see whether their department reported.
    expect((await (await staffClient(t, 'town_yibao')).get(`/api/staff/happiness-list/completeness/export.xlsx?quarter=${quarter}`)).statusCode).toBe(200)
    expect((await (await staffClient(t, 'volunteer')).get(`/api/staff/happiness-list/completeness/export.xlsx?quarter=${quarter}`)).statusCode).toBe(403)
    expect((await (await residentOf(t, 'liu')).get(`/api/staff/happiness-list/completeness/export.xlsx?quarter=${quarter}`)).statusCode).toBe(403)
    expect((await town.get('/api/staff/happiness-list/completeness/export.xlsx?quarter=nope')).statusCode).toBe(400)
  })
})
