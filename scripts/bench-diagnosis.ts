/**
 * `npm run bench:diagnosis`: the self-diagnosis engine and API (issues #3 and #18).
 *
 * - The engine: households per second on generated answer sets (each checked against the answers
 *   schema first), resolving the region and diagnosing as the API does, on one core. The figure
 *   is households per second of the process's CPU time (the machine is shared: wall time counts
 *   what other processes take); wall-clock figures are printed beside it.
 * - The API: POST /api/diagnosis with those households in turn (validation, engine, wording of
 *   the reasons in zh-CN, response serialisation), under BENCH_CONNECTIONS (default 10)
 *   keep-alive connections for BENCH_SECONDS (default 5) per round, BENCH_ROUNDS rounds (default
 *   3). Every round also measures a bare Fastify JSON route in the same process: the ratio to it
 *   is what to compare. The app runs on a throw-away SQLite file (the route reads no database).
 *   Each request carries the CSRF cookie and header of GET /api/session, and no session cookie.
 *   Twice each round: without Accept-Encoding (a kiosk's or hotline's HTTP client; the goal's
 *   figure) and with a phone browser's `gzip, deflate, br`, which gets the 13 KB answer as brotli.
 *
 * BENCH_CPU_PROFILE=<dir> writes a .cpuprofile of each round's API requests. No test asserts on time.
 */
import type { AddressInfo } from 'node:net'
import type { DiagnosisAnswers, DiagnosisMember } from '../src/domain/diagnosis'
import type { ResolvedRegion } from '../src/domain/regions'
import type { LoadResult } from './bench-http'
import type { BenchRow } from './bench-result'
import { performance } from 'node:perf_hooks'
import Fastify from 'fastify'
import { createMockAdapters } from '../mock'
import { seededRandom } from '../mock/seeded-random'
import { buildApp } from '../server/app'
import { readConfig } from '../server/config'
import { migrate } from '../server/db'
import { diagnose, diagnosisAnswersSchema, HOUSING_SITUATIONS, RELATIONS, STUDENT_LEVELS } from '../src/domain/diagnosis'
import { CSRF_COOKIE, CSRF_HEADER } from '../src/domain/http/csrf'
import { resolveRegion } from '../src/domain/regions'
import { openBenchDb } from './bench-db'
import { cpuProfiler, load, median } from './bench-http'
import { emitBenchResult } from './bench-result'

const QUICK = process.env.BENCH_QUICK === '1'
const HOUSEHOLDS = 5_000
const ROUNDS = QUICK ? 3 : 7
const WARMUP_ROUNDS = 2
const SEED = 20_240_601
const MAX_MEMBERS = 6
const MAX_AGE = 95
const MAX_INCOME = 6_000
const MAX_DEPOSITS = 60_000
const MAX_EXPENSE = 2_000
const REGIONS = ['330106', '330100', '330000', '440106', '990000']

const random = seededRandom(SEED)
const int = (max: number) => Math.floor(random() * (max + 1))
const pick = <T>(values: readonly T[]): T => values[int(values.length - 1)]
const chance = (p: number) => random() < p

function member(index: number): DiagnosisMember {
  const age = int(MAX_AGE)
  const m: DiagnosisMember = {
    relation: index === 0 ? 'self' : pick(RELATIONS.slice(1)),
    age,
    monthlyIncome: chance(0.3) ? 0 : int(MAX_INCOME),
    canWork: age >= 16 && age < 60 && chance(0.8),
    disabilityGrade: chance(0.85) ? 0 : pick([1, 2, 3, 4] as const),
    seriousIllness: chance(0.15),
    student: age >= 3 && age <= 24 ? pick(STUDENT_LEVELS) : 'none',
    unemployed: chance(0.2),
    hasCapableSupporter: chance(0.6),
  }
  if (chance(0.2))
    m.jobStartedMonthsAgo = int(48)
  return m
}

function household(): DiagnosisAnswers {
  return {
    region: pick(REGIONS),
    receiving: chance(0.2) ? [pick(['dibao', 'dibao_edge', 'tekun'] as const)] : [],
    members: Array.from({ length: 1 + int(MAX_MEMBERS - 1) }, (_, i) => member(i)),
    assets: { depositsPerCapita: int(MAX_DEPOSITS), vehicles: chance(0.85) ? 0 : 1, extraHousing: chance(0.1) },
    monthlyRigidExpenses: { medical: chance(0.6) ? 0 : int(MAX_EXPENSE), education: chance(0.7) ? 0 : int(MAX_EXPENSE) },
    events: { suddenHardship: chance(0.1), disaster: chance(0.05) },
    housing: pick(HOUSING_SITUATIONS),
  }
}

