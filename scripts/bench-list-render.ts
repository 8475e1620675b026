/**
 * `npm run bench:list`: how long a phone with a 4× slower CPU takes to show a household's
 * happiness list of 500 records. The built app (run `npm run build` first) on a fresh seeded
 * server; a county feed credential pushes the records for 李建国's household; the resident
 * opens /list in Chromium at 360 px with CDP CPU throttling. Prints the median of a few runs.
 */
import type { Page } from 'playwright-core'
import { DEMO_HOUSEHOLDS, DEMO_PASSWORD } from '../mock/demo-data'
import { CSRF_COOKIE, CSRF_HEADER } from '../src/domain/http/csrf'
import { shanghaiToday } from '../src/domain/time'
import { launchBrowser, phoneContext, smsCodeFor, startServer } from '../tests/e2e/support'
import { emitBenchResult } from './bench-result'

const RECORDS = 500
const CPU_SLOWDOWN = 4
const RUNS = process.env.BENCH_QUICK === '1' ? 2 : 5
// The registry's phone for 李建国 (DEMO_HOUSEHOLDS[1]): what proves the binding.
const RESIDENT_PHONE = '13800138000'
const DAY_MS = 86_400_000

/** Opens the sign-in page; the app's first API call sets the CSRF cookie. */
async function openApp(page: Page) {
  await page.goto('/login')
  await page.getByRole('heading', { name: '登录幸福码' }).waitFor()
  await page.waitForFunction(name => document.cookie.includes(`${name}=`), CSRF_COOKIE)
}

/** The page's own fetch with the CSRF token, as the app sends it. */
async function api<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  const { status, json } = await page.evaluate(async ({ method, url, body, cookieName, headerName }) => {
    const csrf = document.cookie.split('; ').find(c => c.startsWith(`${cookieName}=`))?.split('=')[1] ?? ''
    const res = await fetch(url, { method, headers: { 'content-type': 'application/json', [headerName]: csrf }, body: body === undefined ? undefined : JSON.stringify(body) })
    return { status: res.status, json: await res.json() as unknown }
  }, { method, url, body, cookieName: CSRF_COOKIE, headerName: CSRF_HEADER })
  if (status >= 400)
    throw new Error(`${method} ${url}: ${status} ${JSON.stringify(json)}`)
  return json as T
}

/** 500 paid records spread over this year up to today (the list opens on this year). */
function benchRecords(idNumbers: string[]) {
  const today = shanghaiToday()
  const jan1 = Date.parse(`${today.slice(0, 4)}-01-01T00:00:00Z`)
  const days = Math.max(1, Math.round((Date.parse(`${today}T00:00:00Z`) - jan1) / DAY_MS) + 1)
  return Array.from({ length: RECORDS }, (_, i) => {
    const paidOn = new Date(jan1 + (i % days) * DAY_MS).toISOString().slice(0, 10)
    return { externalId: `BENCH-${i}`, idNumbers: [idNumbers[i % idNumbers.length]], item: 'medical', kind: 'cash', amountFen: 1_000 + i, period: paidOn.slice(0, 7), paidOn, status: 'paid', reference: `BENCH-${i}` }
  })
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  const server = await startServer()
  const browser = await launchBrowser()
  try {
    const household = DEMO_HOUSEHOLDS[1]
    const staff = await (await phoneContext(browser, server.url)).newPage()
    await openApp(staff)
    await api(staff, 'POST', '/api/auth/login', { username: 'county', password: DEMO_PASSWORD })
    const { token } = await api<{ token: string }>(staff, 'POST', '/api/staff/feed-credentials', { department: 'yibao', name: 'bench' })
    const fed = await fetch(`${server.url}/api/feeds/records`, { method: 'POST', headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` }, body: JSON.stringify({ records: benchRecords(household.members.map(m => m.idNumber)) }) })
    if (!fed.ok)
      throw new Error(`feed: ${fed.status} ${await fed.text()}`)

    const context = await phoneContext(browser, server.url)
    const page = await context.newPage()
    await openApp(page)
    await api(page, 'POST', '/api/auth/sms/request', { phone: RESIDENT_PHONE })
    await api(page, 'POST', '/api/auth/sms/verify', { phone: RESIDENT_PHONE, code: await smsCodeFor(server.url, RESIDENT_PHONE) })
    await api(page, 'POST', '/api/household/bind', { idNumber: household.members[0].idNumber, name: household.members[0].name })

    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN })
    const shown: number[] = []
    const rendered: number[] = []
    let count = 0
    for (let run = 0; run <= RUNS; run++) {
      await page.goto('/list')
      await page.waitForFunction(n => document.querySelectorAll('details.record').length >= n, RECORDS, { timeout: 60_000 })
      const t = await page.evaluate(() => {
        const done = performance.now()
        const response = performance.getEntriesByType('resource').filter(e => e.name.includes('/api/happiness-list')).at(-1) as PerformanceResourceTiming | undefined
        return { done, responseEnd: response?.responseEnd ?? 0, count: document.querySelectorAll('details.record').length }
      })
      count = t.count
      // The first run warms the server's cache and the service worker; it is not counted.
      if (run > 0) {
        shown.push(t.done)
        rendered.push(t.done - t.responseEnd)
      }
    }
    console.log(`happiness list, ${count} records, CPU slowed ${CPU_SLOWDOWN}×, 360 px, median of ${RUNS}:`)
    console.log(`  navigation → all records on screen: ${Math.round(median(shown))} ms`)
    console.log(`  API response → all records on screen (render): ${Math.round(median(rendered))} ms`)
    emitBenchResult([
      { name: `happiness list page, ${count} records, CPU ${CPU_SLOWDOWN}× slower: navigation → on screen`, value: Math.round(median(shown)), unit: 'ms' },
      { name: `happiness list page, ${count} records, CPU ${CPU_SLOWDOWN}× slower: render`, value: Math.round(median(rendered)), unit: 'ms' },
    ])
  }
  finally {
    await browser.close()
    await server.stop()
  }
}

await main()
