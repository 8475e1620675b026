/**
 * `npm run bench:scale`: list latency at 100 000 households against the demo database (issue #18,
 * "stays ≤ 1.5× on both databases, also for the staff pages"). Two apps run in this process, one
 * on the demo database and one on the demo database plus BENCH_HOUSEHOLDS (default 100 000)
 * generated households, both with the same county of ten towns of twenty villages (the villages
 * alone would make a staff page longer), with a realistic share of applications
 * and cases, approvals, happiness-list records and care visits. Each round sends the same pages to
 * both, one request at a time over HTTP on 127.0.0.1, and the ratio of the percentiles within the
 * round is the figure: a resident's happiness list, the town staff queue, the county
 * completeness page and the town's visit coverage page. Like is compared with like: both
 * databases have the same areas, and the demo one gets a copy of the town staff's town's cases
 * at scale (copyTownCases) and of the households the town's coverage page lists at scale
 * (copyListedHouseholds), so that both pages list as many rows and the ratio is about the rest
 * of the county's cases and households, not about a longer page; both are analysed.
 * Then BENCH_EVENTS (default 100 000)
 * department events go through the feed to the 100 000-household database: events per second
 * and how long a warning waits (issue #19).
 *
 * The 100 000-household SQLite file is kept in /tmp/xfm-bench-scale/, keyed by the migrations,
 * this generator and the month (Beijing), and copied for each run (BENCH_SCALE_FRESH=1 fills anew). On PostgreSQL
 * (BENCH_DATABASE_URL) both databases are schemas of their own, dropped afterwards. BENCH_QUICK=1
 * sends fewer requests, BENCH_PAGES=queue,coverage reads only those pages. No test asserts on time.
 */
import type { Selectable } from 'kysely'
import type { AddressInfo } from 'node:net'
import type { Db } from '../server/db'
import type { AreaTable, Database } from '../server/db/schema'
import type { BenchRow } from './bench-result'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import pg from 'pg'
import { createMockAdapters } from '../mock'
import { DEMO_AREAS, DEMO_HOUSEHOLDS, DEMO_PASSWORD } from '../mock/demo-data'
import { seedDemo } from '../mock/seed'
import { seededRandom } from '../mock/seeded-random'
import { buildApp } from '../server/app'
import { readConfig } from '../server/config'
import { fieldCipher } from '../server/crypto/field-cipher'
import { storedMemberIds } from '../server/crypto/member-refs'
import { migrate, openDb } from '../server/db'
import { upsertAreas } from '../server/db/repos/areas'
import { findUserByUsername } from '../server/db/repos/users'
import { coverageOf } from '../server/services/visits/coverage'
import { CSRF_COOKIE, CSRF_HEADER } from '../src/domain/http/csrf'
import { idCheckChar } from '../src/domain/id-number'
import { ITEMS } from '../src/domain/items'
import { quarterOf } from '../src/domain/quarter'
import { smsCodeIn } from '../src/domain/sms-code'
import { shanghaiMonth, shanghaiToday } from '../src/domain/time'
import { emitBenchResult } from './bench-result'

const DEFAULT_HOUSEHOLDS = 100_000
const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? DEFAULT_HOUSEHOLDS)
const QUICK = process.env.BENCH_QUICK === '1'
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? (QUICK ? 40 : 200))
/** A page that takes seconds at scale gets fewer requests: at most this long per round and page… */
const ROUND_BUDGET_MS = (QUICK ? 10 : 30) * 1000
/** …but at least this many. */
const MIN_REQUESTS = 5
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 2 : 3))
/** BENCH_PAGES=queue,coverage: only the pages whose names contain one of these. */
const ONLY_PAGES = process.env.BENCH_PAGES?.split(',')
const GOAL_RATIO = 1.5
/** Department events sent to the 100 000-household database (issue #19, 政策找人 at scale). */
const EVENTS = Number(process.env.BENCH_EVENTS ?? (QUICK ? 10_000 : 100_000))
/** Events per feed call: the feed's own limit (MAX_FEED_EVENTS). */
const EVENTS_PER_CALL = 1_000
/** Bump when fill() changes what it generates: the cached SQLite file is then made anew. */
const FILL_VERSION = 1
const CACHE_DIR = join(tmpdir(), 'xfm-bench-scale')
const COUNTY = '339901'
const TOWNS = 10
const VILLAGES_PER_TOWN = 20
/** Rows per INSERT: under SQLite's bound-parameter limit for the widest table here. */
const BATCH = 400

