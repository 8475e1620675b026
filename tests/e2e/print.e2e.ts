/**
 * Printing on an 80 mm receipt printer (issue #7, kiosk): the application receipt, the progress of
 * one application and the household's 幸福清单, each laid out for a 72 mm wide printed column.
 * The print dialog itself cannot be driven, so window.print is replaced by a no-op, the page's own
 * 打印小票 button sets the paper, and Chromium's print media and PDF printer show what goes on paper.
 *
 * And on A4 (issue #15): the quarterly list (一户一单) of a household and a village's lists fit an
 * A4 portrait page within its margins, with the time of printing in Beijing time.
 */
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { quarterLabel, quarterOf } from '../../src/domain/quarter'
import { formatDateTime, shanghaiToday } from '../../src/domain/time'
import { KIOSK_STORAGE_KEY } from '../../src/features/kiosk/store'
import { residentAppliesForDibaoAndMedical } from './application-flow'
import { ARTIFACTS, bindAtOffice, PHONE, phoneContext, signInResident, signInStaff, step, TEST_TIMEOUT_MS, withServerAndBrowser } from './support'

const OUT = join(ARTIFACTS, 'print')
const PX_PER_MM = 96 / 25.4
/** 80 mm in CSS pixels: the width of the roll. */
const ROLL_PX = Math.round(80 * PX_PER_MM)
/** A4 portrait is 210 mm wide; the sheet's @page leaves 15 mm each side: 180 mm of print. */
const A4_PRINTED_PX = Math.floor((210 - 2 * 15) * PX_PER_MM)
const RESIDENT_PHONE = '13800138071'
const A4_RESIDENT_PHONE = '13800138072'

let server: RunningServer
let browser: Browser

withServerAndBrowser((s, b) => {
  server = s
  browser = b
})

interface PaperReport {
  paper: string | null
  bodyWidth: number
  fontSize: number
  scrollWidth: number
  clientWidth: number
  sticksOut: string[]
  visibleButtons: string[]
  text: string
}

/** What the printed page looks like, read in print media. */
async function readPaper(page: Page): Promise<PaperReport> {
  // tsx names the helper arrow functions below with its own __name(), unknown in the page.
  await page.evaluate('globalThis.__name ??= f => f')
  return page.evaluate(() => {
    const body = document.body.getBoundingClientRect()
    const right = Math.min(window.innerWidth, body.right) + 0.5
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 30)}"`
    const shown = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
    const sticksOut: string[] = []
    for (const el of document.body.querySelectorAll('*')) {
      if (!shown(el))
        continue
      const box = el.getBoundingClientRect()
      if (box.width > 0 && (box.right > right || box.left < body.left - 0.5))
        sticksOut.push(`${name(el)} ${Math.round(box.left)}–${Math.round(box.right)}`)
      // Clipped, not sticking out: text cut off inside a box that hides its overflow.
      // (.sr-only text is clipped to 1 px on purpose: it is not on paper.)
      if (getComputedStyle(el).overflowX !== 'visible' && el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1)
        sticksOut.push(`${name(el)} clips ${el.scrollWidth} > ${el.clientWidth}`)
    }
    // Text that runs past its box (a long number that does not wrap) shows in its own rectangles.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    const range = document.createRange()
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim() || !node.parentElement || !shown(node.parentElement))
        continue
      range.selectNodeContents(node)
      for (const r of range.getClientRects()) {
        if (r.width > 0 && r.right > right)
          sticksOut.push(`text "${node.textContent.trim().slice(0, 30)}" ends at ${Math.round(r.right)}`)
      }
    }
    // A policy word that explains itself on tap is a button around text: the text prints.
    const visibleButtons = [...document.querySelectorAll('button:not(.term-word), .van-button, [role="button"]')].filter(shown).map(name)
    return {
      paper: document.documentElement.getAttribute('data-paper'),
      bodyWidth: body.width,
      fontSize: Number.parseFloat(getComputedStyle(document.body).fontSize),
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      sticksOut,
      visibleButtons,
      // innerText, not textContent: only what is laid out, i.e. what goes on paper.
      // eslint-disable-next-line unicorn/prefer-dom-node-text-content
      text: document.body.innerText,
    }
  })
}

