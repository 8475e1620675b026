/**
 * Printing on an 80 mm receipt printer (issue #7, kiosk): the application receipt, the progress of
 * one application and the household's 幸福清单, each laid out for a 72 mm wide printed column.
 * The print dialog itself cannot be driven, so window.print is replaced by a no-op, the page's own
 * 打印小票 button sets the paper, and Chromium's print media and PDF printer show what goes on paper.
 *
 * And on A4 (issue #15): the quarterly list (一户一单) of a household and a village's lists fit an
 * A4 portrait page within its margins, with the time of printing in Beijing time.
 */
import type { Page } from '@playwright/test'
import { writeFileSync } from 'node:fs'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { quarterOf } from '../../src/domain/quarter'
import { formatDateTime, shanghaiToday } from '../../src/domain/time'
import { KIOSK_STORAGE_KEY } from '../../src/features/kiosk/store'
import { residentAppliesForDibaoAndMedical } from './application-flow'
import { expect, keptFile, step, test } from './fixtures'
import { bindAtOffice, signInResident, signInStaff } from './helpers'
import { PHONE } from './support'

const PX_PER_MM = 96 / 25.4
/** 80 mm in CSS pixels: the width of the roll. */
const ROLL_PX = Math.round(80 * PX_PER_MM)
/** A4 portrait is 210 mm wide; the sheet's @page leaves 15 mm each side: 180 mm of print. */
const A4_PRINTED_PX = Math.floor((210 - 2 * 15) * PX_PER_MM)
const RESIDENT_PHONE = '13800138071'
const A4_RESIDENT_PHONE = '13800138072'

/** The page size of a PDF Chromium printed, in points. */
function pdfPageSize(pdf: Buffer): number[] | undefined {
  return /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'))?.slice(1).map(Number)
}
/** A4 portrait in points. */
const A4_PT = [595, 842]

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
  // A transpiler that keeps function names (tsx does) wraps the arrow functions below in a __name() the page does not have.
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
  await expect(page.locator('html')).toHaveAttribute('data-paper', 'receipt')
  await page.emulateMedia({ media: 'print' })
  const paper = await readPaper(page)
  // 72 mm printed column, 12–13 px type.
  expect(Math.abs(paper.bodyWidth - 72 / 25.4 * 96), `72 mm wide (${paper.bodyWidth} px)`).toBeLessThan(1)
  expect(paper.fontSize, 'base text (px)').toBeGreaterThanOrEqual(12)
  expect(paper.fontSize, 'base text (px)').toBeLessThanOrEqual(13)
  expect(paper.scrollWidth, 'no sideways scroll').toBeLessThanOrEqual(paper.clientWidth)
  expect(paper.sticksOut, 'nothing past the right edge or cut off').toEqual([])
  expect(paper.visibleButtons, 'no buttons on paper').toEqual([])
  for (const part of expected) {
    if (typeof part === 'string')
      expect(paper.text, `on paper: ${part}`).toContain(part)
    else
      expect(paper.text, `on paper: ${part}`).toMatch(part)
  }
  // Never a whole ID number (18 characters) or mobile number on paper.
  expect(paper.text, 'no unmasked ID number').not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/i)
  expect(paper.text, 'no unmasked mobile number').not.toMatch(/(?<!\d)1\d{10}(?!\d)/)

  await page.screenshot({ path: keptFile(`print/${name}.png`), fullPage: true })
  // The page's own @page rule: 80 mm wide and as long as the receipt, so one page, no cut.
  const pdf = await page.pdf({ width: '80mm', preferCSSPageSize: true })
  writeFileSync(keptFile(`print/${name}.pdf`), pdf)
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []
  expect(pages.length, 'one receipt, not cut into pages').toBe(1)
  const size = pdfPageSize(pdf)
  expect(size, 'the PDF has a page size').toBeDefined()
  expect(Math.abs(size![0] - 80 / 25.4 * 72), `80 mm wide (${size![0]} pt)`).toBeLessThan(1)

  // After printing the page is as it was.
  await page.emulateMedia({ media: 'screen' })
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
  await expect(page.locator('html')).not.toHaveAttribute('data-paper')
  return paper.text
}

