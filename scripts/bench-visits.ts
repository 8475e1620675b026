/**
 * `npm run bench:visits`: how fast a volunteer's queued visits sync (issue #6, "how many queued
 * visits sync per second"). The app runs in this process on a temporary SQLite file (or on
 * PostgreSQL when BENCH_DATABASE_URL is set, in a schema of its own, dropped afterwards) and is
 * called over real HTTP on 127.0.0.1. The demo volunteer signs in; a resident of 王秀英's
 * household (the volunteer's village) signs in by SMS and shows the household's real code; then
 * N visits (BENCH_VISITS, default 500) are POSTed one after another, as the phone's outbox sends
 * them, and afterwards all resent (each answered created:false from what is stored). No test
 * asserts on time.
 *
 * Then the throughput figure of issue #18 ("care visit POST, new client id"): BENCH_CONNECTIONS
 * (default 10) keep-alive connections POST new visits back to back for BENCH_SECONDS (default 5)
 * per round, BENCH_ROUNDS rounds (default 3). Every round also measures a bare Fastify JSON route
 * in the same process (a POST that parses the same body and answers the same shape): the machine
 * is shared, so the ratio to it within a round is what to compare. With BENCH_JSON=1 the last
 * line is the BENCH_RESULT for `npm run bench`. BENCH_CPU_PROFILE=<dir> writes a .cpuprofile of
 * each round's visits.
 */
import type { AddressInfo } from 'node:net'
import type { LoadResult } from './bench-http'
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import Fastify from 'fastify'
import { createMockAdapters } from '../mock'
import { DEMO_HOUSEHOLDS, DEMO_PASSWORD } from '../mock/demo-data'
import { seedDemo } from '../mock/seed'
import { buildApp } from '../server/app'
import { readConfig } from '../server/config'
import { migrate } from '../server/db'
import { CSRF_COOKIE, CSRF_HEADER } from '../src/domain/http/csrf'
import { smsCodeIn } from '../src/domain/sms-code'
import { openBenchDb } from './bench-db'
import { cpuProfiler, load, median } from './bench-http'
import { emitBenchResult } from './bench-result'

const VISITS = Number(process.env.BENCH_VISITS ?? 500)
/** Visits a tenth of a second apart: 500 span 50 s, well within the 5 minutes a phone's clock may run ahead. */
const MS_PER_VISIT_SPACING = 100
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const GOAL_RPS = 2000
const HTTP_CREATED = 201