const households = Array.from({ length: HOUSEHOLDS }, household)
for (const h of households) {
  const checked = diagnosisAnswersSchema.safeParse(h)
  if (!checked.success)
    throw new Error(`generated answers are invalid: ${checked.error.message}`)
}

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const HTTP_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
/** How many of the generated households the API is sent, in turn. */
const API_HOUSEHOLDS = 500
const ENGINE_GOAL = 100_000
const API_RATIO_GOAL = 0.2

/** One pass as the API does it: validate, resolve the region, diagnose. */
function pass(withValidation: boolean): number {
  let likely = 0
  for (const h of households) {
    if (withValidation)
      diagnosisAnswersSchema.parse(h)
    const region = resolveRegion(h.region) as ResolvedRegion
    for (const result of diagnose(h, region)) {
      if (result.verdict === 'likely')
        likely++
    }
  }
  return likely
}

interface EngineRate {
  /** households per second of wall time */
  perSecond: number
  /** households per second of the process's CPU time: the rate on one core */
  perCpuSecond: number
  likely: number
}

function measure(withValidation: boolean): EngineRate {
  for (let i = 0; i < WARMUP_ROUNDS; i++)
    pass(withValidation)
  const wall: number[] = []
  const cpu: number[] = []
  let likely = 0
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now()
    const cpuStart = process.cpuUsage()
    likely = pass(withValidation)
    const used = process.cpuUsage(cpuStart)
    wall.push(HOUSEHOLDS / ((performance.now() - start) / 1000))
    cpu.push(HOUSEHOLDS / ((used.user + used.system) / 1e6))
  }
  return { perSecond: median(wall), perCpuSecond: median(cpu), likely }
}

interface ApiRound { api: LoadResult, compressed: LoadResult, bare: LoadResult }

/** What a phone's browser asks for: the answer then goes out compressed (server/plugins/compress.ts). */
const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br'

/** POST /api/diagnosis against a bare Fastify JSON route, round by round in this process. */
async function measureApi(): Promise<ApiRound[]> {
  const { db, cleanup } = await openBenchDb()
  const app = await buildApp({ db, adapters: createMockAdapters(), config: { ...readConfig({ NODE_ENV: 'test' }), staticDir: null } })
  const bare = Fastify()
  bare.get('/bare', async () => ({ year: 2026, records: [], updatedAt: new Date().toISOString() }))
  try {
    await migrate(db)
    await app.listen({ host: '127.0.0.1', port: 0 })
    await bare.listen({ host: '127.0.0.1', port: 0 })
    const port = (app.server.address() as AddressInfo).port
    const barePort = (bare.server.address() as AddressInfo).port

    // The CSRF token a kiosk gets from GET /api/session, as cookie and header (double submit).
    const session = await fetch(`http://127.0.0.1:${port}/api/session`)
    const csrf = session.headers.getSetCookie().map(c => c.split(';')[0]!).find(c => c.startsWith(`${CSRF_COOKIE}=`))
    if (!csrf)
      throw new Error('GET /api/session set no CSRF cookie')
    const headers = { 'cookie': csrf, [CSRF_HEADER]: csrf.slice(CSRF_COOKIE.length + 1), 'accept-language': 'zh-CN' }
    const request = { method: 'POST' as const, path: '/api/diagnosis', headers, body: { inTurn: households.slice(0, API_HOUSEHOLDS).map(h => JSON.stringify(h)) } }
    const compressedRequest = { ...request, headers: { ...headers, 'accept-encoding': BROWSER_ACCEPT_ENCODING } }
    const probe = await fetch(`http://127.0.0.1:${port}${request.path}`, { method: 'POST', headers: { ...compressedRequest.headers, 'content-type': 'application/json' }, body: request.body.inTurn[0] })
    if (probe.headers.get('content-encoding') !== 'br')
      throw new Error(`POST /api/diagnosis with Accept-Encoding: ${BROWSER_ACCEPT_ENCODING} was answered without brotli (${probe.status})`)
    const options = { connections: CONNECTIONS, seconds: SECONDS }

    await load(port, request, { connections: CONNECTIONS, seconds: 1 }) // warm-up
    const rounds: ApiRound[] = []
    for (let r = 0; r < HTTP_ROUNDS; r++) {
      const bareResult = await load(barePort, { path: '/bare' }, options)
      const stop = await cpuProfiler('diagnosis')
      const api = await load(port, request, options)
      await stop(String(r))
      const stopCompressed = await cpuProfiler('diagnosis-br')
      rounds.push({ bare: bareResult, api, compressed: await load(port, compressedRequest, options) })
      await stopCompressed(String(r))
    }
    return rounds
  }
  finally {
    await bare.close()
    await app.close()
    await cleanup()
  }
}

