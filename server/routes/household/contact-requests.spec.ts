import type { DbKind } from '../../db'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shanghaiToday } from '../../../src/domain/time'
import { addWorkingDays } from '../../../src/domain/warnings/dates'
import { openSignal } from '../../db/repos/signals'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { residentOf, staffClient, unboundResident } from '../applications/test-builders'
import { CONTACT_REQUESTS_PER_HOUR } from './contact-requests'

// 请工作人员联系我 after a self-diagnosis (政策找人, issue #19 1c): one signal, one warning in the
// town's queue, the same answer to a resend, nothing for anyone else.

const URL = '/api/household/contact-requests'
/** The same request sent this many times at once (a double tap, a resend after a timeout). */
const PARALLEL = 5
/** Zhejiang's (and the demo region's) working days to verify a warning. */
const VERIFY_WORKING_DAYS = 10

describe.each(TEST_DIALECTS)('contact requests after a self-diagnosis on %s', (kind: DbKind) => {
  let t: TestApp
  let town: TestClient

  const householdIdOf = async (client: TestClient): Promise<string> => (await client.get('/api/session')).json().user.household.id
  const signalsOf = (householdId: string) => t.db.kysely.selectFrom('signals').selectAll().where('household_id', '=', householdId).where('kind', '=', 'contact_request').execute()
  const warningsOf = (householdId: string) => t.db.kysely.selectFrom('warnings').select(['id', 'rule', 'due_on', 'status']).where('household_id', '=', householdId).where('rule', '=', 'contact_request').execute()
  const audits = (householdId: string) => t.db.kysely.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'contact_request').where('subject_id', '=', householdId).execute()

  beforeAll(async () => {
    t = await createTestApp(kind)
    town = await staffClient(t, 'town')
  })
  afterAll(async () => {
    await t?.close()
  })

  it('should store one signal and raise one warning in the town\'s queue, due in the region\'s working days', async () => {
    const resident = await residentOf(t, 'li')
    const householdId = await householdIdOf(resident)
    const requestId = randomUUID()
    const res = await resident.post(URL, { requestId, items: ['temporary', 'medical'] })
    expect(res.statusCode, res.body).toBe(200)
    const dueOn = addWorkingDays(shanghaiToday(), VERIFY_WORKING_DAYS)
    expect(res.json()).toEqual({ requestId, receivedAt: expect.any(String), dueOn, workingDays: VERIFY_WORKING_DAYS })

    const signals = await signalsOf(householdId)
    expect(signals).toHaveLength(1)
    expect(signals[0]).toMatchObject({ source: 'resident', external_id: requestId, member_id: null })
    // Only the item codes are kept: nothing else of the diagnosis is stored.
    expect(Object.keys(openSignal(signals[0])).sort()).toEqual(['externalId', 'householdId', 'items', 'kind', 'occurredAt', 'source'])
    expect(openSignal(signals[0])).toMatchObject({ kind: 'contact_request', items: ['temporary', 'medical'] })
    const warnings = await warningsOf(householdId)
    expect(warnings).toEqual([{ id: expect.any(String), rule: 'contact_request', due_on: dueOn, status: 'open' }])

    // Town staff see it in their queue, with the items the diagnosis suggested.
    const queue = (await town.get('/api/staff/warnings')).json().warnings
    expect(queue.filter((w: { householdId: string, rule: string }) => w.householdId === householdId && w.rule === 'contact_request')).toEqual([
      expect.objectContaining({ id: warnings[0]!.id, ruleName: '居民请求联系', dueOn, village: { code: '339901001001', name: '和美村' } }),
    ])
    const detail = (await town.get(`/api/staff/warnings/${warnings[0]!.id}`)).json()
    expect(detail.text).toContain('居民自诊后请工作人员联系')
    expect(detail.signals).toEqual([expect.objectContaining({ kind: 'contact_request', source: 'resident', payload: expect.objectContaining({ items: ['temporary', 'medical'] }) })])
    expect(await audits(householdId)).toEqual([{ action: 'contact_request', detail: 'items=temporary,medical' }])
  })

  it('should answer a resend of the same request as the first time and store nothing more, even when they race', async () => {
    const resident = await residentOf(t, 'chen')
    const householdId = await householdIdOf(resident)
    const requestId = randomUUID()
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => resident.post(URL, { requestId, items: ['education'] })))
    expect(answers.map(a => a.statusCode)).toEqual(Array.from({ length: PARALLEL }, () => 200))
    const first = answers[0]!.json()
    expect(answers.map(a => a.json())).toEqual(Array.from({ length: PARALLEL }, () => first))
    const again = await resident.post(URL, { requestId, items: ['education', 'housing'] })
    expect(again.json()).toEqual(first)
    expect(await signalsOf(householdId)).toHaveLength(1)
    expect(await warningsOf(householdId)).toHaveLength(1)
    expect(await audits(householdId)).toHaveLength(1)
  })

  it('should join the day\'s warning when the household asks again with a new request', async () => {
    const resident = await residentOf(t, 'liu')
    const householdId = await householdIdOf(resident)
    const first = (await resident.post(URL, { requestId: randomUUID(), items: [] })).json()
    const second = await resident.post(URL, { requestId: randomUUID(), items: ['housing'] })
    expect(second.statusCode).toBe(200)
    expect(second.json().dueOn).toBe(first.dueOn)
    expect(await signalsOf(householdId)).toHaveLength(2)
    expect(await warningsOf(householdId)).toHaveLength(1)
  })

  it('should refuse another household\'s request id, storing nothing and telling nothing of it', async () => {
    const li = await residentOf(t, 'li')
    const wang = await residentOf(t, 'wang')
    const requestId = randomUUID()
    expect((await li.post(URL, { requestId, items: ['temporary'] })).statusCode).toBe(200)
    const wangHousehold = await householdIdOf(wang)
    const before = await warningsOf(wangHousehold)
    const res = await wang.post(URL, { requestId, items: ['temporary'] })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toEqual({ code: 'conflict', field: 'requestId', message: '这次请求的编号已被使用，未保存，请回到自诊结果页重新点“请工作人员联系我”' })
    expect(await signalsOf(wangHousehold)).toEqual([])
    expect(await warningsOf(wangHousehold)).toEqual(before)
  })

  it('should refuse a resident with no household', async () => {
    const unbound = await unboundResident(t)
    const res = await unbound.post(URL, { requestId: randomUUID(), items: ['dibao'] })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toEqual({ code: 'forbidden', message: '请先绑定您的家庭' })
  })

  it('should refuse anyone signed out, and show volunteers nothing of a request', async () => {
    const resident = await residentOf(t, 'zhao')
    const householdId = await householdIdOf(resident)
    expect((await resident.post(URL, { requestId: randomUUID(), items: ['funeral'] })).statusCode).toBe(200)
    const [warning] = await warningsOf(householdId)

    const anonymous = t.client()
    expect((await anonymous.post(URL, { requestId: randomUUID(), items: [] })).json()).toMatchObject({ code: 'unauthenticated' })
    const volunteer = await staffClient(t, 'volunteer')
    expect((await volunteer.post(URL, { requestId: randomUUID(), items: [] })).statusCode).toBe(403)
    expect((await volunteer.get('/api/staff/warnings')).statusCode).toBe(403)
    expect((await volunteer.get(`/api/staff/warnings/${warning!.id}`)).statusCode).toBe(403)
    const shegong = await staffClient(t, 'shegong')
    expect((await shegong.get(`/api/staff/warnings/${warning!.id}`)).statusCode).toBe(403)
  })

  it.each([
    ['a request id that is no UUID', { requestId: 'abc', items: [] }, 'requestId'],
    ['an item that does not exist', { requestId: randomUUID(), items: ['lottery'] }, 'items.0'],
    ['the same item twice', { requestId: randomUUID(), items: ['dibao', 'dibao'] }, 'items'],
    ['no items list', { requestId: randomUUID() }, 'items'],
  ])('should refuse %s with { code, message } and store nothing', async (_name, body, field) => {
    const resident = await residentOf(t, 'li')
    const before = await t.db.kysely.selectFrom('signals').select('id').execute()
    const res = await resident.post(URL, body)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'validation_failed', field, message: expect.any(String) })
    expect(await t.db.kysely.selectFrom('signals').select('id').execute()).toHaveLength(before.length)
  })

  it('should stop one account after its requests of the hour', async () => {
    const resident = await residentOf(t, 'wang')
    for (let i = 0; i < CONTACT_REQUESTS_PER_HOUR; i++)
      expect((await resident.post(URL, { requestId: randomUUID(), items: [] })).statusCode).toBe(200)
    const refused = await resident.post(URL, { requestId: randomUUID(), items: [] })
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toMatchObject({ code: 'rate_limited', message: expect.any(String) })
  })

  it('should hold the hour\'s limit when 20 requests of one account race: 10 stored, 10 refused, no server error', async () => {
    const resident = await residentOf(t, 'chen')
    const before = (await signalsOf(await householdIdOf(resident))).length
    const answers = await Promise.all(Array.from({ length: 2 * CONTACT_REQUESTS_PER_HOUR }, () => resident.post(URL, { requestId: randomUUID(), items: [] })))
    expect(answers.map(a => a.statusCode).sort()).toEqual([...Array.from({ length: CONTACT_REQUESTS_PER_HOUR }, () => 200), ...Array.from({ length: CONTACT_REQUESTS_PER_HOUR }, () => 429)])
    expect(await signalsOf(await householdIdOf(resident))).toHaveLength(before + CONTACT_REQUESTS_PER_HOUR)
  })
})
