import type { BrowserContext, Download, Page } from '@playwright/test'
import type { RunningServer } from './support'
import ExcelJS from 'exceljs'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { seriousViolations } from './axe'
import { expect, saveScreenshot, step, test } from './fixtures'
import { bindAtOffice, pageApi, signInResident, signInStaff } from './helpers'
import { NO_PHONE_EMULATION } from './support'

// Issue #16: a town clerk at a desk (1280×800) works the queue as a sortable table, reads a case
// in two columns, confirms and undoes a decision, and exports the queue, the coverage and the
// completeness pages to .xlsx; the same screens still work on a 360 px phone.

const DESK = { width: 1280, height: 800 }
/** A 1×1 PNG: a drawn signature, as far as the server can tell. */
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII='
const [WANG, , CHEN, LIU] = DEMO_HOUSEHOLDS
/** Three households of 安乐镇 apply, one after the other: 低保 first, then 临时救助 twice. */
const APPLICATIONS = [
  { household: LIU, phone: '13800138041', items: ['dibao', 'medical'] },
  { household: CHEN, phone: '13800138042', items: ['temporary'] },
  { household: WANG, phone: '13800138043', items: ['temporary'] },
]

interface QueueRow { id: string, applicationNumber: string, itemName: string, applicantNameMasked: string, status: string }

async function apply(server: RunningServer, context: BrowserContext, plan: typeof APPLICATIONS[number]): Promise<void> {
  const page = await context.newPage()
  try {
    await bindAtOffice(server, plan.phone, plan.household.members[0])
    await signInResident(page, server, plan.phone)
    const h = plan.household
    const res = await pageApi(page, 'POST', '/api/applications', {
      idempotencyKey: crypto.randomUUID(),
      applicant: { name: h.members[0].name, idNumber: h.members[0].idNumber, phone: plan.phone, address: h.address, region: '339901' },
      members: h.members.map((m, i) => ({ name: m.name, idNumber: m.idNumber, relation: m.relation, monthlyIncome: i === 0 ? 600 : 0, disabilityGrade: 0, seriousIllness: false, student: ['child', 'grandchild'].includes(m.relation) ? 'compulsory' : 'none' })),
      items: plan.items,
      reason: '家庭收入很低，需要帮助。',
      receiving: [],
      attachmentIds: [],
      authorisations: h.members.filter(m => Number(m.idNumber.slice(6, 10)) < 2008).map(m => ({ idNumber: m.idNumber, name: m.name, agreedAt: new Date().toISOString(), signature: SIGNATURE })),
      declaration: { depositsTotal: 3000, vehicles: 0, extraHousing: false, fromDiagnosis: false },
      removedMembers: [],
    })
    expect(res.status, JSON.stringify(res.json)).toBe(201)
  }
  finally {
    await context.close()
  }
}

/** Clicks an export button and reads the saved file back with exceljs, as a spreadsheet would open it. */
async function exportFrom(page: Page): Promise<{ download: Download, book: ExcelJS.Workbook }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()])
  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile((await download.path())!)
  return { download, book }
}

const columnValues = (ws: ExcelJS.Worksheet, column: number) => ws.getColumn(column).values.slice(2).map(v => String(v))

/** The page is never wider than the screen (nothing to scroll sideways on a phone). */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
}

// The phone's test finds the cases the desk's test made.
test.describe.configure({ mode: 'serial' })

