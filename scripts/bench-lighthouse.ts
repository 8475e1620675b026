/**
 * `npm run bench:lighthouse`: Lighthouse mobile (its default simulated slow 4G and 4× CPU
 * slowdown) on the built app, as a ¥600 phone on a village's network sees it (issue #18). The
 * built PWA (dist/, or STATIC_DIR) and server (dist-server/, or SERVER_DIR) on a fresh demo
 * database, started as the e2e suite starts them; Debian's Chromium. / and /list signed in as the
 * demo resident 李建国, /diagnosis and /login as a visitor. Prints the median of RUNS runs per route.
 *
 * A score is a benchmark, not a test: the script fails only when something breaks, never on a
 * low score. LIGHTHOUSE_REPORTS=<dir> keeps each run's JSON report there (open it in the
 * Lighthouse viewer) for the audits behind a score; the top opportunities are printed anyway.
 * LIGHTHOUSE_TRACES=1 keeps each run's trace beside it (the tasks behind TBT, by script).
 * LIGHTHOUSE_THROTTLING=devtools slows the network and CPU for real and reports what was observed,
 * where the default simulates the slow network from an unthrottled load (Lantern): a change that
 * moves requests earlier or later is checked both ways, as the model may not see it as a phone would.
 * The table's "phone idx" is the machine's index divided by the slowdown: the phone the run stands
 * for (Lighthouse's docs: 125–800 a mid-tier phone; DevTools calls 264 a low-tier one, a Moto G
 * Power 2022, about a ¥600 phone's Helio G36). This machine's index ranges 1 000–3 500 from hour to
 * hour, so the same build at 4× stands for phones from ~250 to ~900. LIGHTHOUSE_CPU_SLOWDOWN=<n>
 * slows the CPU n× instead, to hold the phone still (13 on a machine of 3 400 ≈ a phone of 260).
 */
import type { Flags, Result } from 'lighthouse'
import type { BenchRow } from './bench-result'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launch } from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { chromium, request } from 'playwright-core'
import { DEMO_HOUSEHOLDS } from '../mock/demo-data'
import { CSRF_COOKIE, CSRF_HEADER } from '../src/domain/http/csrf'
import { CHROMIUM, CHROMIUM_ARGS, smsCodeFor, startServer } from '../tests/e2e/support'
import { makeTestCertificate } from '../tests/tls-certificate'
import { emitBenchResult } from './bench-result'

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3)
const CPU_SLOWDOWN = process.env.LIGHTHOUSE_CPU_SLOWDOWN ? Number(process.env.LIGHTHOUSE_CPU_SLOWDOWN) : null
const DEFAULT_CPU_SLOWDOWN = 4
// The registry's phone for 李建国 (DEMO_HOUSEHOLDS[1]): what proves the binding.
const RESIDENT_PHONE = '13800138000'
const CATEGORIES = ['performance', 'accessibility', 'best-practices']
// The resident's home (/ signed out shows the sign-in page, measured as /login: a newcomer's first screen).
const ROUTES: { path: string, signedIn: boolean }[] = [
  { path: '/', signedIn: true },
  { path: '/diagnosis', signedIn: false },
  { path: '/list', signedIn: true },
  { path: '/login', signedIn: false },
]
/** Issue #18's goals per route. */
const GOAL = { performance: 98, accessibility: 100, bestPractices: 100, tbtMs: 100, lcpMs: 1_800 }
/** How many of the failing performance audits to name per route. */
const TOP_AUDITS = 6

interface RunFigures {
  performance: number
  accessibility: number
  bestPractices: number
  lcpMs: number
  tbtMs: number
  cls: number
  fcpMs: number
  /**
   * Lighthouse's measure of this machine's speed during the run: its 4× slowdown assumes a desktop
   * of about 1 000 or more. Lower means a slower or busier machine, and TBT and LCP grow with it.
   */
  benchmarkIndex: number
}

/**
 * Signs in the demo resident with the SMS code from the demo outbox and binds the household, as the
 * e2e suite does. Through Playwright's request client: it keeps the cookies, and it can be told to
 * accept the run's throw-away certificate, which Node's fetch cannot.
 */
