import type { BrowserContext, Page } from '@playwright/test'
import type { NewContext } from './fixtures'
import type { RunningServer } from './support'
import { writeFileSync } from 'node:fs'
import { DEMO_PASSWORD } from '../../mock/demo-data'
import { CSRF_COOKIE } from '../../src/domain/http/csrf'
import { residentAppliesForDibaoAndMedical } from './application-flow'
import { axeFindings, BLOCKING_IMPACTS } from './axe'
import { expect, keptFile, test } from './fixtures'
import { pageApi } from './helpers'
import { NO_PHONE_EMULATION, PHONE } from './support'

// Issue #7: WCAG 2.2 AA on every route, in normal and 长辈版, on a phone and on a kiosk, checked
// with axe-core in real Chromium: zero serious or critical violations. The 长辈版 phone screens
// are kept as screenshots in the test's folder of test-results/e2e (elder/) for people to look at.
// Two e2e files run the sweep, one per screen size, so that the runner can take them side by side.

const KIOSK = { width: 1080, height: 1920 }
/** The whole sweep: some 70 pages, each checked by axe, on a machine shared with another file. */
const SWEEP_TIMEOUT_MS = 900_000
/** A page has drawn its content within this, or the sweep notes it and goes on. */
const SETTLE_TIMEOUT_MS = 10_000
const QUARTER = '2026-Q3'
const VILLAGE = '339901001001'

type Who = 'anonymous' | 'resident' | 'volunteer' | 'town'
interface Variant { name: string, viewport: { width: number, height: number }, elder: boolean, kiosk: boolean }

export const PHONE_VARIANTS: Variant[] = [
  { name: 'phone', viewport: PHONE, elder: false, kiosk: false },
  { name: 'phone-elder', viewport: PHONE, elder: true, kiosk: false },
]
export const KIOSK_VARIANTS: Variant[] = [
  { name: 'kiosk', viewport: KIOSK, elder: false, kiosk: true },
  { name: 'kiosk-elder', viewport: KIOSK, elder: true, kiosk: true },
]

const ids = { application: '', caseId: '', token: '', warningId: '' }

async function signInWithPassword(page: Page, username: string) {
  // The sign-in page asks the API for its health first, which sets the CSRF cookie pageApi sends.
  await page.goto('/login')
  await expect.poll(async () => (await page.context().cookies()).some(c => c.name === CSRF_COOKIE)).toBe(true)
  const res = await pageApi(page, 'POST', '/api/auth/login', { username, password: DEMO_PASSWORD })
  expect(res.status, `${username} signs in`).toBe(200)
}

/**
 * The sweep over every route for these variants, one browser window per person, each resized to
 * the variant's screen. One test per e2e file (a11y-phone, a11y-kiosk), so that two workers take them side by side.
 */
export async function axeSweep(variants: Variant[], { newContext, server }: { newContext: NewContext, server: RunningServer }): Promise<void> {
  test.setTimeout(SWEEP_TIMEOUT_MS)
  const contexts = new Map<Who, BrowserContext>()
  for (const who of ['anonymous', 'resident', 'volunteer', 'town'] as const)
    contexts.set(who, await newContext({ ...NO_PHONE_EMULATION, viewport: PHONE, hasTouch: true }))
  await test.step('sign in as each person', () => signInEveryone(contexts, server))
  await sweep(variants, contexts)
}

async function signInEveryone(contexts: Map<Who, BrowserContext>, server: RunningServer) {
  const resident = await contexts.get('resident')!.newPage()
  ids.application = (await residentAppliesForDibaoAndMedical(resident, server, '13600136000')).id
  ids.token = (await pageApi<{ token: string }>(resident, 'GET', '/api/household-code')).json.token
  await resident.close()

  const volunteer = await contexts.get('volunteer')!.newPage()
  await signInWithPassword(volunteer, 'volunteer')
  await volunteer.close()

  const town = await contexts.get('town')!.newPage()
  await signInWithPassword(town, 'town')
  const queue = await pageApi<{ cases: { id: string }[] }>(town, 'GET', '/api/staff/cases')
  ids.caseId = queue.json.cases[0]!.id
  // The demo raises warnings in the town's villages (mock/demo-warnings.ts): one of them is swept.
  const warnings = await pageApi<{ warnings: { id: string }[] }>(town, 'GET', '/api/staff/warnings')
  expect(warnings.json.warnings.length, 'the demo town has warnings to verify').toBeGreaterThan(0)
  ids.warningId = warnings.json.warnings[0]!.id
  await town.close()
}