test.describe('staff workbench at a desk', () => {
  test('sorts the queue, reads a case in two columns, undoes a decision and exports three pages', async ({ newContext, server }) => {
    test.slow()
    // Each household applies from a phone of its own.
    for (const plan of APPLICATIONS)
      await apply(server, await newContext(), plan)

    const page = await (await newContext({ ...NO_PHONE_EMULATION, viewport: DESK })).newPage()

    await step(page, 'desk-queue-table', async () => {
      await signInStaff(page, 'town', '/staff')
      const table = page.getByRole('table', { name: /待审核事项/ })
      await expect(table).toBeVisible()
      // 民政's three cases (医疗救助 waits for 医保), oldest first, with counts above.
      await expect(table.locator('tbody tr')).toHaveCount(3)
      await expect(table.locator('tbody td.col-item')).toHaveText([/^\s*最低生活保障（低保）(?: · |\s*$)/, /^\s*临时救助(?: · |\s*$)/, /^\s*临时救助(?: · |\s*$)/])
      await expect(page.getByTestId('queue-counts').getByText('共 3 件')).toBeVisible()
      await expect(page.getByTestId('queue-counts').getByText('已提交 3')).toBeVisible()
      // Vant controls only: no native select or checkbox on the page.
      await expect(page.locator('select, input[type=checkbox]')).toHaveCount(0)
      expect(await seriousViolations(page)).toEqual([])
    })

    await step(page, 'desk-queue-sort', async () => {
      const table = page.getByRole('table', { name: /待审核事项/ })
      const itemHeader = table.getByRole('columnheader', { name: '事项' })
      await expect(itemHeader).toHaveAttribute('aria-sort', 'none')
      await itemHeader.getByRole('button').click()
      await expect(itemHeader).toHaveAttribute('aria-sort', 'ascending')
      await itemHeader.getByRole('button').click()
      await expect(itemHeader).toHaveAttribute('aria-sort', 'descending')
      const api = (await pageApi<{ cases: QueueRow[] }>(page, 'GET', '/api/staff/cases?sort=item&order=desc')).json.cases
      await expect(table.locator('tbody td.col-number')).toHaveText(api.map(r => r.applicationNumber))
      expect(api.at(-1)!.itemName).toBe('最低生活保障（低保）')
      await saveScreenshot(page, 'staff-desk-queue-1280')
    })

    await step(page, 'desk-queue-export', async () => {
      const { download, book } = await exportFrom(page)
      expect(download.suggestedFilename()).toMatch(/^待审核事项-安乐镇-\d{4}-\d{2}-\d{2}\.xlsx$/)
      const ws = book.worksheets[0]
      expect((ws.getRow(1).values as string[]).slice(1)).toEqual(['申请编号', '事项', '申请人', '乡镇（街道）', '状态', '提交时间', '办理期限', '超期'])
      // The file lists what the table shows, in the order it was sorted, masked as on screen.
      expect(columnValues(ws, 1)).toEqual(await page.locator('tbody td.col-number').allTextContents().then(a => a.map(s => s.trim())))
      expect(columnValues(ws, 3).sort()).toEqual(['刘*', '王**', '陈**'])
    })

    await step(page, 'desk-case-two-columns', async () => {
      await page.getByRole('link', { name: /最低生活保障.*刘\*/ }).click()
      await expect(page.getByRole('heading', { name: '事项办理' })).toBeVisible()
      const facts = (await page.getByRole('region', { name: '申请人' }).boundingBox())!
      const check = (await page.getByRole('region', { name: '家庭经济状况核对' }).boundingBox())!
      const actions = (await page.getByRole('region', { name: '选择办理操作' }).boundingBox())!
      // Facts on the left, the check report and the actions beside them on the right, both in the first screen.
      expect(facts.x + facts.width, `facts ${JSON.stringify(facts)} left of the check ${JSON.stringify(check)}`).toBeLessThanOrEqual(check.x)
      expect(check.y, 'the check sits beside the facts').toBeLessThan(facts.y + facts.height)
      expect(actions.y, 'the actions are above the fold').toBeLessThan(DESK.height)
      expect(facts.width, 'the facts use the width of the desk').toBeGreaterThan(500)
      expect(check.width, 'the check uses the width of the desk').toBeGreaterThan(400)
      expect(await page.getByRole('button', { name: /查看完整/ }).count()).toBeGreaterThanOrEqual(2)
      expect(await seriousViolations(page)).toEqual([])
      await saveScreenshot(page, 'staff-desk-case-1280')
    })

    await step(page, 'desk-decision-undo', async () => {
      await page.goto('/staff')
      await page.getByRole('link', { name: /临时救助.*陈\*\*/ }).click()
      await expect(page.getByRole('heading', { name: '事项办理' })).toBeVisible()
      const caseId = new URL(page.url()).pathname.split('/').pop()!
      await page.getByRole('radio', { name: '不予批准', exact: true }).check()
      await page.getByLabel('理由（申请人可见）').fill('家庭人均收入高于当地标准')
      await page.getByRole('button', { name: '不予批准', exact: true }).click()
      const dialog = page.getByRole('dialog', { name: '确定不予批准吗？' })
      await expect(dialog.getByText('理由：家庭人均收入高于当地标准')).toBeVisible()
      await dialog.getByRole('button', { name: '确定不予批准' }).click()
      await expect(dialog).toBeHidden()
      await expect(page.getByRole('status').getByText('将不予批准“临时救助”')).toBeVisible()
      await saveScreenshot(page, 'staff-desk-undo-1280')
      await page.getByRole('button', { name: '撤销' }).click()
      // Undone: the form is back as it was, and the server never heard of it.
      await expect(page.getByRole('button', { name: '不予批准', exact: true })).toBeVisible()
      await expect(page.getByLabel('理由（申请人可见）')).toHaveValue('家庭人均收入高于当地标准')
      const view = (await pageApi<{ case: { status: string }, allowedActions: string[] }>(page, 'GET', `/api/staff/cases/${caseId}`)).json
      expect(view.case.status).toBe('submitted')
      const audit = (await pageApi<{ entries: { action: string }[] }>(page, 'GET', `/api/staff/audit?subjectType=case&subjectId=${caseId}`)).json.entries
      expect(audit.filter(e => e.action === 'case_transition'), 'no transition reached the audit log').toEqual([])
    })

    await step(page, 'desk-coverage-export', async () => {
      await page.goto('/staff/coverage')
      await expect(page.locator('li.village').first()).toBeVisible()
      const { download, book } = await exportFrom(page)
      expect(download.suggestedFilename()).toMatch(/^探访覆盖-安乐镇-\d{4}-Q[1-4]-\d{4}-\d{2}-\d{2}\.xlsx$/)
      expect(book.worksheets.map(ws => ws.name)).toEqual(['各村探访情况', '紧急情况', '90天未探访', '退出救助仍需探访'])
      const villages = book.worksheets[0]
      expect(columnValues(villages, 1)).toEqual([...await page.locator('li.village .name').allTextContents().then(a => a.map(s => s.trim())), '安乐镇合计'])
      // Households only masked, never a full name.
      const text = book.worksheets.flatMap(ws => ws.getSheetValues().flat().map(v => String(v ?? ''))).join(' ')
      for (const member of DEMO_HOUSEHOLDS.flatMap(h => h.members))
        expect(text, `${member.name} is not in the coverage export`).not.toContain(member.name)
      expect(await seriousViolations(page)).toEqual([])
      await saveScreenshot(page, 'staff-desk-coverage-1280')
    })

    await step(page, 'desk-completeness-export', async () => {
      await page.goto('/staff/list')
      const table = page.getByRole('table', { name: /清单完整度/ })
      await expect(table).toBeVisible()
      const { download, book } = await exportFrom(page)
      expect(download.suggestedFilename()).toMatch(/^清单完整度-安乐镇-\d{4}-Q[1-4]-\d{4}-\d{2}-\d{2}\.xlsx$/)
      const ws = book.worksheets[0]
      expect(columnValues(ws, 1)).toEqual(await table.locator('tbody th').allTextContents().then(a => a.map(s => s.trim())))
      expect((ws.getRow(1).values as string[]).slice(1)).toEqual(await table.locator('thead th').allTextContents().then(a => a.map(s => s.trim()).filter(s => s !== '打印本村清单')))
      expect(await seriousViolations(page)).toEqual([])
      await saveScreenshot(page, 'staff-desk-completeness-1280')
    })
  })

  test('keeps the same screens usable on a 360 px phone', async ({ page }) => {
    await step(page, 'phone-queue', async () => {
      await signInStaff(page, 'town', '/staff')
      await expect(page.getByRole('table', { name: /待审核事项/ })).toBeVisible()
      expect(await fitsWidth(page), 'the queue fits the phone').toBe(true)
      // The headers are hidden on a phone: the order is chosen from a menu.
      await page.getByRole('button', { name: /^排序：/ }).click()
      await page.getByRole('menuitem', { name: '事项（降序）' }).click()
      await expect(page.locator('tbody td.col-item').first()).toContainText('临时救助')
      await saveScreenshot(page, 'staff-desk-queue-360')
    })

    await step(page, 'phone-case', async () => {
      await page.getByRole('link', { name: /最低生活保障.*刘\*/ }).click()
      await expect(page.getByRole('heading', { name: '事项办理' })).toBeVisible()
      const facts = (await page.getByRole('region', { name: '申请人' }).boundingBox())!
      const check = (await page.getByRole('region', { name: '家庭经济状况核对' }).boundingBox())!
      expect(check.y, 'one column on a phone: the check comes after the facts').toBeGreaterThan(facts.y + facts.height)
      expect(await fitsWidth(page), 'the case page fits the phone').toBe(true)
      await saveScreenshot(page, 'staff-desk-case-360')
    })

    await step(page, 'phone-coverage-and-list', async () => {
      for (const path of ['/staff/coverage', '/staff/list']) {
        await page.goto(path)
        await expect(page.getByRole('button', { name: '导出 Excel' })).toBeVisible()
        expect(await fitsWidth(page), `${path} fits the phone`).toBe(true)
      }
      await saveScreenshot(page, 'staff-desk-completeness-360')
    })
  })
})
