/**
 * `npm run bench:happiness-list`: requests per second and latency of a resident's happiness
 * list (GET /api/happiness-list) for a household with 200 records this year and with 3 000
 * (issue #18), under BENCH_CONNECTIONS (default 10) keep-alive connections for BENCH_SECONDS
 * (default 5) per round, BENCH_ROUNDS rounds (default 3). The machine is shared, so every round
 * also measures a bare Fastify JSON route in the same process, and the ratio to it is what to
 * compare, with the process's CPU time per request (client included). Repeated reads are served
 * from the kept list (server/services/happiness-list/resident-list.ts); what a list costs when it
 * must be computed (after a change) is measured apart, without HTTP. The app runs on a temporary
 * SQLite file, or on PostgreSQL when BENCH_DATABASE_URL is set (a schema of its own, dropped
 * afterwards). With BENCH_JSON=1 the last line is a BENCH_RESULT (scripts/bench-result.ts). No
 * test asserts on time.
 */
import type { AddressInfo } from 'node:net'
import type { NewBenefit } from '../server/db/repos/benefits'
import type { LoadResult } from './bench-http'
import type { BenchRow } from './bench-result'
import { performance } from 'node:perf_hooks'
import Fastify from 'fastify'
import { createMockAdapters } from '../mock'
import { DEMO_HOUSEHOLDS } from '../mock/demo-data'
import { seedDemo } from '../mock/seed'
import { buildApp } from '../server/app'
import { readConfig } from '../server/config'
import { storedMemberIds } from '../server/crypto/member-refs'
import { migrate } from '../server/db'
import { upsertBenefits } from '../server/db/repos/benefits'
import { computeResidentList } from '../server/services/happiness-list/resident-list'
import { happinessListResponse } from '../src/domain/happiness-list/api'
import { CSRF_COOKIE, CSRF_HEADER } from '../src/domain/http/csrf'
import { smsCodeIn } from '../src/domain/sms-code'
import { shanghaiToday } from '../src/domain/time'
import { openBenchDb } from './bench-db'
import { cpuProfiler, load, median } from './bench-http'
import { emitBenchResult } from './bench-result'

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SIZES = (process.env.BENCH_SIZES ?? '200,3000').split(',').map(Number)
/** Lists computed one after another for the "after a change" figure. */
const COMPUTED = Number(process.env.BENCH_COMPUTED ?? (process.env.BENCH_QUICK === '1' ? 5 : 15))

/** Issue #18's goals: throughput for the usual household, latency for a large one. */
const GOALS: Record<number, { unit: 'req/s' | 'ms p50', text: string, met: (r: { rps: number, p50: number }) => boolean }> = {
  200: { unit: 'req/s', text: '≥ 2 000 req/s', met: r => r.rps >= 2_000 },
  3000: { unit: 'ms p50', text: '≤ 50 ms p50', met: r => r.p50 <= 50 },
}

/**
 * What a list costs when it cannot be kept (the first read after a change of the household's
 * records, or of the day): computed and serialized as the route's serializer does (zod, then
 * JSON), one after another, without HTTP. Milliseconds, the median.
 */
async function computedMs(db: Parameters<typeof computeResidentList>[0], householdId: string, year: number, today: string): Promise<number> {
  const ms: number[] = []
  for (let i = 0; i < COMPUTED; i++) {
    const t0 = performance.now()
    const list = await computeResidentList(db, householdId, { year }, 'zh-CN', today)
    JSON.stringify(happinessListResponse.parse({ ...list, updatedAt: new Date().toISOString() }))
    ms.push(performance.now() - t0)
  }
  return median(ms)
}

function records(householdId: string, idNumber: string, from: number, count: number, year: string): NewBenefit[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i
    const month = String(1 + (n % 12)).padStart(2, '0')
    const day = String(1 + (n % 28)).padStart(2, '0')
    return { household_id: householdId, department: 'yibao', external_id: `BENCH-${n}`, item: 'medical', kind: 'cash', amount_fen: 10_000 + (n % 997), quantity: null, unit: null, period: `${year}-${month}`, paid_on: `${year}-${month}-${day}`, member_ids: storedMemberIds([idNumber]), status: 'paid', reference: '住院医疗救助', source: 'feed', credential_id: null, import_batch_id: null }
  })
}

