/**
 * Test support for API and data-layer tests: a fresh database per test file on SQLite always,
 * and on PostgreSQL too when it is reachable (TEST_DATABASE_URL, or the local server).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type { ServerConfig } from './config'
import type { Db, DbKind } from './db'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createMockAdapters } from '../mock'
import { seedDemo } from '../mock/seed'
import { CSRF_COOKIE, CSRF_HEADER } from '../src/domain/http/csrf'
import { smsCodeIn } from '../src/domain/sms-code'
import { buildApp } from './app'
import { readConfig } from './config'
import { migrate, openDb } from './db'

export const DEFAULT_TEST_PG_URL = 'postgres://postgres@127.0.0.1:5432/test'
const PG_CONNECT_TIMEOUT_MS = 1500

async function postgresUrl(): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL || DEFAULT_TEST_PG_URL
  if (process.env.TEST_POSTGRES === '0')
    return null
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS })
  try {
    await client.connect()
    await client.end()
    return url
  }
  catch (error) {
    // CI sets REQUIRE_POSTGRES so that an unreachable server fails the run instead of skipping.
    if (process.env.REQUIRE_POSTGRES === '1')
      throw new Error(`PostgreSQL required but not reachable: ${(error as Error).message}`)
    return null
  }
}

const pgUrl = await postgresUrl()

/** The dialects every database test runs on. */
export const TEST_DIALECTS: DbKind[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite']

/** Opens an empty, migrated database of one dialect; `drop` removes every trace of it. */
export async function openTestDb(kind: DbKind): Promise<Db & { drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const db = openDb('sqlite::memory:')
    await migrate(db)
    return { ...db, drop: () => db.close() }
  }
  const schema = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: pgUrl! })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const db = openDb(pgUrl!, { pgSchema: schema })
  const drop = async () => {
    await db.close()
    const c = new pg.Client({ connectionString: pgUrl! })
    await c.connect()
    await c.query(`drop schema ${schema} cascade`)
    await c.end()
  }
  try {
    await migrate(db)
  }
  catch (error) {
    // A schema left behind by a failed start would only confuse the next run.
    await drop()
    throw error
  }
  return { ...db, drop }
}

/**
 * Two connections to one empty, migrated database, as two server processes have: a file on
 * SQLite, a schema on PostgreSQL (`one.pgSchema`). `drop` closes both and removes the database.
 */
export async function openTwoConnections(kind: DbKind): Promise<{ one: Db, other: Db, drop: () => Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'xfm-two-'))
    const url = `sqlite:${join(dir, 'app.db')}`
    const one = openDb(url)
    await migrate(one)
    const other = openDb(url)
    return { one, other, drop: async () => {
      await one.close()
      await other.close()
      rmSync(dir, { recursive: true, force: true })
    } }
  }
  const one = await openTestDb('postgres')
  const other = openDb(pgUrl!, { pgSchema: one.pgSchema })
  return { one, other, drop: async () => {
    await other.close()
    await one.drop()
  } }
}

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return { ...readConfig({ NODE_ENV: 'test', DEMO: '1' }), staticDir: null, ...overrides }
}

/** Builds the app on a fresh seeded database, with the mock adapters. */
export async function createTestApp(kind: DbKind, overrides: Partial<ServerConfig> = {}) {
  const db = await openTestDb(kind)
  await seedDemo(db)
  const adapters = createMockAdapters()
  const app = await buildApp({ db, adapters, config: testConfig(overrides) })
  await app.ready()
  return {
    app,
    db,
    sms: adapters.sms,
    client: () => new TestClient(app),
    close: async () => {
      await app.close()
      await db.drop()
    },
  }
}

/** A browser stand-in: keeps cookies and sends the CSRF token like the PWA does. */
export class TestClient {
  readonly cookies = new Map<string, string>()
  constructor(private readonly app: FastifyInstance, readonly ip = '127.0.0.1', readonly lang = 'zh-CN') {}

  private absorb(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string, value: string, expires?: Date }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()))
        this.cookies.delete(c.name)
      else
        this.cookies.set(c.name, c.value)
    }
    return res
  }

  private headers(extra: Record<string, string> = {}) {
    return {
      'cookie': [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'accept-language': this.lang,
      ...(this.cookies.has(CSRF_COOKIE) ? { [CSRF_HEADER]: this.cookies.get(CSRF_COOKIE)! } : {}),
      ...extra,
    }
  }

  async get(url: string) {
    return this.absorb(await this.app.inject({ method: 'GET', url, headers: this.headers(), remoteAddress: this.ip }))
  }

  async post(url: string, body?: unknown, extra?: Record<string, string>) {
    if (!this.cookies.has(CSRF_COOKIE))
      await this.get('/api/session')
    return this.absorb(await this.app.inject({ method: 'POST', url, payload: body as object, headers: this.headers(extra), remoteAddress: this.ip }))
  }

  async put(url: string, body?: unknown) {
    return this.send('PUT', url, body)
  }

  async delete(url: string) {
    return this.send('DELETE', url)
  }

  private async send(method: 'PUT' | 'DELETE', url: string, body?: unknown) {
    if (!this.cookies.has(CSRF_COOKIE))
      await this.get('/api/session')
    return this.absorb(await this.app.inject({ method, url, payload: body as object, headers: this.headers(), remoteAddress: this.ip }))
  }

  /** Signs in a resident the way a person does: request a code, read the SMS, type it. */
  async signInResident(sms: { latestFor: (phone: string) => { text: string } | undefined }, phone: string) {
    await this.post('/api/auth/sms/request', { phone })
    const code = codeFromSms(sms.latestFor(phone)!.text)
    return this.post('/api/auth/sms/verify', { phone, code })
  }
}

export function codeFromSms(text: string): string {
  return smsCodeIn(text)!
}
