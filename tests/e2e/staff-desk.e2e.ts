import type { Browser, Download, Page } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { seriousViolations } from './axe'
import { bindAtOffice, pageApi, phoneContext, saveScreenshot, signInResident, signInStaff, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

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

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

async function apply(plan: typeof APPLICATIONS[number]): Promise<void> {
  const context = await phoneContext(browser, server.url)
  try {
    const page = await context.newPage()
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
    assert.equal(res.status, 201, JSON.stringify(res.json))
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

describe('staff workbench at a desk', () => {
  it('sorts the queue, reads a case in two columns, undoes a decision and exports three pages', { timeout: TEST_TIMEOUT_MS * 2 }, async (t) => {
    for (const plan of APPLICATIONS)
      await apply(plan)

    const context = await browser.newContext({ baseURL: server.url, viewport: DESK, locale: 'zh-CN', acceptDownloads: true })
    t.after(() => context.close())
    const page = await context.newPage()

    await step(page, 'desk-queue-table', async () => {
      await signInStaff(page, 'town', '/staff')
      const table = page.getByRole('table', { name: /待审核事项/ })
      await table.waitFor()
      // 民政's three cases (医疗救助 waits for 医保), oldest first, with counts above.
      assert.equal(await table.locator('tbody tr').count(), 3)
      assert.deepEqual(await table.locator('tbody td.col-item').allTextContents().then(a => a.map(s => s.trim().split(' · ')[0])), ['最低生活保障（低保）', '临时救助', '临时救助'])
      await page.getByTestId('queue-counts').getByText('共 3 件').waitFor()
      await page.getByTestId('queue-counts').getByText('已提交 3').waitFor()
      // Vant controls only: no native select or checkbox on the page.
      assert.equal(await page.locator('select, input[type=checkbox]').count(), 0)
      assert.deepEqual(await seriousViolations(page), [])
    })

    await step(page, 'desk-queue-sort', async () => {
      const table = page.getByRole('table', { name: /待审核事项/ })
      const itemHeader = table.getByRole('columnheader', { name: '事项' })
      assert.equal(await itemHeader.getAttribute('aria-sort'), 'none')
      await itemHeader.getByRole('button').click()
      await page.waitForFunction(() => document.querySelector('th.col-item')?.getAttribute('aria-sort') === 'ascending')
      await itemHeader.getByRole('button').click()
      await page.waitForFunction(() => document.querySelector('th.col-item')?.getAttribute('aria-sort') === 'descending')
      const api = (await pageApi<{ cases: QueueRow[] }>(page, 'GET', '/api/staff/cases?sort=item&order=desc')).json.cases
      await page.waitForFunction(first => document.querySelector('tbody td.col-number')?.textContent?.trim() === first, api[0].applicationNumber)
      assert.deepEqual(await table.locator('tbody td.col-number').allTextContents().then(a => a.map(s => s.trim())), api.map(r => r.applicationNumber))
      assert.equal(api.at(-1)!.itemName, '最低生活保障（低保）')
      await saveScreenshot(page, 'staff-desk-queue-1280')
    })

    await step(page, 'desk-queue-export', async () => {
      const { download, book } = await exportFrom(page)
      assert.match(download.suggestedFilename(), /^待审核事项-安乐镇-\d{4}-\d{2}-\d{2}\.xlsx$/)
      const ws = book.worksheets[0]
      assert.deepEqual((ws.getRow(1).values as string[]).slice(1), ['申请编号', '事项', '申请人', '乡镇（街道）', '状态', '提交时间', '办理期限', '超期'])
      // The file lists what the table shows, in the order it was sorted, masked as on screen.
      assert.deepEqual(columnValues(ws, 1), await page.locator('tbody td.col-number').allTextContents().then(a => a.map(s => s.trim())))
      assert.deepEqual(columnValues(ws, 3).sort(), ['刘*', '王**', '陈**'])
    })

    await step(page, 'desk-case-two-columns', async () => {
      await page.getByRole('link', { name: /最低生活保障.*刘\*/ }).click()
      await page.getByRole('heading', { name: '事项办理' }).waitFor()
      const facts = (await page.getByRole('region', { name: '申请人' }).boundingBox())!
      const check = (await page.getByRole('region', { name: '家庭经济状况核对' }).boundingBox())!
      const actions = (await page.getByRole('region', { name: '选择办理操作' }).boundingBox())!
      // Facts on the left, the check report and the actions beside them on the right, both in the first screen.
      assert.ok(facts.x + facts.width <= check.x, `facts ${JSON.stringify(facts)} left of the check ${JSON.stringify(check)}`)
      assert.ok(check.y < facts.y + facts.height && actions.y < DESK.height, 'the check and the actions sit beside the facts, above the fold')
      assert.ok(facts.width > 500 && check.width > 400, 'each column uses the width of the desk')
      assert.equal(await page.getByRole('button', { name: /查看完整/ }).count() >= 2, true)
      assert.deepEqual(await seriousViolations(page), [])
      await saveScreenshot(page, 'staff-desk-case-1280')
    })

    await step(page, 'desk-decision-undo', async () => {
      await page.goto('/staff')
      await page.getByRole('link', { name: /临时救助.*陈\*\*/ }).click()
      await page.getByRole('heading', { name: '事项办理' }).waitFor()
      const caseId = new URL(page.url()).pathname.split('/').pop()!
      await page.getByRole('radio', { name: '不予批准', exact: true }).check()
      await page.getByLabel('理由（申请人可见）').fill('家庭人均收入高于当地标准')
      await page.getByRole('button', { name: '不予批准', exact: true }).click()
      const dialog = page.getByRole('dialog', { name: '确定不予批准吗？' })
      await dialog.getByText('理由：家庭人均收入高于当地标准').waitFor()
      await dialog.getByRole('button', { name: '确定不予批准' }).click()
      await dialog.waitFor({ state: 'hidden' })
      await page.getByRole('status').getByText('将不予批准“临时救助”').waitFor()
      await saveScreenshot(page, 'staff-desk-undo-1280')
      await page.getByRole('button', { name: '撤销' }).click()
      // Undone: the form is back as it was, and the server never heard of it.
      await page.getByRole('button', { name: '不予批准', exact: true }).waitFor()
      assert.equal(await page.getByLabel('理由（申请人可见）').inputValue(), '家庭人均收入高于当地标准')
      const view = (await pageApi<{ case: { status: string }, allowedActions: string[] }>(page, 'GET', `/api/staff/cases/${caseId}`)).json
      assert.equal(view.case.status, 'submitted')
      const audit = (await pageApi<{ entries: { action: string }[] }>(page, 'GET', `/api/staff/audit?subjectType=case&subjectId=${caseId}`)).json.entries
      assert.equal(audit.filter(e => e.action === 'case_transition').length, 0, 'no transition reached the audit log')
    })

    await step(page, 'desk-coverage-export', async () => {
      await page.goto('/staff/coverage')
      await page.locator('li.village').first().waitFor()
      const { download, book } = await exportFrom(page)
      assert.match(download.suggestedFilename(), /^探访覆盖-安乐镇-\d{4}-Q[1-4]-\d{4}-\d{2}-\d{2}\.xlsx$/)
      assert.deepEqual(book.worksheets.map(ws => ws.name), ['各村探访情况', '紧急情况', '90天未探访', '退出救助仍需探访'])
      const villages = book.worksheets[0]
      assert.deepEqual(columnValues(villages, 1), [...await page.locator('li.village .name').allTextContents().then(a => a.map(s => s.trim())), '安乐镇合计'])
      // Households only masked, never a full name.
      const text = book.worksheets.flatMap(ws => ws.getSheetValues().flat().map(v => String(v ?? ''))).join(' ')
      for (const member of DEMO_HOUSEHOLDS.flatMap(h => h.members))
        assert.ok(!text.includes(member.name), `${member.name} is not in the coverage export`)
      assert.deepEqual(await seriousViolations(page), [])
      await saveScreenshot(page, 'staff-desk-coverage-1280')
    })

    await step(page, 'desk-completeness-export', async () => {
      await page.goto('/staff/list')
      const table = page.getByRole('table', { name: /清单完整度/ })
      await table.waitFor()
      const { download, book } = await exportFrom(page)
      assert.match(download.suggestedFilename(), /^清单完整度-安乐镇-\d{4}-Q[1-4]-\d{4}-\d{2}-\d{2}\.xlsx$/)
      const ws = book.worksheets[0]
      assert.deepEqual(columnValues(ws, 1), await table.locator('tbody th').allTextContents().then(a => a.map(s => s.trim())))
      assert.deepEqual((ws.getRow(1).values as string[]).slice(1), await table.locator('thead th').allTextContents().then(a => a.map(s => s.trim()).filter(s => s !== '打印本村清单')))
      assert.deepEqual(await seriousViolations(page), [])
      await saveScreenshot(page, 'staff-desk-completeness-1280')
    })
  })

  it('keeps the same screens usable on a 360 px phone', { timeout: TEST_TIMEOUT_MS }, async (t) => {
    const context = await phoneContext(browser, server.url)
    t.after(() => context.close())
    const page = await context.newPage()

    await step(page, 'phone-queue', async () => {
      await signInStaff(page, 'town', '/staff')
      await page.getByRole('table', { name: /待审核事项/ }).waitFor()
      assert.ok(await fitsWidth(page), 'the queue fits the phone')
      // The headers are hidden on a phone: the order is chosen from a menu.
      await page.getByRole('button', { name: /^排序：/ }).click()
      await page.getByRole('menuitem', { name: '事项（降序）' }).click()
      await page.waitForFunction(() => document.querySelector('tbody td.col-item')?.textContent?.includes('临时救助'))
      await saveScreenshot(page, 'staff-desk-queue-360')
    })

    await step(page, 'phone-case', async () => {
      await page.getByRole('link', { name: /最低生活保障.*刘\*/ }).click()
      await page.getByRole('heading', { name: '事项办理' }).waitFor()
      const facts = (await page.getByRole('region', { name: '申请人' }).boundingBox())!
      const check = (await page.getByRole('region', { name: '家庭经济状况核对' }).boundingBox())!
      assert.ok(check.y > facts.y + facts.height, 'one column on a phone: the check comes after the facts')
      assert.ok(await fitsWidth(page), 'the case page fits the phone')
      await saveScreenshot(page, 'staff-desk-case-360')
    })

    await step(page, 'phone-coverage-and-list', async () => {
      for (const path of ['/staff/coverage', '/staff/list']) {
        await page.goto(path)
        await page.getByRole('button', { name: '导出 Excel' }).waitFor()
        assert.ok(await fitsWidth(page), `${path} fits the phone`)
      }
      await saveScreenshot(page, 'staff-desk-completeness-360')
    })
  })
})