// Shares of households, roughly a rural county's: ~8 % have applied, most of those approved.
const APPLIED_SHARE = 0.08
const RECORDS_ONLY_SHARE = 0.10
const MONTHS_OF_HISTORY = 24

/** The demo areas' county with ten towns of twenty villages (the demo's own kept as they are). */
function scaleAreas(): AreaTable[] {
  const areas: AreaTable[] = []
  for (let t = 1; t <= TOWNS; t++) {
    const town = `${COUNTY}${String(t).padStart(3, '0')}`
    areas.push({ code: town, name: `演示${t}镇`, level: 'town', parent_code: COUNTY })
    for (let v = 1; v <= VILLAGES_PER_TOWN; v++)
      areas.push({ code: `${town}${String(v).padStart(3, '0')}`, name: `${t}镇${v}村`, level: 'village', parent_code: town })
  }
  // The demo's towns and villages keep their names (upsert would rename them otherwise).
  const demoNames = new Map(DEMO_AREAS.map(a => [a.code, a.name]))
  return areas.map(a => ({ ...a, name: demoNames.get(a.code) ?? a.name }))
}

/** A valid ID number, unique for each member `n` (sequence 100–999, clear of the demo's 001–003). */
function idNumberOf(n: number): string {
  const year = 1935 + (n % 85)
  const rest = Math.floor(n / 85)
  const day = rest % 336
  const birth = `${year}${String(1 + Math.floor(day / 28)).padStart(2, '0')}${String(1 + (day % 28)).padStart(2, '0')}`
  const body = `${COUNTY}${birth}${String(100 + Math.floor(rest / 336) % 900).padStart(3, '0')}`
  return body + idCheckChar(body)
}