/** Prints the open page with its 打印小票 button and checks the paper; `expected` must be on it. */
async function printReceipt(page: Page, name: string, expected: (string | RegExp)[]): Promise<string> {
  await page.setViewportSize({ width: ROLL_PX, height: 900 })
  await page.evaluate(() => {
    window.print = () => {}
  })
  await page.getByRole('button', { name: '打印小票' }).click()
  await page.emulateMedia({ media: 'print' })
  const paper = await readPaper(page)
  assert.equal(paper.paper, 'receipt')
  // 72 mm printed column, 12–13 px type.
  assert.ok(Math.abs(paper.bodyWidth - 72 / 25.4 * 96) < 1, `72 mm wide (${paper.bodyWidth} px)`)
  assert.ok(paper.fontSize >= 12 && paper.fontSize <= 13, `base text ${paper.fontSize} px`)
  assert.ok(paper.scrollWidth <= paper.clientWidth, `no sideways scroll (${paper.scrollWidth} > ${paper.clientWidth})`)
  assert.deepEqual(paper.sticksOut, [], 'nothing past the right edge or cut off')
  assert.deepEqual(paper.visibleButtons, [], 'no buttons on paper')
  for (const part of expected)
    assert.ok(typeof part === 'string' ? paper.text.includes(part) : part.test(paper.text), `on paper: ${part}`)
  // Never a whole ID number (18 characters) or mobile number on paper.
  assert.doesNotMatch(paper.text, /(?<!\d)\d{17}[\dX](?!\d)/i, 'no unmasked ID number')
  assert.doesNotMatch(paper.text, /(?<!\d)1\d{10}(?!\d)/, 'no unmasked mobile number')

  mkdirSync(OUT, { recursive: true })
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true })
  // The page's own @page rule: 80 mm wide and as long as the receipt, so one page, no cut.
  const pdf = await page.pdf({ width: '80mm', preferCSSPageSize: true })
  writeFileSync(join(OUT, `${name}.pdf`), pdf)
  const raw = pdf.toString('latin1')
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-')
  const pages = raw.match(/\/Type\s*\/Page\b/g) ?? []
  assert.equal(pages.length, 1, `one receipt, not cut into pages (${pages.length})`)
  const box = /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]/.exec(raw)
  assert.ok(box, 'the PDF has a page size')
  assert.ok(Math.abs(Number(box[1]) - 80 / 25.4 * 72) < 1, `80 mm wide (${box[1]} pt)`)

  // After printing the page is as it was.
  await page.emulateMedia({ media: 'screen' })
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-paper')), false)
  return paper.text
}

describe('receipts on an 80 mm printer', () => {
  it('prints the application receipt, its progress and the household\'s list', { timeout: TEST_TIMEOUT_MS * 2 }, async (t) => {
    const context = await phoneContext(browser, server.url)
    t.after(() => context.close())
    const page = await context.newPage()

    const application = await step(page, 'print-apply', () => residentAppliesForDibaoAndMedical(page, server, RESIDENT_PHONE))

    await step(page, 'print-application-receipt', async () => {
      const text = await printReceipt(page, 'application-receipt', [
        '幸福码 · 社会救助申请回执',
        '申请编号',
        application.number,
        /\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2} 提交 · 申请人 刘\*/,
        '最低生活保障（低保）',
        '医疗救助',
        '民政部门',
        '用申请编号和申请人身份证号后 6 位查询',
      ])
      assert.ok(!text.includes('刘芳'), 'the applicant\'s name is masked')
    })

    await step(page, 'print-progress', async () => {
      await page.setViewportSize({ width: 360, height: 740 })
      await page.goto(`/progress/${application.id}`)
      await page.getByText(`申请编号 ${application.number}`).waitFor()
      await printReceipt(page, 'progress', ['幸福码 · 办理进度', application.number, '最低生活保障（低保）', '医疗救助', /打印时间：\d{4}年/])
    })

    await step(page, 'print-list-on-kiosk', async () => {
      // A village kiosk: the receipt is its first and main button; its own overlay stays off paper.
      await page.setViewportSize({ width: 360, height: 740 })
      await page.evaluate(key => localStorage.setItem(key, JSON.stringify({ enabled: true, idleSeconds: 600, countdownSeconds: 30 })), KIOSK_STORAGE_KEY)
      await page.goto('/list')
      await page.getByRole('heading', { name: /年共收到/ }).waitFor()
      // The quarterly sheet, seen before, leaves its A4 @page rule in the document.
      await page.getByRole('link', { name: /^查看 .+清单$/ }).first().click()
      await page.getByRole('heading', { name: '季度清单' }).waitFor()
      await page.getByText('返回').click()
      await page.getByRole('heading', { name: /年共收到/ }).waitFor()
      const group = page.getByRole('group', { name: '打印' })
      assert.deepEqual(await group.getByRole('button').allInnerTexts(), ['打印小票', '打印 A4'])
      assert.ok(await page.locator('.kiosk-session').count() > 0, 'the kiosk overlay is there on screen')
      const text = await printReceipt(page, 'happiness-list', ['幸福码 · 幸福清单', '年份：', '全家', /年共收到/, /条记录/, /\d{4}年\d{1,2}月\d{1,2}日 · 已发放/])
      assert.ok(!text.includes('结束并清除'), 'no kiosk button on paper')
    })

    await step(page, 'print-list-a4', async () => {
      await page.setViewportSize({ width: 360, height: 740 })
      await page.getByRole('button', { name: '打印 A4' }).click()
      assert.equal(await page.evaluate(() => document.documentElement.dataset.paper), 'a4')
      await page.emulateMedia({ media: 'print' })
      const paper = await readPaper(page)
      assert.deepEqual(paper.visibleButtons, [], 'no buttons on paper')
      assert.ok(paper.text.includes('幸福码 · 幸福清单'))
      const pdf = await page.pdf({ preferCSSPageSize: true })
      writeFileSync(join(OUT, 'happiness-list-a4.pdf'), pdf)
      const box = /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'))
      assert.deepEqual(box?.slice(1).map(n => Math.round(Number(n))), [595, 842], 'an A4 page')
      await page.emulateMedia({ media: 'screen' })
      await page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
    })
  })
})

