import type { DbKind } from '../../db'
import type { TestApp } from '../applications/test-builders'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allText, readXlsx, savedFileName } from '../../services/staff/xlsx-test-support'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'
import { forgetDemoPayments, HOUSEHOLD, residentOf, staffClient, submitDemoApplication, withdrawOpenCases } from '../applications/test-builders'

interface Row { id: string, applicationNumber: string, itemName: string, applicantNameMasked: string, townName: string, status: string, submittedAt: string, dueAt: string | null, overdue: boolean }

describe.each(TEST_DIALECTS)('staff queue export on %s', (kind: DbKind) => {
  let t: TestApp
  let town: TestClient
  let townYibao: TestClient

  beforeAll(async () => {
    t = await createTestApp(kind)
    await forgetDemoPayments(t)
    ;[town, townYibao] = await Promise.all(['town', 'town_yibao'].map(u => staffClient(t, u)))
    // Three households of 安乐镇 apply: 低保 and 临时救助 reach 民政, 医疗救助 waits for 医保.
    await submitDemoApplication(await residentOf(t, 'li'), 'li', { items: ['dibao', 'medical'] })
    await submitDemoApplication(await residentOf(t, 'chen'), 'chen', { items: ['temporary'] })
    await submitDemoApplication(await residentOf(t, 'wang'), 'wang', { items: ['tekun'] })
  })
  afterAll(async () => {
    await t.close()
  })

  const queue = async (client: TestClient, query = '') => (await client.get(`/api/staff/cases${query}`)).json().cases as Row[]

  it('should export the rows the page shows, in the order it sorted them, masked', async () => {
    for (const query of ['', '?sort=item&order=desc', '?sort=status&order=asc', '?item=temporary', '?status=submitted&sort=number&order=desc']) {
      const page = await queue(town, query)
      const res = await town.get(`/api/staff/cases/export.xlsx${query}`)
      const [sheet] = await readXlsx(res)
      expect(sheet.header).toEqual(['申请编号', '事项', '申请人', '乡镇（街道）', '状态', '提交时间', '办理期限', '超期'])
      expect(sheet.rows.map(r => r[0].value), query).toEqual(page.map(r => r.applicationNumber))
      expect(sheet.rows.map(r => [r[1].value, r[2].value, r[3].value])).toEqual(page.map(r => [r.itemName, r.applicantNameMasked, r.townName]))
    }
    const all = await readXlsx(await town.get('/api/staff/cases/export.xlsx'))
    expect(all[0].rows.length).toBe(3)
    expect(all[0].rows.map(r => r[4].value)).toEqual(['已提交', '已提交', '已提交'])
    // Submitted time as a date cell in Beijing wall time.
    const first = (await queue(town))[0]
    expect((all[0].rows[0][5].value as Date).getTime()).toBe(Date.parse(first.submittedAt) + 8 * 3600_000)
    expect(all[0].rows[0][5].numFmt).toBe('yyyy-mm-dd hh:mm')
  })

  it('should never write a full name or ID number, only what the page shows', async () => {
    const text = allText(await readXlsx(await town.get('/api/staff/cases/export.xlsx')))
    for (const member of [...HOUSEHOLD.li.members, ...HOUSEHOLD.chen.members, ...HOUSEHOLD.wang.members]) {
      expect(text).not.toContain(member.name)
      expect(text).not.toContain(member.idNumber)
    }
    expect(text).toContain('李**')
  })

  it('should export only the department\'s own cases, like the queue', async () => {
    const [sheet] = await readXlsx(await townYibao.get('/api/staff/cases/export.xlsx'))
    // 医疗救助 is still waiting for 民政's decision: 医保 has it in its queue, 民政 never does.
    expect(sheet.rows.map(r => r[1].value)).toEqual((await queue(townYibao)).map(r => r.itemName))
    expect(sheet.rows.every(r => String(r[1].value).includes('医疗'))).toBe(true)
  })

  it('should name the file, never cache it, and refuse residents and volunteers', async () => {
    const res = await town.get('/api/staff/cases/export.xlsx')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="review_queue-339901001-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''/)
    expect(savedFileName(res)).toMatch(/^待审核事项-安乐镇-\d{4}-\d{2}-\d{2}\.xlsx$/)
    const en = await staffClient(t, 'town', 'en')
    const english = await en.get('/api/staff/cases/export.xlsx')
    expect((await readXlsx(english))[0].header[0]).toBe('Application number')
    expect(savedFileName(english)).toMatch(/^Review_queue-安乐镇-\d{4}-\d{2}-\d{2}\.xlsx$/)
    expect((await (await residentOf(t, 'liu')).get('/api/staff/cases/export.xlsx')).statusCode).toBe(403)
    expect((await (await staffClient(t, 'volunteer')).get('/api/staff/cases/export.xlsx')).statusCode).toBe(403)
    expect((await new TestClient(t.app).get('/api/staff/cases/export.xlsx')).statusCode).toBe(401)
    expect((await town.get('/api/staff/cases/export.xlsx?sort=name')).statusCode).toBe(400)
  })

  it('should audit the export like a view: who, which area, which filters, how many rows', async () => {
    await t.db.kysely.deleteFrom('audit_log').where('action', '=', 'staff_cases_export').execute()
    await town.get('/api/staff/cases/export.xlsx?item=temporary&sort=dueAt&order=desc')
    const rows = await t.db.kysely.selectFrom('audit_log').select(['actor_role', 'subject_type', 'subject_id', 'detail']).where('action', '=', 'staff_cases_export').execute()
    expect(rows).toEqual([{ actor_role: 'town_staff', subject_type: 'area', subject_id: '339901001', detail: 'item=temporary; status=; overdue=false; sort=dueAt:desc; rows=1' }])
  })

  it.each(['=HYPERLINK("http://evil.example","点我")', '+86 1380', '-1+1', '@SUM(1)'])('should write an applicant named %j as inert text', async (name) => {
    // Names come from people: one that looks like a formula stays text (masked, with an apostrophe).
    const resident = await residentOf(t, 'liu')
    await withdrawOpenCases(resident, ['temporary'])
    const application = await submitDemoApplication(resident, 'liu', { items: ['temporary'] })
    await t.db.kysely.updateTable('applications').set({ applicant_name: name }).where('id', '=', application.id).execute()
    const [sheet] = await readXlsx(await town.get('/api/staff/cases/export.xlsx?item=temporary'))
    const row = sheet.rows.find(r => r[0].value === application.number)!
    const cell = row[2]
    expect(cell.type).toBe(ExcelJS.ValueType.String)
    expect(cell.formula).toBeUndefined()
    expect(cell.numFmt).toBe('@')
    expect(cell.value).toBe(`'${(await queue(town, '?item=temporary')).find(r => r.applicationNumber === application.number)!.applicantNameMasked}`)
    expect(String(cell.value)[1]).toBe(name[0])
    await withdrawOpenCases(resident, ['temporary'])
  })
})