test.describe('receipts on an 80 mm printer', () => {
  test('prints the application receipt, its progress and the household\'s list', async ({ page, server }) => {
    test.slow()
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
      expect(text, 'the applicant\'s name is masked').not.toContain('刘芳')
    })

    await step(page, 'print-progress', async () => {
      await page.setViewportSize(PHONE)
      await page.goto(`/progress/${application.id}`)
      await expect(page.getByText(`申请编号 ${application.number}`)).toBeVisible()
      await printReceipt(page, 'progress', ['幸福码 · 办理进度', application.number, '最低生活保障（低保）', '医疗救助', /打印时间：\d{4}年/])
    })

    await step(page, 'print-list-on-kiosk', async () => {
      // A village kiosk: the receipt is its first and main button; its own overlay stays off paper.
      await page.setViewportSize(PHONE)
      await page.evaluate(key => localStorage.setItem(key, JSON.stringify({ enabled: true, idleSeconds: 600, countdownSeconds: 30 })), KIOSK_STORAGE_KEY)
      await page.goto('/list')
      await expect(page.getByRole('heading', { name: /年共收到/ })).toBeVisible()
      // The quarterly sheet, seen before, leaves its A4 @page rule in the document.
      await page.getByRole('link', { name: /^查看 .+清单$/ }).first().click()
      await expect(page.getByRole('heading', { name: '季度清单' })).toBeVisible()
      await page.getByText('返回').click()
      await expect(page.getByRole('heading', { name: /年共收到/ })).toBeVisible()
      await expect(page.getByRole('group', { name: '打印' }).getByRole('button')).toHaveText(['打印小票', '打印 A4'])
      await expect(page.locator('.kiosk-session').first(), 'the kiosk overlay is there on screen').toBeAttached()
      const text = await printReceipt(page, 'happiness-list', ['幸福码 · 幸福清单', '年份：', '全家', /年共收到/, /条记录/, /\d{4}年\d{1,2}月\d{1,2}日 · 已发放/])
      expect(text, 'no kiosk button on paper').not.toContain('结束并清除')
    })

    await step(page, 'print-list-a4', async () => {
      await page.setViewportSize(PHONE)
      await page.getByRole('button', { name: '打印 A4' }).click()
      await expect(page.locator('html')).toHaveAttribute('data-paper', 'a4')
      await page.emulateMedia({ media: 'print' })
      const paper = await readPaper(page)
      expect(paper.visibleButtons, 'no buttons on paper').toEqual([])
      expect(paper.text).toContain('幸福码 · 幸福清单')
      const pdf = await page.pdf({ preferCSSPageSize: true })
      writeFileSync(keptFile('print/happiness-list-a4.pdf'), pdf)
      expect(pdfPageSize(pdf)?.map(Math.round), 'an A4 page').toEqual(A4_PT)
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
  expect(paper.sticksOut, 'nothing past the right edge or cut off').toEqual([])
  expect(paper.scrollWidth, 'no sideways scroll').toBeLessThanOrEqual(paper.clientWidth)
  expect(paper.visibleButtons, 'no buttons on paper').toEqual([])
  // The tables themselves, named: each ends within the printed width, right border included.
  const tables = await page.evaluate(() => [...document.querySelectorAll('article table')].map(t => ({ right: t.getBoundingClientRect().right, width: t.getBoundingClientRect().width, scroll: t.scrollWidth })))
  expect(tables.length, 'tables on paper').toBeGreaterThan(0)
  for (const t of tables) {
    expect(t.right, `a table ends within the printed ${A4_PRINTED_PX} px`).toBeLessThanOrEqual(A4_PRINTED_PX + 0.5)
    expect(t.scroll, `a table's content is no wider than the table (${t.width})`).toBeLessThanOrEqual(Math.ceil(t.width) + 1)
  }
  await page.screenshot({ path: keptFile(`print/${name}.png`), fullPage: true })
  // The sheet's own @page: A4 portrait (595 × 842 pt).
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
  writeFileSync(keptFile(`print/${name}.pdf`), pdf)
  expect(pdfPageSize(pdf)?.map(Math.round), 'an A4 portrait page').toEqual(A4_PT)
  await page.emulateMedia({ media: 'screen' })
  await page.setViewportSize(PHONE)
  return paper.text
}

test.describe('the quarterly list on A4', () => {
  // A device whose clock zone is UTC: the time on paper is Beijing time all the same.
  test.use({ timezoneId: 'UTC' })

  test('fits a household\'s sheet and a village\'s sheets within the page, printed at Beijing time', async ({ page, newContext, server }) => {
    test.slow()
    const household = DEMO_HOUSEHOLDS[1]
    const quarter = quarterOf(shanghaiToday())

    await step(page, 'print-a4-quarter', async () => {
      await bindAtOffice(server, A4_RESIDENT_PHONE, household.members[0])
      await signInResident(page, server, A4_RESIDENT_PHONE)
      const before = new Date()
      await page.goto(`/list/quarter/${quarter}`)
      await expect(page.getByRole('article').getByRole('heading', { name: `幸福清单（${quarter.slice(0, 4)}年第${quarter.slice(-1)}季度）` })).toBeVisible()
      const after = new Date()
      const text = await checkA4(page, 'quarter-a4')
      for (const part of [household.members[0].name, '本季度明细', '本季度合计', '走访人签字'])
        expect(text, `on paper: ${part}`).toContain(part)
      const printed = /打印时间：(\S+ \d{2}:\d{2})/.exec(text)?.[1]
      expect([before, after].map(d => formatDateTime(d, 'zh-CN')), 'printed at Beijing time').toContain(printed)
      expect(text, 'no ID number on paper').not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/i)
    })

    const staffPage = await (await newContext()).newPage()
    await step(staffPage, 'print-a4-village', async () => {
      await signInStaff(staffPage, 'town', '/staff')
      await expect(staffPage.getByRole('heading', { name: '待审核事项' })).toBeVisible()
      await staffPage.goto(`/staff/list/339901001001/${quarter}`)
      await expect(staffPage.getByRole('article', { name: new RegExp(household.members[0].name) })).toBeVisible()
      const sheets = await staffPage.getByRole('article').count()
      expect(sheets, 'every household of the village').toBeGreaterThanOrEqual(2)
      const text = await checkA4(staffPage, 'village-a4')
      expect(text.match(/打印时间：/g)?.length, 'each sheet says when it was printed').toBe(sheets)
    })
  })
})