async function signInResident(baseUrl: string): Promise<Map<string, string>> {
  const api = await request.newContext({ baseURL: baseUrl, ignoreHTTPSErrors: true })
  try {
    const call = async (method: string, path: string, data?: unknown): Promise<unknown> => {
      const csrf = (await api.storageState()).cookies.find(c => c.name === CSRF_COOKIE)?.value
      const res = await api.fetch(path, { method, data, headers: csrf ? { [CSRF_HEADER]: csrf } : {} })
      if (!res.ok())
        throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`)
      return res.json()
    }
    // The first answer sets the CSRF cookie that every POST sends back.
    await call('GET', '/api/session')
    await call('POST', '/api/auth/sms/request', { phone: RESIDENT_PHONE })
    const code = await smsCodeFor(baseUrl, RESIDENT_PHONE, url => call('GET', url))
    await call('POST', '/api/auth/sms/verify', { phone: RESIDENT_PHONE, code })
    const { idNumber, name } = DEMO_HOUSEHOLDS[1].members[0]
    await call('POST', '/api/household/bind', { idNumber, name })
    return new Map((await api.storageState()).cookies.map(c => [c.name, c.value]))
  }
  finally {
    await api.dispose()
  }
}

/**
 * Puts the resident's session into Chromium's own cookie jar, or empties it for a visitor.
 * Lighthouse keeps cookies between runs; its extraHeaders would not reach requests that the
 * service worker makes (the happiness list's API call goes through it).
 */
async function setBrowserCookies(cdpPort: number, baseUrl: string, cookies: Map<string, string>) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${cdpPort}`)
  try {
    const [context] = browser.contexts()
    await context.clearCookies()
    await context.addCookies([...cookies].map(([name, value]) => ({ name, value, url: baseUrl })))
  }
  finally {
    // Disconnects; Chromium stays for Lighthouse.
    await browser.close()
  }
}

/** Trace hiccups Lighthouse itself says to run again for (NO_NAVSTART, NO_FCP on a busy machine). */
const RETRIED_ERRORS = new Set(['NO_NAVSTART', 'NO_FCP', 'NO_LCP', 'NO_TRACING_STARTED'])
const ATTEMPTS = 3

/** A run's report, and its trace for LIGHTHOUSE_TRACES (the main thread's tasks behind TBT, which the report only sums). */
async function runLighthouse(url: string, flags: Flags): Promise<{ lhr: Result, trace: unknown }> {
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(url, flags)
    const lhr = result?.lhr
    if (!lhr)
      throw new Error(`Lighthouse gave no result for ${url}`)
    if (!lhr.runtimeError)
      return { lhr, trace: result.artifacts.Trace }
    if (!RETRIED_ERRORS.has(lhr.runtimeError.code) || attempt === ATTEMPTS)
      throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
    console.warn(`Lighthouse on ${url}: ${lhr.runtimeError.code}, running it again`)
  }
}

function figuresOf(lhr: Result): RunFigures {
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100)
  const metric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    lcpMs: metric('largest-contentful-paint'),
    tbtMs: metric('total-blocking-time'),
    cls: metric('cumulative-layout-shift'),
    fcpMs: metric('first-contentful-paint'),
    benchmarkIndex: lhr.environment.benchmarkIndex,
  }
}

/** What holds a run back: failing audits of the three categories, the biggest estimated savings first. */
function shortcomings(lhr: Result): string[] {
  const failing = new Map<string, { title: string, savingsMs: number, display: string, category: string }>()
  for (const id of CATEGORIES) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id]
      if (!audit || audit.score === null || audit.score >= 0.9 || audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable')
        continue
      const savingsMs = audit.metricSavings ? Math.max(0, ...Object.entries(audit.metricSavings).filter(([k]) => k !== 'CLS').map(([, v]) => v ?? 0)) : 0
      failing.set(ref.id, { title: audit.title, savingsMs, display: audit.displayValue ?? '', category: id })
    }
  }
  return [...failing.values()]
    .sort((a, b) => b.savingsMs - a.savingsMs)
    .slice(0, TOP_AUDITS)
    .map(a => `${a.category}: ${a.title}${a.display ? ` (${a.display})` : ''}${a.savingsMs > 0 ? `, saves ≈ ${Math.round(a.savingsMs)} ms` : ''}`)
}

