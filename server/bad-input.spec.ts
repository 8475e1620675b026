/**
 * Property test (issue #13): every write endpoint of the OpenAPI document, fed generated bad
 * bodies and bad path ids by every kind of user, answers below 500, every 4xx is `{ code, message }`,
 * and nothing is stored by a 4xx. Runs per endpoint: FC_RUNS (default below).
 */
import type { OpenAPIV3 } from 'openapi-types'
import type { Db, DbKind } from './db'
import type { TestApp } from './routes/applications/test-builders'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockAdapters } from '../mock'
import { ERROR_CODES } from '../src/domain/http/errors'
import { buildApp } from './app'
import { residentOf, staffClient } from './routes/applications/test-builders'
import { createTestApp, openTestDb, TEST_DIALECTS, TestClient, testConfig } from './testing'

// Hundreds of bad requests per endpoint: 200 × 40 write endpoints × 2 databases ≈ 16 000 requests, ~47 s here.
const DEFAULT_RUNS = 200
const RUNS = Number(process.env.FC_RUNS) || DEFAULT_RUNS
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const
/** Signing out would end the session the other runs use; it takes no input anyway. */
const SKIPPED_PATHS = new Set(['/api/auth/logout'])
/** Tables that record the attempt itself (audit trail, rate-limit counters) and so grow on a 4xx. */
const ATTEMPT_TABLES = /^(?:audit_log|rate_limits|kysely_migration.*)$|attempt/
const NUL = '\u0000'
const SETUP_TIMEOUT_MS = 120_000
const ENDPOINT_TIMEOUT_MS = 60_000
const HUGE_STRING_MAX = 300_000
const DEEP_MIN = 33
const DEEP_MAX = 5000

type Schema = OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject
interface Operation { method: typeof WRITE_METHODS[number], path: string, body: Schema | undefined }

/** The write operations of the OpenAPI document, read from the app itself (routes change). */
async function writeOperations(): Promise<{ operations: Operation[], doc: OpenAPIV3.Document }> {
  const db = await openTestDb('sqlite')
  const app = await buildApp({ db, adapters: createMockAdapters(), config: testConfig() })
  await app.ready()
  const doc = app.swagger() as OpenAPIV3.Document
  await app.close()
  await db.drop()
  const operations = Object.entries(doc.paths).flatMap(([path, item]) => WRITE_METHODS
    .filter(method => item?.[method] && !SKIPPED_PATHS.has(path))
    .map((method) => {
      const body = item![method]!.requestBody as OpenAPIV3.RequestBodyObject | undefined
      return { method, path, body: body?.content['application/json']?.schema }
    }))
  return { operations, doc }
}

const { operations, doc } = await writeOperations()

function resolveSchema(schema: Schema | undefined): OpenAPIV3.SchemaObject | undefined {
  const resolved = schema && '$ref' in schema ? doc.components?.schemas?.[schema.$ref.split('/').pop()!] : schema
  return resolved && !('$ref' in resolved) ? resolved : undefined
}

function propertiesOf(schema: Schema | undefined): string[] {
  return Object.keys(resolveSchema(schema)?.properties ?? {})
}

/** Values a real client might send, so that runs get past validation into the handlers. */
const PLAUSIBLE_STRINGS = ['339901197506080012', '李建国', '13800138000', '2026-01-15', '2026-01-15T08:00:00.000Z', '2026-Q1', '339901001001', 'dibao', 'medical', 'yibao', '/diagnosis', 'approve', 'ok']
const MAX_PLAUSIBLE_ITEMS = 3
const PLAUSIBLE_DEPTH = 4

