import type { LightMyRequestResponse } from 'fastify'
import type { Actor } from '../../src/domain/permissions'
import type { DbKind } from '../db'
import type { TestApp } from '../routes/applications/test-builders'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_ACCOUNTS } from '../../mock/demo-data'
import { accessOf, decide, PERMISSIONS } from '../../src/domain/permissions'
import { residentOf, staffClient, unboundResident } from '../routes/applications/test-builders'
import { createTestApp, TEST_DIALECTS, TestClient } from '../testing'
import { MissingPermissionError, registerPermissions } from './permissions'

/** A fresh database and eight sign-ins (password hashing) take a while on a busy machine. */
const SETUP_TIMEOUT_MS = 60_000
/** Every route × every role: some 600 requests. */
const WALK_TIMEOUT_MS = 120_000

const FORBIDDEN = { code: 'forbidden', message: '您没有权限进行此操作' }
const WRONG_DEPARTMENT = { code: 'forbidden', message: '这项操作不属于您所在部门的职责，请联系负责的部门（如民政）' }
const UNAUTHENTICATED = { code: 'unauthenticated', message: '请先登录' }
/** Stands in for every path parameter: a well-formed id of nothing. */
const DUMMY_ID = '00000000-0000-4000-8000-000000000000'
const VILLAGE = '339901001001'
const QUARTER = '2026-Q4'

type Who = 'anonymous' | 'resident' | 'resident_without_household' | 'volunteer' | 'social_worker' | 'town_mingzheng' | 'town_yibao' | 'county'
const STAFF_USERNAMES = { volunteer: 'volunteer', social_worker: 'shegong', town_mingzheng: 'town', town_yibao: 'town_yibao', county: 'county' } as const

function actorOf(who: Who): Actor | null {
  if (who === 'anonymous')
    return null
  if (who === 'resident' || who === 'resident_without_household')
    return { role: 'resident', department: null }
  const account = DEMO_ACCOUNTS.find(a => a.username === STAFF_USERNAMES[who])!
  return { role: account.role, department: account.department }
}