async function main() {
  const { db, cleanup } = await openBenchDb()
  const adapters = createMockAdapters()
  const app = await buildApp({ db, adapters, config: { ...readConfig({ NODE_ENV: 'test' }), staticDir: null } })
  const bare = Fastify()
  bare.get('/bare', async () => ({ year: 2026, records: [], updatedAt: new Date().toISOString() }))
  try {
    await migrate(db)
    await seedDemo(db)
    await app.listen({ host: '127.0.0.1', port: 0 })
    await bare.listen({ host: '127.0.0.1', port: 0 })
    const port = (app.server.address() as AddressInfo).port
    const barePort = (bare.server.address() as AddressInfo).port

    // A resident of the first demo household signs in by SMS and binds, as the PWA does.
    const head = DEMO_HOUSEHOLDS[0].members[0]
    const cookies = new Map<string, string>()
    const call = async (method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = { 'cookie': [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/json' }
      if (cookies.has(CSRF_COOKIE))
        headers[CSRF_HEADER] = cookies.get(CSRF_COOKIE)!
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';')
        const at = pair.indexOf('=')
        cookies.set(pair.slice(0, at), pair.slice(at + 1))
      }
      if (res.status >= 300)
        throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
      return res.json() as Promise<any>
    }
    await call('GET', '/api/session')
    await call('POST', '/api/auth/sms/request', { phone: head.phone })
    await call('POST', '/api/auth/sms/verify', { phone: head.phone, code: smsCodeIn(adapters.sms.latestFor(head.phone!)!.text) })
    await call('POST', '/api/household/bind', { idNumber: head.idNumber, name: head.name })
    const householdId = (await db.kysely.selectFrom('household_members').select('household_id').where('relation', '=', 'self').where('name', '=', head.name).executeTakeFirstOrThrow()).household_id
    const list = { path: '/api/happiness-list', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } }
    const options = { connections: CONNECTIONS, seconds: SECONDS }
    const today = shanghaiToday()
    const year = today.slice(0, 4)
    const rows: BenchRow[] = []

    console.log(`happiness list benchmark on ${db.kind}: ${CONNECTIONS} connections × ${SECONDS} s, ${ROUNDS} rounds, medians`)
    let stored = 0
    for (const size of SIZES) {
      await upsertBenefits(db.kysely, records(householdId, head.idNumber, stored, size - stored, year))
      // The same number of records in each of the five years before: a household's history.
      for (let back = 1; back <= 5; back++)
        await upsertBenefits(db.kysely, records(householdId, head.idNumber, back * 1_000_000 + stored, size - stored, String(Number(year) - back)))
      stored = size
      const listed = await call('GET', '/api/happiness-list')
      const rounds: { list: LoadResult, bare: LoadResult }[] = []
      await load(port, list, options) // warm-up
      for (let r = 0; r < ROUNDS; r++) {
        const bareResult = await load(barePort, { path: '/bare' }, options)
        const stop = await cpuProfiler('happiness-list')
        rounds.push({ bare: bareResult, list: await load(port, list, options) })
        await stop(`${size}-${r}`)
      }
      const m = (f: (x: { list: LoadResult, bare: LoadResult }) => number) => median(rounds.map(f))
      const computed = await computedMs(db.kysely, householdId, Number(year), today)
      const [rps, p50, ratio] = [m(x => x.list.rps), m(x => x.list.p50), m(x => x.list.rps / x.bare.rps)]
      console.log(`  ${String(listed.records.length).padStart(5)} records this year: ${rps.toFixed(0).padStart(6)} req/s, p50 ${p50.toFixed(1)} ms, p95 ${m(x => x.list.p95).toFixed(1)} ms; bare ${m(x => x.bare.rps).toFixed(0)} req/s; ratio ${(100 * ratio).toFixed(1)} %; CPU ${m(x => x.list.cpuMs).toFixed(2)} ms per request (bare ${m(x => x.bare.cpuMs).toFixed(3)}); after a change (computed, not kept) ${computed.toFixed(1)} ms`)
      const goal = GOALS[size]
      const goalOf = (unit: string) => goal?.unit === unit ? { goal: goal.text, met: goal.met({ rps, p50 }) } : {}
      const name = `happiness list, ${size} records`
      rows.push(
        { name, value: Math.round(rps), unit: 'req/s', ratio, database: db.kind, ...goalOf('req/s') },
        { name, value: Number(p50.toFixed(1)), unit: 'ms p50', database: db.kind, ...goalOf('ms p50') },
        { name: `${name}, after a change (computed, not kept)`, value: Number(computed.toFixed(1)), unit: 'ms p50', database: db.kind },
      )
    }
    emitBenchResult(rows)
  }
  finally {
    await bare.close()
    await app.close()
    await cleanup()
  }
}

await main()