const engine = measure(false)
const withSchema = measure(true)
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
console.log(`self-diagnosis engine, ${HOUSEHOLDS} generated households (1–${MAX_MEMBERS} members, ${REGIONS.length} regions), median of ${ROUNDS} rounds`)
console.log(`  engine (resolve region + diagnose):  ${fmt(engine.perCpuSecond)} households per CPU second (${fmt(engine.perSecond)}/s wall clock)`)
console.log(`  with answers-schema validation:     ${fmt(withSchema.perCpuSecond)} households per CPU second (${fmt(withSchema.perSecond)}/s wall clock)`)
console.log(`  likely verdicts per household:     ${(engine.likely / HOUSEHOLDS).toFixed(2)}`)

const rounds = await measureApi()
const m = (f: (x: ApiRound) => number) => median(rounds.map(f))
const apiRps = m(x => x.api.rps)
const bareRps = m(x => x.bare.rps)
const ratio = m(x => x.api.rps / x.bare.rps)
const compressedRps = m(x => x.compressed.rps)
const compressedRatio = m(x => x.compressed.rps / x.bare.rps)
console.log(`self-diagnosis API, POST /api/diagnosis (${API_HOUSEHOLDS} households in turn, zh-CN): ${CONNECTIONS} connections × ${SECONDS} s, ${HTTP_ROUNDS} rounds, medians`)
console.log(`  ${fmt(apiRps)} req/s, p50 ${m(x => x.api.p50).toFixed(1)} ms, p95 ${m(x => x.api.p95).toFixed(1)} ms; bare ${fmt(bareRps)} req/s; ratio ${(100 * ratio).toFixed(1)} %; CPU ${m(x => x.api.cpuMs).toFixed(3)} ms per request (bare ${m(x => x.bare.cpuMs).toFixed(3)})`)
// With BENCH_ROUNDS=2 (--quick) the median is the better round: each round's ratio shows the spread.
console.log(`  ratio by round: ${rounds.map(x => `${(100 * x.api.rps / x.bare.rps).toFixed(1)} %`).join(', ')}; compressed: ${rounds.map(x => `${(100 * x.compressed.rps / x.bare.rps).toFixed(1)} %`).join(', ')}`)
console.log(`  Accept-Encoding: ${BROWSER_ACCEPT_ENCODING}: ${fmt(compressedRps)} req/s, p50 ${m(x => x.compressed.p50).toFixed(1)} ms, p95 ${m(x => x.compressed.p95).toFixed(1)} ms; ratio ${(100 * compressedRatio).toFixed(1)} %; CPU ${m(x => x.compressed.cpuMs).toFixed(3)} ms per request`)

const rows: BenchRow[] = [
  { name: 'diagnosis engine alone (one core)', value: Math.round(engine.perCpuSecond), unit: 'households/s', goal: '≥ 100 000 households/s', met: engine.perCpuSecond >= ENGINE_GOAL },
  { name: 'diagnosis API (POST /api/diagnosis)', value: Math.round(apiRps), unit: 'req/s', ratio, goal: '≥ 20 % of bare', met: ratio >= API_RATIO_GOAL },
  { name: 'diagnosis API, answer compressed (Accept-Encoding: br)', value: Math.round(compressedRps), unit: 'req/s', ratio: compressedRatio },
  { name: 'bare Fastify JSON route (diagnosis round)', value: Math.round(bareRps), unit: 'req/s' },
]
emitBenchResult(rows)