/** Every route of src/app/router.ts, opened as the person it is for. */
function routes(): { who: Who, path: string }[] {
  return [
    ...['/login', '/diagnosis', '/kiosk', '/kiosk/setup', '/handoff', '/no-such-page', `/h/${ids.token}`].map(path => ({ who: 'anonymous' as const, path })),
    ...['/', '/progress', `/progress/${ids.application}`, `/apply/receipt/${ids.application}`, '/apply', '/diagnosis/result', '/code', '/me', '/bind', '/list', `/list/quarter/${QUARTER}`, '/needs', '/needs/new', '/visits']
      .map(path => ({ who: 'resident' as const, path })),
    ...['/volunteer', '/volunteer/scan', '/volunteer/visits', '/volunteer/needs', `/volunteer/needs/new?token=${ids.token}`, `/h/${ids.token}`, `/h/${ids.token}/visit`]
      .map(path => ({ who: 'volunteer' as const, path })),
    ...['/staff', `/staff/cases/${ids.caseId}`, '/staff/list', `/staff/list/${VILLAGE}/${QUARTER}`, '/staff/coverage', '/staff/field-workers', '/staff/needs', '/staff/visits/confirmations', '/staff/bind', '/staff/warnings', `/staff/warnings/${ids.warningId}`, '/staff/warnings/report']
      .map(path => ({ who: 'town' as const, path })),
  ]
}

/** Visible text smaller than 18 px (MIIT's elder-friendly minimum), as "<size> px: <text>". */
async function textUnder18px(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const text = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent!.trim()).join('')
      if (!text || el.closest('.sr-only') || !el.checkVisibility({ visibilityProperty: true }))
        continue
      const size = Number.parseFloat(getComputedStyle(el).fontSize)
      if (size < 18)
        found.push(`${size} px: ${text.slice(0, 30)}`)
    }
    return [...new Set(found)]
  })
}

/**
 * Text whose line is shorter than its letters (a 16 px tag line around 18 px 长辈版 text): the
 * letters spill out of their box. As "<size>/<line> px: <text>".
 */
async function textTallerThanItsLine(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const text = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent!.trim()).join('')
      if (!text || el.closest('.sr-only') || !el.checkVisibility({ visibilityProperty: true }))
        continue
      const style = getComputedStyle(el)
      const size = Number.parseFloat(style.fontSize)
      // "normal" is about 1.2 times the size: only a line set in pixels can be too short.
      const line = style.lineHeight.endsWith('px') ? Number.parseFloat(style.lineHeight) : Number.POSITIVE_INFINITY
      if (line < size)
        found.push(`${size}/${line} px: ${text.slice(0, 30)}`)
    }
    return [...new Set(found)]
  })
}

/**
 * Empty text fields whose hint (placeholder) is wider than the room the field has, so that it is
 * cut (长辈版 at 360 px: "6 位数字" beside a button showed "6 位数"). As "<hint> (<needed>/<room> px)".
 */
async function hintsCutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = []
    const canvas = document.createElement('canvas').getContext('2d')!
    for (const input of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]')) {
      if (input.value || !input.placeholder || !input.checkVisibility({ visibilityProperty: true }))
        continue
      const style = getComputedStyle(input, '::placeholder')
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
      const needed = canvas.measureText(input.placeholder).width
      const room = input.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight)
      // Textareas wrap their hint; only a single line can be cut.
      if (input instanceof HTMLInputElement && needed > room + 1)
        found.push(`${input.placeholder} (${Math.ceil(needed)}/${Math.floor(room)} px)`)
    }
    return found
  })
}

/**
 * Radios a screen reader cannot place: without a name, or outside a named group (a fieldset
 * with a legend, or a radiogroup/group with a label). "是" alone says nothing.
 */
async function radiosWithoutGroupName(page: Page): Promise<string[]> {
  // No functions declared inside: tsx would wrap them in a helper the page does not have.
  return page.evaluate(() => {
    const found: string[] = []
    for (const radio of document.querySelectorAll('input[type="radio"], [role="radio"]')) {
      const label = radio.closest('label') ?? (radio.id ? document.querySelector(`label[for="${radio.id}"]`) : null) ?? (radio.getAttribute('role') === 'radio' ? radio : null)
      const name = (radio.getAttribute('aria-label') ?? label?.textContent ?? '').replace(/\s+/g, ' ').trim()
      const legend = radio.closest('fieldset')?.querySelector(':scope > legend')?.textContent?.trim() ?? ''
      const group = radio.closest('[role="radiogroup"], [role="group"]')
      const labelledBy = (group?.getAttribute('aria-labelledby') ?? '').split(/\s+/).map(id => document.getElementById(id)?.textContent ?? '').join(' ')
      const groupName = legend || (group?.getAttribute('aria-label') ?? labelledBy).trim()
      if (!name || !groupName)
        found.push(`${name || '(no name)'} in ${groupName || '(no named group)'}`)
    }
    return found
  })
}