/** A value of the documented shape (enums, types, required fields), without the finer rules. */
function plausible(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const s = resolveSchema(schema)
  if (!s || depth > PLAUSIBLE_DEPTH)
    return fc.jsonValue({ maxDepth: 1 })
  if (s.enum)
    return fc.constantFrom(...s.enum)
  const variants = s.anyOf ?? s.oneOf ?? s.allOf
  if (variants)
    return fc.oneof(...variants.map(v => plausible(v, depth + 1)))
  const type = ([] as unknown[]).concat((s as { type?: unknown }).type).find(t => t !== 'null')
  switch (type) {
    case 'string': return fc.oneof(fc.constantFrom(...PLAUSIBLE_STRINGS), fc.string({ maxLength: s.maxLength ?? 20 }))
    case 'integer': return fc.integer({ min: s.minimum ?? 0, max: s.maximum ?? 100_000 })
    case 'number': return fc.double({ min: s.minimum ?? 0, max: s.maximum ?? 100_000, noNaN: true })
    case 'boolean': return fc.boolean()
    case 'array': return fc.array(plausible((s as OpenAPIV3.ArraySchemaObject).items, depth + 1), { minLength: Math.min(s.minItems ?? 0, MAX_PLAUSIBLE_ITEMS), maxLength: Math.min(s.maxItems ?? MAX_PLAUSIBLE_ITEMS, MAX_PLAUSIBLE_ITEMS) })
    case 'object': {
      const props = s.properties ?? {}
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, plausible(v, depth + 1)])), { requiredKeys: (s.required ?? []).filter(k => k in props) })
    }
    default: return fc.jsonValue({ maxDepth: 1 })
  }
}

/** Deep JSON as text: building it as a value would overflow the test's own stack. */
function nestedJson(levels: number, shape: 'array' | 'object'): string {
  return shape === 'array' ? `${'['.repeat(levels)}"leaf"${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`
}

