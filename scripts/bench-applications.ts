/**
 * `npm run bench:api`: latency of submitting an application (POST /api/applications) and of
 * the progress query (GET /api/applications) under a bounded concurrent load, over real HTTP
 * on 127.0.0.1. The app runs in this process on a temporary SQLite file, or on PostgreSQL when
 * BENCH_DATABASE_URL is set (in a schema of its own, dropped afterwards).
 * The figures go into issue #4's note; no test asserts on time.
 */
import type { RegistryHousehold } from '../server/adapters'
import type { BenchRow } from './bench-result'
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { createMockAdapters } from '../mock'
import { DEMO_HOUSEHOLDS } from '../mock/demo-data'
import { DemoHouseholdRegistry } from '../mock/registry'
import { seedDemo } from '../mock/seed'
import { buildApp } from '../server/app'
import { readConfig } from '../server/config'
import { migrate } from '../server/db'
import { CSRF_COOKIE, CSRF_HEADER } from '../src/domain/http/csrf'
import { idCheckChar } from '../src/domain/id-number'
import { smsCodeIn } from '../src/domain/sms-code'
import { openBenchDb } from './bench-db'
import { emitBenchResult } from './bench-result'

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 50)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20)
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? (process.env.BENCH_QUICK === '1' ? 150 : 500))
const WARMUP_REQUESTS = 20
const VILLAGES = ['339901001001', '339901001002', '339901002001']
const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII='

function idNumber(birth: string, sequence: number): string {
  const body = `339901${birth}${String(sequence % 1000).padStart(3, '0')}`
  return body + idCheckChar(body)
}

function residentPhone(i: number): string {
  return `1370${String(1_000_000 + i).slice(-7)}`
}

/** One generated household per resident: an adult and a child, so that lists stay per household. */
function households(): RegistryHousehold[] {
  return Array.from({ length: RESIDENTS }, (_, i) => ({
    registryRef: `BENCH-${i}`,
    areaCode: VILLAGES[i % VILLAGES.length],
    address: `幸福县演示村 ${i} 号`,
    members: [
      // The registry holds the resident's own phone: signing in with it is what lets them bind.
      { idNumber: idNumber(`19${70 + (i % 20)}0101`, i), name: `测试${i}`, relation: 'self' as const, isHead: true, phone: residentPhone(i) },
      { idNumber: idNumber('20150601', i), name: `测试子${i}`, relation: 'child' as const, isHead: false, phone: null },
    ],
  }))
}

/** A browser stand-in over real HTTP: cookies, CSRF header, its own forwarded address. */
class Client {
  private readonly cookies = new Map<string, string>()
  constructor(private readonly base: string, private readonly address: string) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number, json: any }> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address, 'cookie': [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }
    if (this.cookies.has(CSRF_COOKIE))
      headers[CSRF_HEADER] = this.cookies.get(CSRF_COOKIE)!
    if (body !== undefined)
      headers['content-type'] = 'application/json'
    const res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const [name, value] = pair.split('=')
      this.cookies.set(name, value)
    }
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : null }
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))]
}

/** Runs `total` requests with at most `concurrency` in flight; returns each one's milliseconds. */
async function load(total: number, concurrency: number, run: (i: number) => Promise<void>): Promise<{ ms: number[], seconds: number }> {
  const ms: number[] = []
  let next = 0
  const start = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++
      const t0 = performance.now()
      await run(i)
      ms.push(performance.now() - t0)
    }
  }))
  return { ms: ms.sort((a, b) => a - b), seconds: (performance.now() - start) / 1000 }
}

/** The rows for `npm run bench`: throughput and median latency (no goal in issue #18's table). */
function benchRows(label: string, { ms, seconds }: { ms: number[], seconds: number }): BenchRow[] {
  return [
    { name: `${label}, ${CONCURRENCY} concurrent`, value: Math.round(ms.length / seconds), unit: 'req/s' },
    { name: `${label}, ${CONCURRENCY} concurrent`, value: Math.round(percentile(ms, 50) * 10) / 10, unit: 'ms p50' },
  ]
}