/** OpenAPI paths ("/api/cases/{id}") as Fastify routes ("/api/cases/:id"). */
function operationsOf(spec: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map(m => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`))
}

async function call(client: TestClient, operation: string): Promise<LightMyRequestResponse> {
  const [method, route] = operation.split(' ')
  const url = route.replace(/:\w+/g, DUMMY_ID)
  if (method === 'GET')
    return client.get(url)
  if (method === 'POST')
    return client.post(url, {})
  if (method === 'PUT')
    return client.put(url, {})
  return client.delete(url)
}

describe('permission table', () => {
  it('should refuse to start when a route has no entry in the table', async () => {
    const app = Fastify()
    registerPermissions(app)
    await expect(app.register(async (api) => {
      api.get('/api/unlisted', async () => ({ ok: true }))
    })).rejects.toThrow(MissingPermissionError)
    await app.close()
  })

  it('should treat HEAD as GET and the API documentation as public', () => {
    expect(accessOf('HEAD', '/api/staff/cases')).toBe(PERMISSIONS['GET /api/staff/cases'])
    expect(accessOf('GET', '/api/docs/json')).toEqual({ public: true })
    expect(accessOf('GET', '/api/unlisted')).toBeUndefined()
    expect(decide(undefined, null)).toBe('forbidden')
  })
})

describe.each(TEST_DIALECTS)('permissions on %s', (kind: DbKind) => {
  let t: TestApp
  const clients = new Map<Who, TestClient>()

  beforeAll(async () => {
    t = await createTestApp(kind)
    clients.set('anonymous', new TestClient(t.app, '10.43.0.1'))
    clients.set('resident', await residentOf(t, 'li'))
    clients.set('resident_without_household', await unboundResident(t))
    for (const [who, username] of Object.entries(STAFF_USERNAMES))
      clients.set(who as Who, await staffClient(t, username))
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it('should have a table entry for every route of the OpenAPI document and a route for every entry', async () => {
    const documented = operationsOf(t.app.swagger() as never)
    expect(documented.filter(op => !Object.hasOwn(PERMISSIONS, op))).toEqual([])
    const routeless = Object.keys(PERMISSIONS).filter((op) => {
      const [method, url] = op.split(' ')
      return !t.app.hasRoute({ method: method as 'GET', url })
    })
    expect(routeless).toEqual([])
  })

  it('should answer every route for every role as the table says', async () => {
    // Signing out last: it ends the session the other calls need.
    const operations = operationsOf(t.app.swagger() as never).sort((a, b) => Number(a === 'POST /api/auth/logout') - Number(b === 'POST /api/auth/logout'))
    const wrong: string[] = []
    for (const operation of operations) {
      for (const [who, client] of clients) {
        const res = await call(client, operation)
        const body = res.statusCode === 401 || res.statusCode === 403 ? res.json() as object : null
        const expected = decide(accessOf(operation.split(' ')[0], operation.split(' ')[1]), actorOf(who))
        const ok = expected === 'unauthenticated'
          ? res.statusCode === 401 && JSON.stringify(body) === JSON.stringify(UNAUTHENTICATED)
          : expected === 'forbidden'
            ? res.statusCode === 403 && JSON.stringify(body) === JSON.stringify(FORBIDDEN)
            : expected === 'department'
              ? res.statusCode === 403 && JSON.stringify(body) === JSON.stringify(WRONG_DEPARTMENT)
              // Allowed: the route may refuse the dummy body or id, but never the permission layer, never with a 5xx.
              : res.statusCode !== 401 && res.statusCode < 500 && ![FORBIDDEN, WRONG_DEPARTMENT].some(b => JSON.stringify(b) === JSON.stringify(body))
        if (!ok)
          wrong.push(`${operation} as ${who}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`)
      }
    }
    expect(wrong).toEqual([])
  }, WALK_TIMEOUT_MS)
})

describe.each(TEST_DIALECTS)('department-wide care routes on %s', (kind: DbKind) => {
  let t: TestApp
  let mingzheng: TestClient
  let yibao: TestClient
  let resident: TestClient

  const householdOfVillage = async () => (await t.db.kysely.selectFrom('households').select('id').where('area_code', '=', VILLAGE).orderBy('id').executeTakeFirstOrThrow()).id
  const expectDepartmentRefused = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(403)
    expect(res.json()).toEqual(WRONG_DEPARTMENT)
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    mingzheng = await staffClient(t, 'town')
    yibao = await staffClient(t, 'town_yibao')
    resident = await residentOf(t, 'li')
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t.close()
  })

  it('should refuse 医保 staff the village\'s happiness lists when civil affairs staff may print them', async () => {
    const url = `/api/staff/happiness-list/village/${VILLAGE}/quarter/${QUARTER}`
    expectDepartmentRefused(await yibao.get(url))
    const printed = await mingzheng.get(url)
    expect(printed.statusCode, printed.body).toBe(200)
    expect(printed.json().lists.length).toBeGreaterThan(0)
    // Nothing was printed by the refused call.
    const prints = await t.db.kysely.selectFrom('audit_log').select('actor_role').where('action', '=', 'happiness_list_print').execute()
    expect(prints).toHaveLength(1)
  })

  it('should refuse 医保 staff a new household code when civil affairs staff may make one', async () => {
    const householdId = await householdOfVillage()
    const version = async () => (await t.db.kysely.selectFrom('household_codes').select('version').where('household_id', '=', householdId).executeTakeFirst())?.version
    const before = await version()
    expectDepartmentRefused(await yibao.post('/api/household-code/regenerate', { householdId }))
    expect(await version()).toEqual(before)
    const made = await mingzheng.post('/api/household-code/regenerate', { householdId })
    expect(made.statusCode, made.body).toBe(200)
    // Residents have no department and still make their own household's new code.
    expect((await resident.post('/api/household-code/regenerate', {})).statusCode).toBe(200)
  })

  it('should refuse 医保 staff the moderation of small wishes when civil affairs staff may moderate', async () => {
    const posted = await resident.post('/api/needs', { category: 'goods', description: '需要一袋大米' })
    expect(posted.statusCode, posted.body).toBe(201)
    const id = posted.json().id as string
    expectDepartmentRefused(await yibao.get('/api/staff/needs'))
    expectDepartmentRefused(await yibao.get(`/api/needs/${id}`))
    expectDepartmentRefused(await yibao.post(`/api/staff/needs/${id}/moderate`, { action: 'remove', reason: '重复发布' }))
    expect((await resident.get(`/api/needs/${id}`)).json().status).toBe('open')
    const removed = await mingzheng.post(`/api/staff/needs/${id}/moderate`, { action: 'remove', reason: '重复发布' })
    expect(removed.statusCode, removed.body).toBe(200)
    expect(removed.json().status).toBe('removed')
  })

  it('should refuse 医保 staff urgent flags and care-visit coverage when civil affairs staff may resolve them', async () => {
    expectDepartmentRefused(await yibao.get('/api/staff/visits/flags'))
    expectDepartmentRefused(await yibao.get(`/api/staff/visits/coverage?quarter=${QUARTER}`))
    const flags = (await mingzheng.get('/api/staff/visits/flags')).json().flags as { id: string, resolvedAt: string | null }[]
    const open = flags.find(f => f.resolvedAt === null)!
    expectDepartmentRefused(await yibao.post(`/api/staff/visits/flags/${open.id}/resolve`, {}))
    const stillOpen = await t.db.kysely.selectFrom('visits').select('flag_resolved_at').where('id', '=', open.id).executeTakeFirstOrThrow()
    expect(stillOpen.flag_resolved_at).toBeNull()
    const resolved = await mingzheng.post(`/api/staff/visits/flags/${open.id}/resolve`, {})
    expect(resolved.statusCode, resolved.body).toBe(200)
    expect(resolved.json().resolvedAt).not.toBeNull()
  })

  it('should refuse 医保 staff the assignment of volunteers when civil affairs staff may assign them', async () => {
    const volunteer = await t.db.kysely.selectFrom('users').select('id').where('username', '=', 'volunteer').executeTakeFirstOrThrow()
    const url = `/api/staff/field-workers/${volunteer.id}/areas`
    expectDepartmentRefused(await yibao.get('/api/staff/field-workers'))
    expectDepartmentRefused(await yibao.put(url, { areaCodes: ['339901001002'] }))
    const assignments = () => t.db.kysely.selectFrom('field_worker_areas').select('area_code').where('user_id', '=', volunteer.id).execute()
    expect(await assignments()).toEqual([])
    const assigned = await mingzheng.put(url, { areaCodes: ['339901001002'] })
    expect(assigned.statusCode, assigned.body).toBe(200)
    expect(assigned.json().assignedAreas.map((a: { code: string }) => a.code)).toEqual(['339901001002'])
  })

  it('should still let 医保 staff review their own department\'s cases', async () => {
    const queue = await yibao.get('/api/staff/cases')
    expect(queue.statusCode, queue.body).toBe(200)
  })
})