function monthsBack(today: string, back: number): string {
  const [y, m] = today.split('-').map(Number)
  const index = y * 12 + (m - 1) - back
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** Parents before children (foreign keys). */
const FILLED_TABLES = ['households', 'household_members', 'users', 'applications', 'application_members', 'cases', 'entitlements', 'benefit_records', 'visits'] as const

async function insertAll<T extends keyof Database>(db: Db, table: T, rows: any[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH)
    await db.kysely.insertInto(table).values(rows.slice(i, i + BATCH) as any).execute()
}

/**
 * Adds `count` generated households (members, applicants' accounts, applications with their
 * cases, approvals' entitlements, a feed's paid records and care visits) to a seeded database.
 * Straight batch inserts of the rows the server's repositories write, sealed and indexed alike.
 */
async function fill(db: Db, count: number): Promise<Record<string, number>> {
  const random = seededRandom(18_100_000)
  const cipher = fieldCipher()
  const now = new Date().toISOString()
  const today = shanghaiToday()
  const volunteer = (await findUserByUsername(db.kysely, 'volunteer'))!
  await upsertAreas(db.kysely, scaleAreas())
  const villages = scaleAreas().filter(a => a.level === 'village').map(a => a.code)

  const counts: Record<string, number> = {}
  const tables: Partial<Record<keyof Database, any[]>> = {}
  const add = (table: keyof Database, row: object) => (tables[table] ??= []).push(row)
  let memberSeq = 0
  let appSeq = 0
  let recordSeq = 0
  const flush = async () => {
    for (const table of FILLED_TABLES) {
      const rows = tables[table] ?? []
      await insertAll(db, table, rows)
      counts[table] = (counts[table] ?? 0) + rows.length
      tables[table] = []
    }
  }

  for (let i = 0; i < count; i++) {
    const householdId = randomUUID()
    const village = villages[i % villages.length]
    const town = village.slice(0, 9)
    add('households', { id: householdId, registry_ref: `SCALE-${i}`, area_code: village, address: cipher.seal(`幸福县${village} ${i} 号`), created_at: now })
    const size = 1 + Math.floor(random() * 4)
    const members: { id: string, idNumber: string, name: string }[] = []
    for (let j = 0; j < size; j++) {
      const idNumber = idNumberOf(memberSeq++)
      const name = `测${i}${j === 0 ? '' : `-${j}`}`
      members.push({ id: randomUUID(), idNumber, name })
      add('household_members', { id: members[j].id, household_id: householdId, id_number: cipher.seal(idNumber), id_number_hash: cipher.index('id_number', idNumber), name, relation: j === 0 ? 'self' : (j === 1 ? 'spouse' : 'child'), birth_date: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`, is_head: j === 0 ? 1 : 0 })
    }
    const memberIds = storedMemberIds([members[0].idNumber])
    const draw = random()
    let paidMonthly = false
    if (draw < APPLIED_SHARE) {
      // An application by the head: dibao, and medical aid for one in three.
      const userId = randomUUID()
      add('users', { id: userId, role: 'resident', username: null, phone: null, phone_hash: null, password_hash: null, display_name: members[0].name, area_code: null, department: null, organisation: null, household_id: householdId, created_at: now, household_bound_at: now, household_bound_via: 'registry_phone', member_id_hash: null })
      const appId = randomUUID()
      const submitted = new Date(Date.now() - Math.floor(random() * 700) * 86_400_000).toISOString()
      add('applications', { id: appId, number: `XFM-SCALE-${String(appSeq++).padStart(6, '0')}`, household_id: householdId, user_id: userId, idempotency_key: `scale-${i}`, applicant_name: members[0].name, applicant_id_number: cipher.seal(members[0].idNumber), applicant_phone: cipher.seal('13900000000'), address: cipher.seal(`幸福县${village} ${i} 号`), region: COUNTY, reason: '家庭收入低', items: JSON.stringify(['dibao']), receiving: '[]', diagnosis: null, declaration: null, removed_members: cipher.seal('[]'), created_at: submitted })
      members.forEach((m, position) => add('application_members', { id: randomUUID(), application_id: appId, position, name: m.name, id_number: cipher.seal(m.idNumber), relation: position === 0 ? 'self' : (position === 1 ? 'spouse' : 'child'), monthly_income_fen: Math.floor(random() * 80_000), disability_grade: 0, serious_illness: 0, student: 'none', registry_status: 'registered', confirmed_by: null, confirmed_at: null }))
      const items = random() < 0.33 ? ['dibao', 'medical'] as const : ['dibao'] as const
      for (const item of items) {
        const caseId = randomUUID()
        // Older applications are decided; recent ones still in the queue.
        const age = (Date.now() - Date.parse(submitted)) / 86_400_000
        const status = age > 60 ? (random() < 0.8 ? 'approved' : 'rejected') : (['submitted', 'accepted', 'checking', 'reviewing', 'need_more_info'] as const)[Math.floor(random() * 5)]
        const start = submitted.slice(0, 10)
        const amount = item === 'dibao' ? 60_000 + Math.floor(random() * 40_000) : null
        add('cases', { id: caseId, application_id: appId, household_id: householdId, item, department: ITEMS[item].department, town_code: town, status, previous_status: null, info_request: null, due_at: status === 'approved' || status === 'rejected' ? null : new Date(Date.parse(submitted) + 30 * 86_400_000).toISOString(), decision_amount_fen: status === 'approved' ? amount : null, decision_start_date: status === 'approved' ? start : null, decision_reason: null, decided_at: status === 'approved' || status === 'rejected' ? now : null, created_at: submitted, updated_at: submitted })
        if (status === 'approved') {
          add('entitlements', { id: randomUUID(), household_id: householdId, case_id: caseId, item, monthly_amount_fen: amount, start_date: start, created_at: now, granted_through: today.slice(0, 7) })
          paidMonthly ||= item === 'dibao'
        }
      }
    }
    if (paidMonthly) {
      // The civil affairs feed's monthly dibao payments; one in twenty later stopped.
      const months = 1 + Math.floor(random() * MONTHS_OF_HISTORY)
      const stoppedAt = random() < 0.05 ? Math.floor(random() * months) : -1
      for (let back = months; back >= Math.max(0, stoppedAt); back--) {
        const month = monthsBack(today, back)
        const stopped = back === stoppedAt
        add('benefit_records', { id: randomUUID(), household_id: householdId, department: 'mingzheng', external_id: `SCALE-${recordSeq++}`, item: 'dibao', kind: 'cash', amount_fen: 80_000, quantity: null, unit: null, period: month, paid_on: `${month}-10`, member_ids: memberIds, status: stopped ? 'stopped' : 'paid', reference: null, source: 'feed', credential_id: null, import_batch_id: null, created_at: now, updated_at: now })
      }
      // Care visits every two months or so over the last year.
      for (let v = 0; v < 6; v++) {
        if (random() < 0.7) {
          const at = new Date(Date.now() - Math.floor(random() * 365) * 86_400_000).toISOString()
          add('visits', { id: randomUUID(), client_id: randomUUID(), household_id: householdId, visitor_id: volunteer.id, visitor_role: 'volunteer', organisation: '志愿服务队', type: 'care', visited_at: at, observations: cipher.seal('[]'), urgent: 0, urgent_note: cipher.seal(''), notes: cipher.seal(''), photo: null, location: null, accuracy: null, created_at: at, flag_resolved_at: null, flag_resolved_by: null })
        }
      }
    }
    else if (draw < APPLIED_SHARE + RECORDS_ONLY_SHARE) {
      // Medical aid, education or one-off help from other departments, without an application here.
      const n = 1 + Math.floor(random() * 6)
      for (let r = 0; r < n; r++) {
        const month = monthsBack(today, Math.floor(random() * MONTHS_OF_HISTORY))
        add('benefit_records', { id: randomUUID(), household_id: householdId, department: 'yibao', external_id: `SCALE-${recordSeq++}`, item: 'medical', kind: 'cash', amount_fen: 10_000 + Math.floor(random() * 300_000), quantity: null, unit: null, period: month, paid_on: `${month}-15`, member_ids: memberIds, status: 'paid', reference: '住院医疗救助', source: 'feed', credential_id: null, import_batch_id: null, created_at: now, updated_at: now })
      }
    }
    if ((i + 1) % 5_000 === 0)
      await flush()
  }
  await flush()
  return counts
}

/**
 * Fresh statistics for the planner, as a database that grew over years has; on PostgreSQL also
 * the visibility map, which autovacuum sets after such inserts (PostgreSQL 13 and later vacuum
 * after inserts too): without it no index-only scan is planned, and the indexes made to be read
 * alone (022, 027) are not (EXPLAIN at 100 000 households: the queue read every application's
 * row, 9.7 ms, instead of its index, 3.4 ms).
 */
async function analyse(db: Db): Promise<void> {
  if (db.kind === 'postgres') {
    await sql.raw(`vacuum analyze ${FILLED_TABLES.join(', ')}`).execute(db.kysely)
    return
  }
  // SQLite analyses one table (or everything) per statement.
  for (const table of FILLED_TABLES)
    await sql.raw(`analyze ${table}`).execute(db.kysely)
}

/** The town whose staff queue the bench reads (the demo's account "town", 民政 of 安乐镇). */
const QUEUE_TOWN = '339901001'

/**
 * The cases of `town` at scale, with their applications, copied to the demo database: both
 * queues then list the same cases (the page at scale is not longer than the demo's), and the
 * ratio says what the rest of the county's cases cost the town's queue. Each application is
 * the demo's, of a demo household of the town and a resident account of its own (as fill()
 * makes them); nothing else of the demo changes. Returns how many cases were copied.
 */
async function copyTownCases(from: Db, to: Db, town: string): Promise<number> {
  const cases = await from.kysely.selectFrom('cases').selectAll().where('town_code', '=', town).orderBy('created_at').orderBy('id').execute()
  const applicationIds = [...new Set(cases.map(c => c.application_id))]
  const applications: Selectable<Database['applications']>[] = []
  for (let i = 0; i < applicationIds.length; i += BATCH)
    applications.push(...await from.kysely.selectFrom('applications').selectAll().where('id', 'in', applicationIds.slice(i, i + BATCH)).execute())
  const households = (await to.kysely.selectFrom('households').select('id').where('area_code', 'like', `${town}%`).orderBy('registry_ref').execute()).map(h => h.id)
  const householdOf = new Map(applications.map((a, i) => [a.id, households[i % households.length]]))
  const now = new Date().toISOString()
  const users = applications.map(a => ({ id: randomUUID(), role: 'resident' as const, username: null, phone: null, phone_hash: null, password_hash: null, display_name: a.applicant_name, area_code: null, department: null, organisation: null, household_id: householdOf.get(a.id)!, created_at: now, household_bound_at: now, household_bound_via: 'registry_phone' as const, member_id_hash: null }))
  await insertAll(to, 'users', users)
  await insertAll(to, 'applications', applications.map((a, i) => ({ ...a, household_id: householdOf.get(a.id)!, user_id: users[i].id })))
  await insertAll(to, 'cases', cases.map(c => ({ ...c, household_id: householdOf.get(c.application_id)! })))
  return cases.length
}

/**
 * The households the town's visit coverage page lists at scale (its first page of households not
 * visited in 90 days, and of those that left assistance), with their members, records and
 * visits, copied to the demo database in the same town: both pages then list as many
 * households, and the ratio says what the rest of the county's households cost the page, not
 * what 70 rows cost more than the demo's 2. Visits are the demo volunteer's. Returns how many
 * households were copied.
 */
async function copyListedHouseholds(from: Db, to: Db, town: string): Promise<number> {
  const now = new Date()
  const page = await coverageOf(from.kysely, town, quarterOf(shanghaiToday(now)), now)
  const ids = [...new Set([...page.notVisited90Days, ...page.leftAssistanceDue].map(h => h.householdId))]
  const volunteer = (await findUserByUsername(to.kysely, 'volunteer'))!
  const k = from.kysely
  // The demo's own households are listed first in register order ("DEMO-" before "SCALE-"): those are not copied.
  const generated = await k.selectFrom('households').select('id').where('id', 'in', ids).where('registry_ref', 'like', 'SCALE-%').execute()
  const copy = generated.map(h => h.id)
  if (copy.length === 0)
    return 0
  await insertAll(to, 'households', await k.selectFrom('households').selectAll().where('id', 'in', copy).execute())
  await insertAll(to, 'household_members', await k.selectFrom('household_members').selectAll().where('household_id', 'in', copy).execute())
  await insertAll(to, 'benefit_records', await k.selectFrom('benefit_records').selectAll().where('household_id', 'in', copy).execute())
  await insertAll(to, 'visits', (await k.selectFrom('visits').selectAll().where('household_id', 'in', copy).execute()).map(v => ({ ...v, visitor_id: volunteer.id })))
  return copy.length
}

/** This process's CPU time for the fill (the machine is shared: wall time says less). */
let fillCpuSeconds = 0
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1e6
}

interface Target { db: Db, cleanup: () => Promise<void>, fillSeconds: number | null, cached: boolean, counts: Record<string, number> | null }

/**
 * The migrations, this generator and the month: a cached file made by other ones is not used. A
 * file of an earlier month has the demo's history up to that month and dates counted back from
 * then, while the demo side of the comparison is seeded today.
 */
function cacheKey(): string {
  const hash = createHash('sha256').update(`${FILL_VERSION}:${HOUSEHOLDS}:${shanghaiMonth()}:`)
  const dir = join(import.meta.dirname, '../server/db/migrations')
  const files = readdirSync(dir).filter(f => /^\d{3}_.*\.ts$/.test(f)).sort()
  for (const f of files)
    hash.update(f).update(readFileSync(join(dir, f)))
  return `${files.length}-${hash.digest('hex').slice(0, 12)}`
}

async function pgTarget(url: string, households: number): Promise<Target> {
  const schema = `bench_scale_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  const db = openDb(url, { pgSchema: schema })
  const cleanup = async () => {
    await db.close()
    await admin.query(`drop schema ${schema} cascade`)
    await admin.end()
  }
  try {
    await migrate(db)
    await seedDemo(db)
    // Both sides have the same county of 200 villages: the ratio is about households, not villages.
    await upsertAreas(db.kysely, scaleAreas())
    const t0 = performance.now()
    const cpu = process.cpuUsage()
    const counts = households > 0 ? await fill(db, households) : null
    fillCpuSeconds = cpuSecondsSince(cpu)
    if (households > 0)
      await analyse(db)
    return { db, cleanup, fillSeconds: households > 0 ? (performance.now() - t0) / 1000 : null, cached: false, counts }
  }
  catch (error) {
    await cleanup()
    throw error
  }
}

async function sqliteTarget(households: number): Promise<Target> {
  const dir = join(tmpdir(), `xfm-bench-scale-run-${randomBytes(4).toString('hex')}`)
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'bench.db')
  const cleanupDir = () => rmSync(dir, { recursive: true, force: true })
  const closeAndRemove = (db: Db) => async () => {
    await db.close()
    cleanupDir()
  }
  // Only the figure's own size is kept (a smaller trial run leaves the cache alone).
  const cached = households === DEFAULT_HOUSEHOLDS ? join(CACHE_DIR, `${cacheKey()}.db`) : null
  if (cached && existsSync(cached) && process.env.BENCH_SCALE_FRESH !== '1') {
    copyFileSync(cached, file)
    const db = openDb(`sqlite:${file}`)
    return { db, cleanup: closeAndRemove(db), fillSeconds: null, cached: true, counts: null }
  }
  let db = openDb(`sqlite:${file}`)
  let counts: Record<string, number> | null = null
  let t0 = 0
  try {
    await migrate(db)
    await seedDemo(db)
    // Both sides have the same county of 200 villages: the ratio is about households, not villages.
    await upsertAreas(db.kysely, scaleAreas())
    t0 = performance.now()
    const cpu = process.cpuUsage()
    if (households > 0)
      counts = await fill(db, households)
    fillCpuSeconds = cpuSecondsSince(cpu)
  }
  catch (error) {
    await db.close()
    cleanupDir()
    throw error
  }
  const fillSeconds = households > 0 ? (performance.now() - t0) / 1000 : null
  if (cached) {
    // Analyse, fold the WAL into the file, and keep a copy for the next run.
    await analyse(db)
    await db.close()
    mkdirSync(CACHE_DIR, { recursive: true })
    for (const old of readdirSync(CACHE_DIR)) rmSync(join(CACHE_DIR, old), { force: true })
    copyFileSync(file, `${cached}.part`)
    renameSync(`${cached}.part`, cached)
    db = openDb(`sqlite:${file}`)
  }
  return { db, cleanup: closeAndRemove(db), fillSeconds, cached: false, counts }
}

/** A signed-in browser stand-in: cookies and the CSRF header. */
class Client {
  readonly cookies = new Map<string, string>()
  constructor(readonly port: number) {}
  cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async call(method: string, path: string, body?: unknown): Promise<any> {
    const headers: Record<string, string> = { 'cookie': this.cookie(), 'content-type': 'application/json' }
    if (this.cookies.has(CSRF_COOKIE))
      headers[CSRF_HEADER] = this.cookies.get(CSRF_COOKIE)!
    const res = await fetch(`http://127.0.0.1:${this.port}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const at = pair.indexOf('=')
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1))
    }
    if (res.status >= 300)
      throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
}

/** A page read on both databases; `compares` says what differs between the two answers. */
interface Page { name: string, path: string, who: 'resident' | 'town' | 'county', size: (json: any) => string, compares: string }

const quarter = quarterOf(shanghaiToday())
const PAGES: Page[] = [
  { name: 'resident happiness list', path: '/api/happiness-list', who: 'resident', size: j => `${j.records.length} records`, compares: 'the same household\'s list among 100 000 households\' records' },
  { name: 'town staff queue', path: '/api/staff/cases', who: 'town', size: j => `${j.cases.length} cases`, compares: 'the same cases listed (the town\'s, copied), among 10× the cases at scale' },
  { name: 'county completeness', path: `/api/staff/happiness-list/completeness?quarter=${quarter}`, who: 'county', size: j => `${j.villages.length} villages, ${j.villages.reduce((s: number, v: any) => s + v.households, 0)} households`, compares: 'the same 200 villages, counted over the county\'s households and their records' },
  { name: 'town visit coverage', path: `/api/staff/visits/coverage?quarter=${quarter}`, who: 'town', size: j => `${j.villages.length} villages, ${j.totals.notVisited90Days} not visited in 90 days, ${j.notVisited90Days.length} + ${j.leftAssistanceDue.length} listed`, compares: 'the same 20 villages counted over the town\'s households, and as many households listed (those listed at scale, copied)' },
]

/** An app on the database with the three people signed in. */
async function serve(target: Target) {
  const adapters = createMockAdapters()
  const app = await buildApp({ db: target.db, adapters, config: { ...readConfig({ NODE_ENV: 'test' }), staticDir: null } })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = (app.server.address() as AddressInfo).port
  const resident = new Client(port)
  const head = DEMO_HOUSEHOLDS[0].members[0]
  await resident.call('GET', '/api/session')
  await resident.call('POST', '/api/auth/sms/request', { phone: head.phone })
  await resident.call('POST', '/api/auth/sms/verify', { phone: head.phone, code: smsCodeIn(adapters.sms.latestFor(head.phone!)!.text) })
  await resident.call('POST', '/api/household/bind', { idNumber: head.idNumber, name: head.name })
  const staff = async (username: string) => {
    const client = new Client(port)
    await client.call('GET', '/api/session')
    await client.call('POST', '/api/auth/login', { username, password: DEMO_PASSWORD })
    return client
  }
  const clients = { resident, town: await staff('town'), county: await staff('county') }
  return { app, port, clients }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

/** One GET's milliseconds. */
async function timed(port: number, path: string, cookie: string): Promise<number> {
  const t0 = performance.now()
  await new Promise<void>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent, headers: { cookie } }, (res) => {
      if (res.statusCode !== 200)
        reject(new Error(`${path}: ${res.statusCode}`))
      res.resume()
      res.on('end', resolve)
    }).on('error', reject)
  })
  return performance.now() - t0
}

/**
 * `requests` GETs to each app, one at a time, alternating demo and scale so that both see the
 * same moments of a noisy machine; each one's milliseconds, sorted.
 */
async function alternating(demo: { port: number, cookie: string }, scale: { port: number, cookie: string }, path: string, requests: number): Promise<[number[], number[]]> {
  const d: number[] = []
  const s: number[] = []
  const until = performance.now() + ROUND_BUDGET_MS
  for (let i = 0; i < requests && (i < MIN_REQUESTS || performance.now() < until); i++) {
    d.push(await timed(demo.port, path, demo.cookie))
    s.push(await timed(scale.port, path, scale.cookie))
  }
  return [d.sort((x, y) => x - y), s.sort((x, y) => x - y)]
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)]
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/**
 * 政策找人 at scale (issue #19): EVENTS medical-spending events of 医保 for members of the generated
 * households, sent through the feed API in calls of 1 000, one call at a time, as a department's
 * system sends them. Each call stores its events and raises its warnings before it answers, so a
 * call's time is the longest any of its events waits for its warning.
 */
async function feedEvents(port: number, county: Client, kind: string): Promise<BenchRow[]> {
  const { token } = await county.call('POST', '/api/staff/feed-credentials', { department: 'yibao', name: '医保系统（bench）' })
  const random = seededRandom(19_000_000)
  const today = shanghaiToday()
  const calls: number[] = []
  let warnings = 0
  let stored = 0
  const t0 = performance.now()
  for (let sent = 0; sent < EVENTS; sent += EVENTS_PER_CALL) {
    const events = Array.from({ length: Math.min(EVENTS_PER_CALL, EVENTS - sent) }, (_, i) => ({
      kind: 'medical_spending',
      externalId: `BENCH-${sent + i}`,
      // Member n exists for every n below the household count (each household has one or more).
      idNumber: idNumberOf(Math.floor(random() * HOUSEHOLDS)),
      occurredAt: today,
      // 0–30 000 yuan: about a third of the bills alone pass Zhejiang's 20 000 yuan a year.
      amountFen: Math.floor(random() * 3_000_000),
      period: today.slice(0, 7),
    }))
    const c0 = performance.now()
    const res = await fetch(`http://127.0.0.1:${port}/api/feeds/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` }, body: JSON.stringify({ events }) })
    if (res.status !== 200)
      throw new Error(`POST /api/feeds/events: ${res.status} ${await res.text()}`)
    calls.push(performance.now() - c0)
    const counts = await res.json() as { inserted: number, warnings: number }
    stored += counts.inserted
    warnings += counts.warnings
  }
  const seconds = (performance.now() - t0) / 1000
  const perSecond = stored / seconds
  calls.sort((x, y) => x - y)
  console.log(`  政策找人: ${stored.toLocaleString('en-US')} medical events in ${seconds.toFixed(1)} s = ${Math.round(perSecond).toLocaleString('en-US')} events/s, ${warnings.toLocaleString('en-US')} warnings raised; per call of ${EVENTS_PER_CALL}: p50 ${pct(calls, 50).toFixed(0)} ms, p95 ${pct(calls, 95).toFixed(0)} ms (a warning is stored before its call answers)`)
  return [
    { name: `department events at ${HOUSEHOLDS / 1000}k households`, value: Math.round(perSecond), unit: 'events/s', database: kind },
    { name: `warning latency (call of ${EVENTS_PER_CALL} events) at ${HOUSEHOLDS / 1000}k households, p50`, value: Math.round(pct(calls, 50)), unit: 'ms p50', database: kind },
    { name: `warning latency (call of ${EVENTS_PER_CALL} events) at ${HOUSEHOLDS / 1000}k households, p95`, value: Math.round(pct(calls, 95)), unit: 'ms p95', database: kind },
  ]
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL
  const kind = url ? 'postgres' : 'sqlite'
  const open = (n: number) => url ? pgTarget(url, n) : sqliteTarget(n)
  const demo = await open(0)
  let scale: Target | undefined
  try {
    scale = await open(HOUSEHOLDS)
    if (scale.cached)
      console.log(`${kind}: ${HOUSEHOLDS.toLocaleString('en-US')} households from the cached fill in ${CACHE_DIR} (BENCH_SCALE_FRESH=1 fills anew)`)
    else
      console.log(`${kind}: filled ${HOUSEHOLDS.toLocaleString('en-US')} households in ${scale.fillSeconds!.toFixed(1)} s (this process's CPU ${fillCpuSeconds.toFixed(1)} s): ${Object.entries(scale.counts!).map(([t, n]) => `${t} ${n.toLocaleString('en-US')}`).join(', ')}`)
    const copied = await copyTownCases(scale.db, demo.db, QUEUE_TOWN)
    const listed = await copyListedHouseholds(scale.db, demo.db, QUEUE_TOWN)
    await analyse(demo.db)
    console.log(`demo: the ${copied.toLocaleString('en-US')} cases of town ${QUEUE_TOWN}, and the ${listed} households its visit coverage page lists, copied from the ${HOUSEHOLDS.toLocaleString('en-US')}-household database (both pages list as many rows on both; the ratio is what the county's other cases and households cost), both analysed`)
    const a = await serve(demo)
    const b = await serve(scale)
    try {
      const rows: BenchRow[] = []
      if (scale.fillSeconds !== null)
        rows.push({ name: `fill ${HOUSEHOLDS.toLocaleString('en-US')} households`, value: Math.round(scale.fillSeconds * 10) / 10, unit: 's', database: kind })
      console.log(`${REQUESTS} requests per page and database, one at a time, alternating; ${ROUNDS} rounds; ratio = at scale ÷ demo within a round, median of rounds`)
      for (const page of PAGES.filter(p => ONLY_PAGES === undefined || ONLY_PAGES.some(name => p.name.includes(name)))) {
        const sizes = [await a.clients[page.who].call('GET', page.path), await b.clients[page.who].call('GET', page.path)].map(page.size)
        const rounds: { n: number, p50: number, p99: number, demo50: number, scale50: number, demo99: number, scale99: number }[] = []
        const demoSide = { port: a.port, cookie: a.clients[page.who].cookie() }
        const scaleSide = { port: b.port, cookie: b.clients[page.who].cookie() }
        await alternating(demoSide, scaleSide, page.path, 10) // warm-up
        for (let r = 0; r < ROUNDS; r++) {
          const [d, s] = await alternating(demoSide, scaleSide, page.path, REQUESTS)
          rounds.push({ n: s.length, p50: pct(s, 50) / pct(d, 50), p99: pct(s, 99) / pct(d, 99), demo50: pct(d, 50), scale50: pct(s, 50), demo99: pct(d, 99), scale99: pct(s, 99) })
        }
        const m = (f: (x: typeof rounds[number]) => number) => median(rounds.map(f))
        console.log(`  ${page.name}: ${page.compares}`)
        console.log(`  ${page.name.padEnd(24)} demo p50 ${m(x => x.demo50).toFixed(2)} ms p99 ${m(x => x.demo99).toFixed(2)} ms (${sizes[0]}); at scale p50 ${m(x => x.scale50).toFixed(2)} ms p99 ${m(x => x.scale99).toFixed(2)} ms (${sizes[1]}); ratio p50 ${m(x => x.p50).toFixed(2)}× p99 ${m(x => x.p99).toFixed(2)}× (${m(x => x.n)} requests a round)`)
        for (const [p, ratio, value] of [['p50', m(x => x.p50), m(x => x.scale50)], ['p99', m(x => x.p99), m(x => x.scale99)]] as const)
          rows.push({ name: `${page.name} at ${HOUSEHOLDS / 1000}k households, ${p}`, value: Math.round(value * 100) / 100, unit: `ms ${p}`, ratio: Math.round(ratio * 100) / 100, goal: `≤ ${GOAL_RATIO}× demo`, met: ratio <= GOAL_RATIO, database: kind })
      }
      // Last: the events add signals and warnings to the scale database the pages above read.
      if (EVENTS > 0)
        rows.push(...await feedEvents(b.port, b.clients.county, kind))
      emitBenchResult(rows)
    }
    finally {
      await a.app.close()
      await b.app.close()
    }
  }
  finally {
    agent.destroy()
    await demo.cleanup()
    await scale?.cleanup()
  }
}

await main()
