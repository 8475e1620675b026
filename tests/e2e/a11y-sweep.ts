import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { RunningServer } from './support'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { DEMO_PASSWORD } from '../../mock/demo-data'
import { residentAppliesForDibaoAndMedical } from './application-flow'
import { axeFindings, BLOCKING_IMPACTS } from './axe'
import { ARTIFACTS, failOnCspViolations, launchBrowser, pageApi, PHONE, startServer } from './support'

// Issue #7: WCAG 2.2 AA on every route, in normal and 长辈版, on a phone and on a kiosk, checked
// with axe-core in real Chromium: zero serious or critical violations. The 长辈版 phone screens
// are kept as screenshots in test-results/e2e/elder/ for people to look at.
// Two e2e files run the sweep, one per screen size, so that the runner can take them side by side.

const KIOSK = { width: 1080, height: 1920 }
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

let server: RunningServer
let browser: Browser
const contexts = new Map<Who, BrowserContext>()
const ids = { application: '', caseId: '', token: '' }

async function signInWithPassword(page: Page, username: string) {
  // The sign-in page asks the API for its health first, which sets the CSRF cookie pageApi sends.
  await page.goto('/login')
  await page.waitForLoadState('networkidle')
  const res = await pageApi(page, 'POST', '/api/auth/login', { username, password: DEMO_PASSWORD })
  assert.equal(res.status, 200, `${username} signs in`)
}

/** Registers the sweep over every route for these variants (call once per e2e file). */
export function axeSweep(variants: Variant[]): void {
  failOnCspViolations()
  before(setUp)
  after(tearDown)
  describe(`accessibility (axe-core, WCAG 2.2 AA), ${variants.map(v => v.name).join(' and ')}`, () => {
    it('finds no serious or critical violation on any route', { timeout: 900_000 }, () => sweep(variants))
  })
}

async function setUp() {
  server = await startServer()
  browser = await launchBrowser()
  for (const who of ['anonymous', 'resident', 'volunteer', 'town'] as const)
    contexts.set(who, await browser.newContext({ baseURL: server.url, viewport: PHONE, hasTouch: true, locale: 'zh-CN' }))

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
  await town.close()
}

async function tearDown() {
  for (const context of contexts.values())
    await context.close()
  await browser?.close()
  await server?.stop()
}

/** Every route of src/app/router.ts, opened as the person it is for. */
function routes(): { who: Who, path: string }[] {
  return [
    ...['/login', '/diagnosis', '/kiosk', '/kiosk/setup', '/handoff', '/no-such-page', `/h/${ids.token}`].map(path => ({ who: 'anonymous' as const, path })),
    ...['/', '/progress', `/progress/${ids.application}`, `/apply/receipt/${ids.application}`, '/apply', '/diagnosis/result', '/code', '/me', '/bind', '/list', `/list/quarter/${QUARTER}`, '/needs', '/needs/new', '/visits']
      .map(path => ({ who: 'resident' as const, path })),
    ...['/volunteer', '/volunteer/scan', '/volunteer/visits', '/volunteer/needs', `/volunteer/needs/new?token=${ids.token}`, `/h/${ids.token}`, `/h/${ids.token}/visit`]
      .map(path => ({ who: 'volunteer' as const, path })),
    ...['/staff', `/staff/cases/${ids.caseId}`, '/staff/list', `/staff/list/${VILLAGE}/${QUARTER}`, '/staff/coverage', '/staff/field-workers', '/staff/needs', '/staff/visits/confirmations']
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

/** The page has drawn its content: a heading, no loading indicator, fonts and images settled. */
async function settled(page: Page) {
  await page.locator('h1, h2').first().waitFor({ timeout: 10_000 })
  await page.locator('.van-loading').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {})
  await page.waitForLoadState('networkidle').catch(() => {})
}

async function sweep(variants: Variant[]) {
  const report: string[] = []
  const blocking: string[] = []
  const counts = { pages: 0, minor: 0, moderate: 0 }
  mkdirSync(join(ARTIFACTS, 'elder'), { recursive: true })
  for (const variant of variants) {
    for (const { who, path } of routes()) {
      const context = contexts.get(who)!
      const page = await context.newPage()
      await page.setViewportSize(variant.viewport)
      await page.addInitScript(({ elder, kiosk }) => {
        localStorage.setItem('xfm.elderMode', String(elder))
        localStorage.setItem('xfm.kiosk', JSON.stringify({ enabled: kiosk, idleSeconds: 600, countdownSeconds: 30 }))
      }, { elder: variant.elder, kiosk: variant.kiosk })
      await page.goto(path)
      try {
        await settled(page)
      }
      catch {
        await page.screenshot({ path: join(ARTIFACTS, `a11y-unsettled-${variant.name}-${who}.png`) })
        blocking.push(`${variant.name} ${who} ${path}: the page never showed a heading`)
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
      if (variant.name === 'phone-elder')
        await page.screenshot({ path: join(ARTIFACTS, 'elder', `${who}${path.replace(/[^\w-]+/g, '_').slice(0, 60)}.png`), fullPage: true })
      await page.close()
    }
  }
  writeFileSync(join(ARTIFACTS, `axe-report-${variants[0]!.name}.txt`), `${report.join('\n')}\n`)
  console.log(`axe: ${counts.pages} pages, ${blocking.length} serious/critical, ${counts.moderate} moderate, ${counts.minor} minor`)
  assert.deepEqual(blocking, [], `serious or critical violations:\n${blocking.join('\n')}`)
}