/**
 * What an A4 sheet looks like in print media, laid out at the printed width (Chromium lays a page
 * out at the paper's width less the margins, whatever the screen): nothing past the right edge,
 * no table wider than the paper, no text cut off.
 */
async function checkA4(page: Page, name: string): Promise<string> {
  await page.setViewportSize({ width: A4_PRINTED_PX, height: 1100 })
  await page.emulateMedia({ media: 'print' })
  const paper = await readPaper(page)
  assert.deepEqual(paper.sticksOut, [], 'nothing past the right edge or cut off')
  assert.ok(paper.scrollWidth <= paper.clientWidth, `no sideways scroll (${paper.scrollWidth} > ${paper.clientWidth})`)
  assert.deepEqual(paper.visibleButtons, [], 'no buttons on paper')
  // The tables themselves, named: each ends within the printed width, right border included.
  const tables = await page.evaluate(() => [...document.querySelectorAll('article table')].map(t => ({ right: t.getBoundingClientRect().right, width: t.getBoundingClientRect().width, scroll: t.scrollWidth })))
  assert.ok(tables.length > 0, 'tables on paper')
  for (const t of tables) {
    assert.ok(t.right <= A4_PRINTED_PX + 0.5, `a table ends at ${t.right} px, past the printed ${A4_PRINTED_PX} px`)
    assert.ok(t.scroll <= Math.ceil(t.width) + 1, `a table's content is wider (${t.scroll}) than the table (${t.width})`)
  }
  mkdirSync(OUT, { recursive: true })
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true })
  // The sheet's own @page: A4 portrait (595 × 842 pt).
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
  writeFileSync(join(OUT, `${name}.pdf`), pdf)
  const box = /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'))
  assert.deepEqual(box?.slice(1).map(n => Math.round(Number(n))), [595, 842], 'an A4 portrait page')
  await page.emulateMedia({ media: 'screen' })
  await page.setViewportSize(PHONE)
  return paper.text
}

describe('the quarterly list on A4', () => {
  it('fits a household\'s sheet and a village\'s sheets within the page, printed at Beijing time', { timeout: TEST_TIMEOUT_MS * 2 }, async (t) => {
    // A device whose clock zone is UTC: the time on paper is Beijing time all the same.
    const utcPhone = () => browser.newContext({ baseURL: server.url, viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'UTC' })
    const context = await utcPhone()
    t.after(() => context.close())
    const page = await context.newPage()
    const household = DEMO_HOUSEHOLDS[1]
    const quarter = quarterOf(shanghaiToday())

    await step(page, 'print-a4-quarter', async () => {
      await bindAtOffice(server, A4_RESIDENT_PHONE, household.members[0])
      await signInResident(page, server, A4_RESIDENT_PHONE)
      const before = new Date()
      await page.goto(`/list/quarter/${quarter}`)
      const sheet = page.getByRole('article')
      await sheet.getByRole('heading', { name: `幸福清单（${quarterLabel(quarter, 'zh-CN')}）` }).waitFor()
      const after = new Date()
      const text = await checkA4(page, 'quarter-a4')
      for (const part of [household.members[0].name, '本季度明细', '本季度合计', '走访人签字'])
        assert.ok(text.includes(part), `on paper: ${part}`)
      const printed = /打印时间：(\S+ \d{2}:\d{2})/.exec(text)?.[1]
      assert.ok(printed && [before, after].map(d => formatDateTime(d, 'zh-CN')).includes(printed), `printed at Beijing time (${printed})`)
      assert.doesNotMatch(text, /(?<!\d)\d{17}[\dX](?!\d)/i, 'no ID number on paper')
    })

    const staffContext = await utcPhone()
    t.after(() => staffContext.close())
    const staffPage = await staffContext.newPage()
    await step(staffPage, 'print-a4-village', async () => {
      await signInStaff(staffPage, 'town', '/staff')
      await staffPage.getByRole('heading', { name: '待审核事项' }).waitFor()
      await staffPage.goto(`/staff/list/339901001001/${quarter}`)
      await staffPage.getByRole('article', { name: new RegExp(household.members[0].name) }).waitFor()
      const sheets = await staffPage.getByRole('article').count()
      assert.ok(sheets >= 2, `every household of the village (${sheets})`)
      const text = await checkA4(staffPage, 'village-a4')
      assert.equal(text.match(/打印时间：/g)?.length, sheets, 'each sheet says when it was printed')
    })
  })
})
