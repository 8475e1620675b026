import type { Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

// axe-core in the page under test, WCAG 2.2 AA rules (issue #7): the one way the e2e files check
// accessibility (the route sweep, read aloud, the kiosk's hand-off panel).

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
export const BLOCKING_IMPACTS = new Set(['serious', 'critical'])

export interface AxeFinding { id: string, impact: string, help: string, targets: string[] }

export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  // Evaluated rather than added as a <script>: the app's CSP refuses inline scripts, and an
  // evaluation from the test is not the page's own.
  if (!await page.evaluate(() => 'axe' in window))
    await page.evaluate(readFileSync(AXE, 'utf8'))
  return page.evaluate(async (tags) => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string, impact: string, help: string, nodes: { target: string[] }[] }[] }> } })
      .axe
      .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))
  }, AXE_TAGS)
}

/** Serious and critical violations, one line each: what a test asserts to be empty. */
export async function seriousViolations(page: Page): Promise<string[]> {
  return (await axeFindings(page)).filter(f => BLOCKING_IMPACTS.has(f.impact)).map(f => `${f.id}: ${f.targets.join(', ')}`)
}