function report(label: string, { ms, seconds }: { ms: number[], seconds: number }): void {
  const f = (n: number) => n.toFixed(1).padStart(7)
  console.log(`  ${label.padEnd(34)} p50 ${f(percentile(ms, 50))} ms   p95 ${f(percentile(ms, 95))} ms   p99 ${f(percentile(ms, 99))} ms   max ${f(ms.at(-1)!)} ms   ${(ms.length / seconds).toFixed(0).padStart(5)} req/s`)
}

async function main(): Promise<void> {
  const { db, cleanup } = await openBenchDb()
  await migrate(db)
  await seedDemo(db)
  const generated = households()
  const mocks = createMockAdapters()
  const adapters = { ...mocks, registry: new DemoHouseholdRegistry([...DEMO_HOUSEHOLDS, ...generated]) }
  // trustProxy: each simulated resident gets its own address, as real phones have.
  const config = { ...readConfig({ NODE_ENV: 'test' }), staticDir: null, trustProxy: 1 }
  const app = await buildApp({ db, adapters, config })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`

  try {
    const residents: { client: Client, household: RegistryHousehold }[] = []
    for (const [i, household] of generated.entries()) {
      const client = new Client(base, `10.77.${Math.floor(i / 250)}.${i % 250}`)
      const phone = residentPhone(i)
      await client.request('GET', '/api/session')
      await client.request('POST', '/api/auth/sms/request', { phone })
      await client.request('POST', '/api/auth/sms/verify', { phone, code: smsCodeIn(mocks.sms.latestFor(phone)!.text) })
      const head = household.members[0]
      const bound = await client.request('POST', '/api/household/bind', { idNumber: head.idNumber, name: head.name })
      if (bound.status !== 200)
        throw new Error(`binding failed: ${JSON.stringify(bound.json)}`)
      residents.push({ client, household })
    }

    const submit = async (i: number) => {
      const { client, household } = residents[i % residents.length]
      const [adult, child] = household.members
      const res = await client.request('POST', '/api/applications', {
        idempotencyKey: `bench-${randomUUID()}`,
        applicant: { name: adult.name, idNumber: adult.idNumber, phone: '13900001111', address: household.address, region: '339901' },
        members: [
          { name: adult.name, idNumber: adult.idNumber, relation: 'self', monthlyIncome: 800, disabilityGrade: 0, seriousIllness: false, student: 'none' },
          { name: child.name, idNumber: child.idNumber, relation: 'child', monthlyIncome: 0, disabilityGrade: 0, seriousIllness: false, student: 'compulsory' },
        ],
        items: ['dibao', 'medical'],
        reason: '家庭收入低，孩子上学',
        authorisations: [{ idNumber: adult.idNumber, name: adult.name, agreedAt: new Date().toISOString(), signature: SIGNATURE }],
      })
      if (res.status !== 201)
        throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.json)}`)
    }
    const list = async (i: number) => {
      const res = await residents[i % residents.length].client.request('GET', '/api/applications')
      if (res.status !== 200)
        throw new Error(`list failed: ${res.status}`)
    }

    await load(WARMUP_REQUESTS, CONCURRENCY, submit)
    await load(WARMUP_REQUESTS, CONCURRENCY, list)
    const submitted = await load(REQUESTS, CONCURRENCY, submit)
    const listed = await load(REQUESTS, CONCURRENCY, list)
    const perHousehold = Math.round((REQUESTS + WARMUP_REQUESTS) / RESIDENTS)

    console.log(`applications API on ${db.kind}, ${RESIDENTS} residents, ${CONCURRENCY} concurrent clients, ${REQUESTS} requests each (after ${WARMUP_REQUESTS} warm-up), HTTP on 127.0.0.1`)
    report('POST /api/applications', submitted)
    report(`GET /api/applications (~${perHousehold} apps)`, listed)
    emitBenchResult([...benchRows('application submit (POST /api/applications)', submitted), ...benchRows(`application progress (GET, ~${perHousehold} apps)`, listed)])
  }
  finally {
    await app.close()
    await cleanup()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