/** A browser stand-in over HTTP: keeps cookies, sends the CSRF token like the PWA's axios. */
class HttpClient {
  private readonly cookies = new Map<string, string>()
  constructor(private readonly base: string) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number, json: any }> {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }
    if (body !== undefined)
      headers['content-type'] = 'application/json'
    const csrf = this.cookies.get(CSRF_COOKIE)
    if (csrf)
      headers[CSRF_HEADER] = csrf
    const res = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const at = pair.indexOf('=')
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1))
    }
    return { status: res.status, json: await res.json() }
  }

  /** The cookie and CSRF headers this client sends, for a load generator of its own. */
  headers(): Record<string, string> {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), [CSRF_HEADER]: this.cookies.get(CSRF_COOKIE)! }
  }

  async expectOk(method: string, path: string, body?: unknown) {
    if (!this.cookies.has(CSRF_COOKIE))
      await this.call('GET', '/api/session')
    const res = await this.call(method, path, body)
    if (res.status >= 300)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.json)}`)
    return res.json
  }
}

async function main() {
  const { db, cleanup } = await openBenchDb()
  const adapters = createMockAdapters()
  const app = await buildApp({ db, adapters, config: { ...readConfig({ NODE_ENV: 'test' }), staticDir: null } })
  // The baseline: what Fastify alone costs for a JSON POST of this size and an answer of this shape.
  const bare = Fastify()
  bare.post('/bare', async (request, reply) => {
    const { clientId } = request.body as { clientId: string }
    reply.status(HTTP_CREATED)
    return { id: randomUUID(), clientId, created: true, status: 'accepted' }
  })
  try {
    await migrate(db)
    await seedDemo(db)
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const countVisits = async () => Number((await db.kysely.selectFrom('visits').select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const base = `http://127.0.0.1:${port}`

    const resident = new HttpClient(base)
    // The registry's phone for the member: what proves the binding.
    const head = DEMO_HOUSEHOLDS[0].members[0]
    const phone = head.phone!
    await resident.expectOk('POST', '/api/auth/sms/request', { phone })
    const sms = (adapters.sms as unknown as { latestFor: (p: string) => { text: string } | undefined }).latestFor(phone)
    await resident.expectOk('POST', '/api/auth/sms/verify', { phone, code: smsCodeIn(sms!.text) })
    await resident.expectOk('POST', '/api/household/bind', { idNumber: head.idNumber, name: head.name })
    const { token } = await resident.expectOk('GET', '/api/household-code')

    const volunteer = new HttpClient(base)
    await volunteer.expectOk('POST', '/api/auth/login', { username: 'volunteer', password: DEMO_PASSWORD })
    await volunteer.expectOk('POST', '/api/visits/card', { token })

    // Queued visits dated from now on: the code was issued just now, and a visit may not precede
    // the issue of its code (back-dating is refused, issue #16).
    const start = Date.now()
    const visits = Array.from({ length: VISITS }, (_, i) => ({
      clientId: randomUUID(),
      token,
      type: 'care',
      visitedAt: new Date(start + i * MS_PER_VISIT_SPACING).toISOString(),
      observations: [{ dimension: 'health', level: 'ok', note: '' }, { dimension: 'social', level: 'concern', note: '很少出门' }],
      urgent: false,
      notes: '陪老人聊天，检查了燃气灶',
    }))

    async function run(label: string, created: boolean) {
      const t0 = performance.now()
      for (const visit of visits) {
        const stored = await volunteer.expectOk('POST', '/api/visits', visit)
        if (stored.created !== created)
          throw new Error(`${label}: expected created ${created}, got ${JSON.stringify(stored)}`)
      }
      const seconds = (performance.now() - t0) / 1000
      console.log(`${label.padEnd(22)} ${VISITS} in ${seconds.toFixed(2)} s = ${Math.round(VISITS / seconds)}/s (${(seconds * 1000 / VISITS).toFixed(1)} ms each)`)
    }

    console.log(`visit sync benchmark on ${db.kind}: ${VISITS} visits, sequential over HTTP`)
    // What any signed-in request costs here (cookie, session and user lookup, JSON): the floor.
    const t0 = performance.now()
    for (let i = 0; i < VISITS; i++)
      await volunteer.expectOk('GET', '/api/session')
    const floor = (performance.now() - t0) / VISITS
    console.log(`${'GET /api/session'.padEnd(22)} ${VISITS} in ${(floor * VISITS / 1000).toFixed(2)} s = ${Math.round(1000 / floor)}/s (${floor.toFixed(1)} ms each)`)
    await run('new visits (201)', true)
    await run('resends (200)', false)
    const row = await db.kysely.selectFrom('visits').select(eb => eb.fn.countAll<number>().as('n')).where('client_id', 'in', visits.map(v => v.clientId)).executeTakeFirstOrThrow()
    console.log(`rows stored for these visits: ${Number(row.n)} (expected ${VISITS})`)

    await bare.listen({ host: '127.0.0.1', port: 0 })
    const barePort = (bare.server.address() as AddressInfo).port
    const headers = volunteer.headers()
    const options = { connections: CONNECTIONS, seconds: SECONDS }
    let sentAt = start + VISITS * MS_PER_VISIT_SPACING
    // Each POST a visit the server has not seen: a new client id, a time a little later (1 ms a
    // request). Only the visits move the clock on: the bare route ignores the time, and at 40 000
    // req/s its rounds alone would date the visits after them beyond the 5 minutes a phone's
    // clock may run ahead (refused as invalid_visit_time).
    const template = JSON.stringify({ ...visits[0], clientId: '{{uuid}}', visitedAt: '{{instant}}' })
    const post = async (target: number, path: string, extra: Record<string, string> = {}) => {
      const result = await load(target, { method: 'POST', path, headers: extra, body: { template, instantFrom: sentAt }, status: HTTP_CREATED }, options)
      if (target === port)
        sentAt += result.sent
      return result
    }
    const before = await countVisits()
    let created = 0
    console.log(`\nconcurrent: ${CONNECTIONS} keep-alive connections × ${SECONDS} s, ${ROUNDS} rounds, medians`)
    // Warm-up of both, so that neither pays the JIT's first round.
    await post(barePort, '/bare')
    created += (await post(port, '/api/visits', headers)).sent
    const rounds: { visits: LoadResult, bare: LoadResult }[] = []
    for (let r = 0; r < ROUNDS; r++) {
      const bareResult = await post(barePort, '/bare')
      const stop = await cpuProfiler('visits')
      const visitResult = await post(port, '/api/visits', headers)
      await stop(String(r))
      created += visitResult.sent
      rounds.push({ bare: bareResult, visits: visitResult })
      console.log(`  round ${r + 1}: visits ${visitResult.rps.toFixed(0)} req/s, bare ${bareResult.rps.toFixed(0)} req/s, ratio ${(100 * visitResult.rps / bareResult.rps).toFixed(1)} %`)
    }
    const m = (f: (x: { visits: LoadResult, bare: LoadResult }) => number) => median(rounds.map(f))
    const rps = m(x => x.visits.rps)
    const ratio = m(x => x.visits.rps / x.bare.rps)
    console.log(`POST /api/visits (new): ${rps.toFixed(0)} req/s, p50 ${m(x => x.visits.p50).toFixed(1)} ms, p95 ${m(x => x.visits.p95).toFixed(1)} ms; bare ${m(x => x.bare.rps).toFixed(0)} req/s; ratio ${(100 * ratio).toFixed(1)} %; CPU ${m(x => x.visits.cpuMs).toFixed(2)} ms per request (bare ${m(x => x.bare.cpuMs).toFixed(3)})`)
    const stored = await countVisits() - before
    console.log(`rows stored under load: ${stored} (expected ${created})`)
    if (stored !== created)
      throw new Error(`under load ${created} visits were answered 201 but ${stored} stored`)
    emitBenchResult([{ name: 'care visit POST (new client id)', value: Math.round(rps), unit: 'req/s', ratio, database: db.kind, goal: '≥ 2 000 req/s', met: rps >= GOAL_RPS }])
  }
  finally {
    await bare.close()
    await app.close()
    await cleanup()
  }
}

await main()