function median(xs: number[]) {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function medianFigures(runs: RunFigures[]): RunFigures {
  const of = (key: keyof RunFigures) => median(runs.map(r => r[key]))
  return { performance: of('performance'), accessibility: of('accessibility'), bestPractices: of('bestPractices'), lcpMs: of('lcpMs'), tbtMs: of('tbtMs'), cls: of('cls'), fcpMs: of('fcpMs'), benchmarkIndex: of('benchmarkIndex') }
}

/** The run whose performance score is the median one: the one whose audits are printed. */
function medianRun(runs: { figures: RunFigures, lhr: Result }[]) {
  return [...runs].sort((a, b) => a.figures.performance - b.figures.performance)[Math.floor(runs.length / 2)]
}

function printTable(results: { path: string, figures: RunFigures }[]) {
  const rows = results.map(({ path, figures: f }) => [
    path,
    String(f.performance),
    String(f.accessibility),
    String(f.bestPractices),
    `${(f.lcpMs / 1000).toFixed(2)} s`,
    `${Math.round(f.tbtMs)} ms`,
    f.cls.toFixed(3),
    `${(f.fcpMs / 1000).toFixed(2)} s`,
    String(Math.round(f.benchmarkIndex)),
    String(Math.round(f.benchmarkIndex / (CPU_SLOWDOWN ?? DEFAULT_CPU_SLOWDOWN))),
  ])
  const header = ['route', 'perf', 'a11y', 'best pr.', 'LCP', 'TBT', 'CLS', 'FCP', 'machine idx', 'phone idx']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`)
  for (const r of rows)
    console.log(line(r))
}

function benchRows(results: { path: string, figures: RunFigures }[]): BenchRow[] {
  return results.flatMap(({ path, figures: f }) => [
    { name: `Lighthouse perf ${path}`, value: f.performance, unit: 'score', goal: `≥ ${GOAL.performance}`, met: f.performance >= GOAL.performance },
    { name: `Lighthouse a11y ${path}`, value: f.accessibility, unit: 'score', goal: `${GOAL.accessibility}`, met: f.accessibility >= GOAL.accessibility },
    { name: `Lighthouse best practices ${path}`, value: f.bestPractices, unit: 'score', goal: `${GOAL.bestPractices}`, met: f.bestPractices >= GOAL.bestPractices },
    { name: `Lighthouse TBT ${path}`, value: Math.round(f.tbtMs), unit: 'ms', goal: `< ${GOAL.tbtMs} ms`, met: f.tbtMs < GOAL.tbtMs },
    { name: `Lighthouse LCP ${path}`, value: Math.round(f.lcpMs), unit: 'ms', goal: `< ${GOAL.lcpMs} ms`, met: f.lcpMs < GOAL.lcpMs },
    { name: `Lighthouse CLS ${path}`, value: Number(f.cls.toFixed(3)), unit: '' },
    { name: `Lighthouse FCP ${path}`, value: Math.round(f.fcpMs), unit: 'ms' },
    { name: `Lighthouse machine index ${path}`, value: Math.round(f.benchmarkIndex), unit: 'benchmarkIndex' },
  ])
}

async function main() {
  const started = Date.now()
  const reportDir = process.env.LIGHTHOUSE_REPORTS
  if (reportDir)
    mkdirSync(reportDir, { recursive: true })
  // Served as a deployment serves it: HTTPS with HTTP/2, on a throw-away certificate that this
  // Chromium trusts by its key. LIGHTHOUSE_PROTOCOL=http1: plain HTTP/1.1 instead, to compare.
  const http1 = process.env.LIGHTHOUSE_PROTOCOL === 'http1'
  const certDir = mkdtempSync(join(tmpdir(), 'xfm-lighthouse-tls-'))
  const cert = http1 ? null : makeTestCertificate(certDir)
  const server = await startServer(cert ? { TLS_CERT_FILE: cert.certFile, TLS_KEY_FILE: cert.keyFile } : {})
  // --headless=new: the headless mode that renders as a headed Chrome does (chrome-launcher leaves headless to us).
  const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS, ...(cert ? [`--ignore-certificate-errors-spki-list=${cert.spkiSha256}`] : [])] })
  try {
    const residentCookies = await signInResident(server.url)
    const results: { path: string, figures: RunFigures, notes: string[] }[] = []
    let lighthouseVersion = ''
    // LIGHTHOUSE_ROUTES=/list,/diagnosis: only these (while working on one page).
    const only = process.env.LIGHTHOUSE_ROUTES?.split(',')
    for (const route of ROUTES.filter(r => !only || only.includes(r.path))) {
      const runs: { figures: RunFigures, lhr: Result }[] = []
      await setBrowserCookies(chrome.port, server.url, route.signedIn ? residentCookies : new Map())
      for (let run = 1; run <= RUNS; run++) {
        // Lighthouse's defaults otherwise: mobile, simulated throttling, HTTP cache reset before each run.
        const flags: Flags = {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: CATEGORIES,
          // Every run a first visit (no service worker, no IndexedDB copy of the list), with the cookies kept.
          clearStorageTypes: ['file_systems', 'shader_cache', 'service_workers', 'cache_storage', 'indexeddb', 'local_storage'],
          ...(process.env.LIGHTHOUSE_THROTTLING === 'devtools' ? { throttlingMethod: 'devtools' as const } : {}),
          ...(CPU_SLOWDOWN ? { throttling: { cpuSlowdownMultiplier: CPU_SLOWDOWN } } : {}),
        }
        const { lhr, trace } = await runLighthouse(server.url + route.path, flags)
        // Where the page ended up: a signed-out /list would measure the sign-in page instead.
        if (new URL(lhr.finalDisplayedUrl).pathname !== route.path)
          throw new Error(`${route.path} ended on ${lhr.finalDisplayedUrl}: ${route.signedIn ? 'the sign-in did not hold' : 'the route redirects'}`)
        if (reportDir) {
          const name = `${route.path.replace(/\W+/g, '_') || '_'}-${run}`
          writeFileSync(join(reportDir, `${name}.json`), JSON.stringify(lhr))
          // LIGHTHOUSE_TRACES=1: also the trace, which the Performance panel of Chromium's DevTools opens.
          if (process.env.LIGHTHOUSE_TRACES)
            writeFileSync(join(reportDir, `${name}.trace.json`), JSON.stringify(trace))
        }
        lighthouseVersion = lhr.lighthouseVersion
        runs.push({ figures: figuresOf(lhr), lhr })
      }
      results.push({ path: route.path, figures: medianFigures(runs.map(r => r.figures)), notes: shortcomings(medianRun(runs).lhr) })
    }

    console.log(`Lighthouse ${lighthouseVersion}, mobile, simulated slow 4G and ${CPU_SLOWDOWN ?? DEFAULT_CPU_SLOWDOWN}× CPU, ${http1 ? 'plain HTTP/1.1' : 'HTTPS with HTTP/2'}, median of ${RUNS} runs per route (/list signed in as 李建国):`)
    printTable(results)
    console.log(`goal per route: perf ≥ ${GOAL.performance}, TBT < ${GOAL.tbtMs} ms, LCP < ${GOAL.lcpMs / 1000} s, a11y ${GOAL.accessibility}, best practices ${GOAL.bestPractices}`)
    for (const { path, notes } of results) {
      if (notes.length)
        console.log(`${path}, what the median run failed:\n${notes.map(n => `  - ${n}`).join('\n')}`)
    }
    console.log(`(${Math.round((Date.now() - started) / 1000)} s)`)
    emitBenchResult(benchRows(results))
  }
  finally {
    chrome.kill()
    await server.stop()
    rmSync(certDir, { recursive: true, force: true })
  }
}

await main()