/** How many requests of the page are under way, from now on. */
function requestsUnderWay(page: Page): () => number {
  let pending = 0
  page.on('request', () => pending++)
  page.on('requestfinished', () => pending--)
  page.on('requestfailed', () => pending--)
  return () => pending
}

/** The page has drawn its content: a heading, no loading indicator, none of its requests under way, fonts loaded. */
async function settle(page: Page, pending: () => number) {
  await expect(page.locator('h1, h2').first(), 'a heading').toBeVisible({ timeout: SETTLE_TIMEOUT_MS })
  await expect(page.locator('.van-loading').locator('visible=true'), 'no loading indicator').toHaveCount(0, { timeout: SETTLE_TIMEOUT_MS })
  await expect.poll(pending, { message: 'no request under way', timeout: SETTLE_TIMEOUT_MS }).toBe(0)
  await page.evaluate(() => document.fonts.ready.then(() => true))
}

async function sweep(variants: Variant[], contexts: Map<Who, BrowserContext>) {
  const report: string[] = []
  const blocking: string[] = []
  const counts = { pages: 0, minor: 0, moderate: 0 }
  for (const variant of variants) {
    for (const { who, path } of routes()) {
      const context = contexts.get(who)!
      const page = await context.newPage()
      await page.setViewportSize(variant.viewport)
      await page.addInitScript(({ elder, kiosk }) => {
        localStorage.setItem('xfm.elderMode', String(elder))
        localStorage.setItem('xfm.kiosk', JSON.stringify({ enabled: kiosk, idleSeconds: 600, countdownSeconds: 30 }))
      }, { elder: variant.elder, kiosk: variant.kiosk })
      const pending = requestsUnderWay(page)
      await page.goto(path)
      const unsettled = await settle(page, pending).then(() => null, (error: Error) => error.message.split('\n')[0])
      if (unsettled) {
        await page.screenshot({ path: keptFile(`a11y-unsettled-${variant.name}-${who}${path.replace(/[^\w-]+/g, '_').slice(0, 60)}.png`) })
        blocking.push(`${variant.name} ${who} ${path}: the page never settled (${unsettled})`)
        await page.close()
        continue
      }
      const findings = await axeFindings(page)
      counts.pages++
      for (const f of findings) {
        const line = `${variant.name} ${who} ${path}: [${f.impact}] ${f.id} — ${f.help} (${f.targets.join(' | ')})`
        report.push(line)
        if (BLOCKING_IMPACTS.has(f.impact))
          blocking.push(line)
        else if (f.impact === 'minor' || f.impact === 'moderate')
          counts[f.impact]++
      }
      for (const radio of await radiosWithoutGroupName(page))
        blocking.push(`${variant.name} ${who} ${path}: radio ${radio}`)
      // 长辈版 for the people it is for (residents, and anyone before signing in): no text under 18 px.
      if (variant.elder && (who === 'resident' || who === 'anonymous')) {
        for (const small of await textUnder18px(page))
          blocking.push(`${variant.name} ${who} ${path}: text of ${small}`)
      }
      // Whoever turns 长辈版 on (an older volunteer too): no text spilling out of a line set too short for it.
      if (variant.elder) {
        for (const spilling of await textTallerThanItsLine(page))
          blocking.push(`${variant.name} ${who} ${path}: text taller than its line, ${spilling}`)
      }
      for (const hint of await hintsCutOff(page))
        blocking.push(`${variant.name} ${who} ${path}: a field's hint is cut off, ${hint}`)
      if (variant.name === 'phone-elder')
        await page.screenshot({ path: keptFile(`elder/${who}${path.replace(/[^\w-]+/g, '_').slice(0, 60)}.png`), fullPage: true })
      await page.close()
    }
  }
  writeFileSync(keptFile(`axe-report-${variants[0]!.name}.txt`), `${report.join('\n')}\n`)
  const summary = `${counts.pages} pages, ${blocking.length} serious/critical, ${counts.moderate} moderate, ${counts.minor} minor`
  console.log(`axe: ${summary}`)
  test.info().annotations.push({ type: 'axe', description: summary })
  expect(blocking, `serious or critical violations:\n${blocking.join('\n')}`).toEqual([])
}