/** A lone surrogate cannot travel in a URL; the property then sends U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const badString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 20 }).map(s => `${s}${NUL}${s}`),
  fc.integer({ min: 1_000, max: HUGE_STRING_MAX }).map(n => 'x'.repeat(n)),
  fc.constantFrom('', ' ', '../../etc/passwd', '%00', '\\', '"', '😀'.repeat(1000), '\uD800', 'null', '2026-13-45', '00000000-0000-0000-0000-000000000000', '339901197506080012', '13800138000'),
)
const badScalar = fc.oneof(badString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(-1, 0, 1e308, Number.MAX_SAFE_INTEGER + 2))
const badValue = fc.oneof(
  badScalar,
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(badScalar, { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), badScalar, { maxKeys: 4 }),
)
const deepJson = fc.tuple(fc.integer({ min: DEEP_MIN, max: DEEP_MAX }), fc.constantFrom('array' as const, 'object' as const)).map(([levels, shape]) => nestedJson(levels, shape))

/** The request body as sent: JSON text (mostly), or text that is not JSON at all. */
function bodyArbitrary(schema: Schema | undefined): fc.Arbitrary<string> {
  const names = propertiesOf(schema)
  // The documented fields with wrong, missing and extra values: what gets past the parser.
  const shaped = fc.record(Object.fromEntries(names.map(n => [n, badValue])), { requiredKeys: [] })
  const withExtra = fc.tuple(shaped, fc.dictionary(fc.string({ maxLength: 10 }), badValue, { maxKeys: 3 })).map(([known, extra]) => ({ ...extra, ...known }))
  const withDeepField = names.length > 0 ? fc.tuple(fc.constantFrom(...names), deepJson).map(([n, json]) => `{${JSON.stringify(n)}:${json}}`) : deepJson
  // A body of the right shape with one field spoilt: what reaches the handlers.
  const oneSpoilt = names.length > 0
    ? fc.tuple(plausible(schema), fc.constantFrom(...names), badValue).map(([valid, n, bad]) => ({ ...(valid as object), [n]: bad }))
    : plausible(schema)
  return fc.oneof(
    { weight: 3, arbitrary: plausible(schema).map(v => JSON.stringify(v)) },
    { weight: 3, arbitrary: oneSpoilt.map(v => JSON.stringify(v)) },
    { weight: 2, arbitrary: withExtra.map(v => JSON.stringify(v)) },
    { weight: 1, arbitrary: shaped.map(v => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.jsonValue().map(v => JSON.stringify(v)) },
    { weight: 1, arbitrary: withDeepField },
    { weight: 1, arbitrary: badScalar.map(v => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
  )
}

const badId = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  fc.string({ maxLength: 10 }).map(s => `${s}${NUL}`),
  fc.integer({ min: 101, max: 5_000 }).map(n => '9'.repeat(n)),
  fc.constantFrom('..', '%', '0', '-1', '00000000-0000-0000-0000-000000000000', 'null', '\uD800'),
)

/** A path segment as sent: an encoded bad id, or a malformed or hostile %-escape. */
const pathSegment = fc.oneof(
  { weight: 5, arbitrary: badId.map(id => encodeURIComponent(id.replace(LONE_SURROGATE, '\uFFFD'))) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%ZZ', '%ED%A0%80', '%E4%B8', '%00', 'a%2Fb', '%2e%2e') },
)

async function rowCounts(db: Db, tables: string[]): Promise<Record<string, number>> {
  const union = tables.map(t => `select '${t}' as name, count(*) as n from "${t}"`).join(' union all ')
  const { rows } = await sql.raw<{ name: string, n: number | string }>(union).execute(db.kysely)
  return Object.fromEntries(rows.map(r => [r.name, Number(r.n)]))
}

async function tableNames(db: Db): Promise<string[]> {
  const query = db.kind === 'sqlite'
    ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`
    : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`
  const { rows } = await query.execute(db.kysely)
  return rows.map(r => r.name).filter(name => !ATTEMPT_TABLES.test(name)).sort()
}

describe('the write operations walked', () => {
  it('should include every kind of write when the document is read', () => {
    expect(operations.length).toBeGreaterThan(20)
    expect(operations.some(o => o.method === 'put') && operations.some(o => o.method === 'delete')).toBe(true)
  })
})

describe.each(TEST_DIALECTS)('bad input to every write endpoint on %s', (kind: DbKind) => {
  let t: TestApp
  let tables: string[]
  let feedToken: string
  const clients: TestClient[] = []

  beforeAll(async () => {
    t = await createTestApp(kind)
    const county = await staffClient(t, 'county')
    clients.push(
      new TestClient(t.app, '10.90.0.1'),
      await residentOf(t),
      await staffClient(t, 'volunteer'),
      await staffClient(t, 'town'),
      county,
    )
    feedToken = (await county.post('/api/staff/feed-credentials', { department: 'yibao', name: '模糊测试' })).json().token
    for (const c of clients) await c.get('/api/session')
    tables = await tableNames(t.db)
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t?.close()
  })

  async function send(client: TestClient, method: string, url: string, payload: string) {
    const csrf = client.cookies.get('csrf_token')
    return t.app.inject({
      method: method.toUpperCase() as 'POST',
      url,
      payload,
      headers: {
        'content-type': 'application/json',
        'cookie': [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
        ...(url.startsWith('/api/feeds/') ? { authorization: `Bearer ${feedToken}` } : {}),
      },
      remoteAddress: client.ip,
    })
  }

  it.each(operations)('should answer below 500 with { code, message } and store nothing when $method $path gets bad input', async ({ method, path, body }) => {
    const params = path.match(/\{\w+\}/g) ?? []
    const input = fc.record({
      client: fc.integer({ min: 0, max: clients.length - 1 }),
      payload: bodyArbitrary(body),
      ids: fc.array(pathSegment, { minLength: params.length, maxLength: params.length }),
    })
    await fc.assert(fc.asyncProperty(input, async ({ client, payload, ids }) => {
      const url = params.reduce((u, p, i) => u.replace(p, ids[i]), path)
      const before = await rowCounts(t.db, tables)
      const res = await send(clients[client], method, url, payload)
      expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500)
      if (res.statusCode >= 400) {
        expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String) })
        expect(ERROR_CODES, res.body.slice(0, 300)).toContain(res.json().code)
        expect(await rowCounts(t.db, tables)).toEqual(before)
      }
    }), { numRuns: RUNS })
  }, ENDPOINT_TIMEOUT_MS)
})
