import type { DbKind } from '../../db'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idCheckChar } from '../../../src/domain/id-number'
import { shanghaiToday } from '../../../src/domain/time'
import { migrate, migrateTo } from '../../db'
import { upsertHouseholdFromRegistry } from '../../db/repos/households'
import { membersByIdNumber } from '../../db/repos/signals'
import { median } from '../../services/warnings/funnel'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { forgetDemoPayments, HOUSEHOLD, residentOf, staffClient, unboundResident } from '../applications/test-builders'

// Verifying warnings, the funnel and the household's invitation (政策找人, issue #19).

/** The same verification sent this many times at once (two staff, a double tap, a retry). */
const PARALLEL = 20
const SETUP_TIMEOUT_MS = 60_000
/** Above Zhejiang's demo figure of 20 000 yuan in one bill: a sudden spending, 临时救助 suggested. */
const BIG_BILL_FEN = 3_200_000
const HEMEI = '339901001001'
const TAOYUAN = '339901001002'
const QINGSHAN = '339901002001'

let sequence = 0

function newIdNumber(): string {
  const body = `339901${'19810101'}${String(++sequence).padStart(3, '0')}`
  return body + idCheckChar(body)
}

/** A Beijing day `days` before today. */
function daysAgo(days: number): string {
  const d = new Date(`${shanghaiToday()}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - days)
  return d.toISOString().slice(0, 10)
}

describe.each(TEST_DIALECTS)('verifying warnings and inviting households on %s', (kind: DbKind) => {
  let t: TestApp
  let town: TestClient
  let county: TestClient
  let feed = ''

  // The household's medical warning: a demo household may have another of the demo (mock/demo-warnings.ts).
  const warningOf = async (householdId: string) => (t.db.kysely.selectFrom('warnings').select(['id', 'status', 'referred_to']).where('household_id', '=', householdId).where('rule', '=', 'medical_spending').executeTakeFirstOrThrow())
  const householdOf = async (idNumber: string) => (await membersByIdNumber(t.db.kysely, [idNumber])).get(idNumber)!.household_id
  const audits = (action: string, subjectId: string) => t.db.kysely.selectFrom('audit_log').select(['action', 'actor_role', 'detail']).where('action', '=', action).where('subject_id', '=', subjectId).execute()

  /** Posts a bill of a member through the 医保 feed; the household's one warning. */
  async function billOf(idNumber: string, householdId: string, day = shanghaiToday()) {
    const res = await t.app.inject({ method: 'POST', url: '/api/feeds/events', headers: { authorization: `Bearer ${feed}` }, payload: { events: [{ kind: 'medical_spending', externalId: `YB-V-${++sequence}`, idNumber, occurredAt: day, amountFen: BIG_BILL_FEN, period: day.slice(0, 7) }] } })
    expect(res.statusCode, res.body).toBe(200)
    return warningOf(householdId)
  }

  /** A new household of one adult in the village, with its warning raised by a big bill. */
  async function warnedHousehold(area = HEMEI, day = shanghaiToday()) {
    const idNumber = newIdNumber()
    const householdId = await upsertHouseholdFromRegistry(t.db.kysely, { registryRef: `VERIFY-${sequence}`, areaCode: area, address: `${sequence} 号`, members: [{ idNumber, name: `核实${sequence}`, relation: 'self', isHead: true, phone: null }] })
    return { householdId, warning: await billOf(idNumber, householdId, day) }
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    // Demo households hold 低保 and the like; without it a big bill warns them too.
    await forgetDemoPayments(t)
    town = await staffClient(t, 'town')
    county = await staffClient(t, 'county')
    feed = (await county.post('/api/staff/feed-credentials', { department: 'yibao', name: '医保系统' })).json().token
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t?.close()
  })

  it('should take a household in with the confirmed items, invite it and audit the decision', async () => {
    const { warning } = await warnedHousehold()
    const res = await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'taken_in', items: ['temporary', 'medical'], note: '已电话核实，住院中' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({
      id: warning.id,
      status: 'closed',
      decision: { stage: 'verify', outcome: 'taken_in', outcomeName: '纳入救助', department: 'mingzheng', referredTo: null, reason: null, note: '已电话核实，住院中', decidedBy: '安乐镇民政 孙静', daysFromSignal: 0 },
      invitation: { items: ['temporary', 'medical'], status: 'open', respondedAt: null, callRequestedAt: null },
    })
    const page = (await town.get(`/api/staff/warnings/${warning.id}`)).json()
    expect(page).toMatchObject({ status: 'closed', decisions: [{ outcome: 'taken_in' }], invitation: { status: 'open' } })
    expect(await audits('warning_decide', warning.id)).toEqual([{ action: 'warning_decide', actor_role: 'town_staff', detail: 'stage=verify; outcome=taken_in' }])
    // Staff's note is sealed like the signals.
    const stored = await t.db.kysely.selectFrom('warning_decisions').select('note').where('warning_id', '=', warning.id).executeTakeFirstOrThrow()
    expect(stored.note).toMatch(/^enc1\./)
  })

  it('should invite for every suggested item when staff name none, and refuse an item not suggested', async () => {
    const { householdId, warning } = await warnedHousehold()
    const wrong = await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'taken_in', items: ['dibao', 'housing'] })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json()).toEqual({ code: 'validation_failed', field: 'items', message: '只能选择这条预警建议的救助事项' })
    expect((await warningOf(householdId)).status).toBe('open')
    const res = await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'taken_in' })
    expect(res.json().invitation.items).toEqual(['expense_hardship', 'medical', 'temporary'])
  })

  it('should record not eligible with a reason from the list, worded, and require the reason', async () => {
    const { warning } = await warnedHousehold()
    const missing = await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'not_eligible' })
    expect(missing.json()).toEqual({ code: 'validation_failed', field: 'reason', message: '请选择不符合条件的原因' })
    const unknown = await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'not_eligible', reason: 'too_rich' })
    expect(unknown.statusCode).toBe(400)
    const res = await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'not_eligible', reason: 'income_above_line' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ status: 'closed', decision: { outcome: 'not_eligible', reason: 'income_above_line' }, invitation: null })
    const en = await staffClient(t, 'town', 'en')
    expect((await en.get(`/api/staff/warnings/${warning.id}`)).json().decisions[0]).toMatchObject({ outcomeName: 'Not eligible', reasonName: 'Household income above the line' })
    expect(await t.db.kysely.selectFrom('invitations').select('id').where('warning_id', '=', warning.id).execute()).toEqual([])
  })

  it('should record could not reach and close the warning', async () => {
    const { householdId, warning } = await warnedHousehold()
    const res = await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'could_not_reach' })
    expect(res.json()).toMatchObject({ status: 'closed', decision: { outcome: 'could_not_reach' }, invitation: null })
    expect(await warningOf(householdId)).toMatchObject({ status: 'closed', referred_to: null })
    expect((await town.get('/api/staff/warnings?status=open')).json().warnings.some((w: { id: string }) => w.id === warning.id)).toBe(false)
  })

  it('should refer a warning to a department, whose staff then see it in their queue and decide it once', async () => {
    const { householdId, warning } = await warnedHousehold()
    const yibao = await staffClient(t, 'town_yibao')
    const self = await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'referred', department: 'mingzheng' })
    expect(self.json()).toEqual({ code: 'validation_failed', field: 'department', message: '请转介到民政以外的部门' })
    // Not yet referred: 医保 sees the warning (it suggests 医疗救助) but may not decide it.
    const early = await yibao.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'taken_in' })
    expect(early.statusCode).toBe(403)
    const referred = await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'referred', department: 'zhujian' })
    expect(referred.json()).toMatchObject({ status: 'referred', decision: { outcome: 'referred', referredTo: 'zhujian', referredToName: expect.any(String) } })
    expect(await warningOf(householdId)).toMatchObject({ status: 'referred', referred_to: 'zhujian' })
    // 住建 is not suggested by a medical warning: the referral alone puts it in its queue.
    await t.db.kysely.insertInto('users').values({ ...(await t.db.kysely.selectFrom('users').selectAll().where('username', '=', 'town_yibao').executeTakeFirstOrThrow()), id: randomUUID(), username: 'town_zhujian', department: 'zhujian', display_name: '安乐镇住建 何平' }).execute()
    const zhujian = await staffClient(t, 'town_zhujian')
    const queue = (await zhujian.get('/api/staff/warnings')).json().warnings
    expect(queue.map((w: { id: string }) => w.id)).toEqual([warning.id])
    expect(queue[0]).toMatchObject({ status: 'referred', referredTo: 'zhujian' })
    // 民政 decided its stage; the receiving department decides, once, and cannot refer it on.
    expect((await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'could_not_reach' })).statusCode).toBe(409)
    expect((await zhujian.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'referred', department: 'yibao' })).json().code).toBe('validation_failed')
    const decided = await zhujian.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'taken_in', items: ['medical'] })
    expect(decided.json()).toMatchObject({ status: 'closed', decision: { stage: 'referral', outcome: 'taken_in', department: 'zhujian' }, invitation: { items: ['medical'] } })
    expect((await zhujian.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'could_not_reach' })).statusCode).toBe(409)
    expect((await audits('warning_decide', warning.id)).map(a => a.detail)).toEqual(['stage=verify; outcome=referred; to=zhujian', 'stage=referral; outcome=taken_in'])
  })

  it('should say how many days the decision came after the signal, in the answer and on the warning', async () => {
    const sixDaysAgo = shanghaiToday(new Date(Date.now() - 6 * 86_400_000))
    const { warning } = await warnedHousehold(HEMEI, sixDaysAgo)
    const res = await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'could_not_reach' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().decision.daysFromSignal).toBe(6)
    expect((await town.get(`/api/staff/warnings/${warning.id}`)).json().decisions.map((d: { daysFromSignal: number }) => d.daysFromSignal)).toEqual([6])
  })

  it('should keep one decision when 20 verifications race, the others told so with { code, message }', async () => {
    const { warning } = await warnedHousehold()
    const outcomes = ['taken_in', 'not_eligible', 'could_not_reach', 'referred'] as const
    const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => {
      const outcome = outcomes[i % outcomes.length]!
      return town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome, reason: 'other', department: 'yibao' })
    }))
    expect(answers.filter(a => a.statusCode === 200)).toHaveLength(1)
    const refused = answers.filter(a => a.statusCode !== 200)
    expect(refused.map(a => a.statusCode)).toEqual(Array.from({ length: PARALLEL - 1 }, () => 409))
    expect(refused[0]!.json()).toEqual({ code: 'conflict', message: '这条预警已由其他工作人员处理过了，请刷新后查看处理结果' })
    expect(await t.db.kysely.selectFrom('warning_decisions').select('id').where('warning_id', '=', warning.id).execute()).toHaveLength(1)
    // An invitation exactly when the one decision that won took the household in.
    const won = answers.find(a => a.statusCode === 200)!.json().decision.outcome
    expect(await t.db.kysely.selectFrom('invitations').select('id').where('warning_id', '=', warning.id).execute()).toHaveLength(won === 'taken_in' ? 1 : 0)
    expect(await audits('warning_decide', warning.id)).toHaveLength(1)
  })

  it('should answer 404 to another town\'s staff and 403 to county staff, deciding nothing', async () => {
    const { householdId, warning } = await warnedHousehold()
    const town2 = await staffClient(t, 'town2')
    const other = await town2.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'could_not_reach' })
    expect(other.statusCode).toBe(404)
    expect(other.json()).toEqual({ code: 'not_found', message: expect.any(String) })
    expect((await county.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'could_not_reach' })).statusCode).toBe(403)
    const volunteer = await staffClient(t, 'volunteer')
    expect((await volunteer.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'could_not_reach' })).statusCode).toBe(403)
    expect(await warningOf(householdId)).toMatchObject({ status: 'open' })
  })

  it('should show a bound household its invitation with the plain reason, and let it decline once', async () => {
    const resident = await residentOf(t, 'li')
    const idNumber = HOUSEHOLD.li.members[0].idNumber
    const householdId = (await householdOf(idNumber))
    const warning = await billOf(idNumber, householdId)
    await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'taken_in', items: ['temporary'] })
    const list = await resident.get('/api/household/invitations')
    expect(list.statusCode, list.body).toBe(200)
    const [invitation, ...more] = list.json().invitations
    expect(more).toEqual([])
    expect(invitation).toMatchObject({ items: [{ code: 'temporary', name: '临时救助' }], title: '您家可能可以申请：临时救助', status: 'open' })
    expect(invitation.reason).toContain('您家近 12 个月自付医疗费用 32000 元，超过本地 20000 元的标准')
    expect(invitation.reason).toContain('工作人员已核实情况')
    const en = await residentOf(t, 'li', 'en')
    expect((await en.get('/api/household/invitations')).json().invitations[0].title).toBe('Your household may be able to apply for: Temporary assistance')
    // Nothing of the warning reaches the household.
    expect(JSON.stringify(list.json())).not.toContain(warning.id)
    const declined = await resident.post(`/api/household/invitations/${invitation.id}/decline`, {})
    expect(declined.statusCode, declined.body).toBe(200)
    expect(declined.json()).toMatchObject({ status: 'declined' })
    expect((await resident.post(`/api/household/invitations/${invitation.id}/decline`, {})).statusCode).toBe(200)
    const late = await resident.post(`/api/household/invitations/${invitation.id}/accept`, {})
    expect(late.statusCode).toBe(409)
    expect(late.json()).toEqual({ code: 'conflict', message: '这个邀请已经答复过了，请刷新后查看' })
    expect((await resident.get('/api/household/invitations')).json().invitations).toEqual([])
    expect(await audits('invitation_declined', invitation.id)).toHaveLength(1)
  })

  it('should show staff a call requested, then accept with the items to prefill, and hide it from others', async () => {
    const resident = await residentOf(t, 'wang')
    const idNumber = HOUSEHOLD.wang.members[0].idNumber
    const warning = await billOf(idNumber, await householdOf(idNumber))
    await town.post(`/api/staff/warnings/${warning.id}/verify`, { outcome: 'taken_in', items: ['temporary', 'medical'] })
    const [invitation] = (await resident.get('/api/household/invitations')).json().invitations
    // Another household's account, a volunteer: not theirs.
    const other = await residentOf(t, 'chen')
    expect((await other.post(`/api/household/invitations/${invitation.id}/call-me`, {})).statusCode).toBe(404)
    expect((await other.get('/api/household/invitations')).json().invitations.some((i: { id: string }) => i.id === invitation.id)).toBe(false)
    const volunteer = await staffClient(t, 'volunteer')
    expect((await volunteer.get('/api/household/invitations')).statusCode).toBe(403)
    expect((await volunteer.get('/api/staff/warnings')).statusCode).toBe(403)

    const called = await resident.post(`/api/household/invitations/${invitation.id}/call-me`, {})
    expect(called.json()).toMatchObject({ status: 'call_requested', callRequestedAt: expect.any(String) })
    expect((await town.get(`/api/staff/warnings/${warning.id}`)).json().invitation).toMatchObject({ status: 'call_requested', callRequestedAt: expect.any(String), respondedAt: null })
    const accepted = await resident.post(`/api/household/invitations/${invitation.id}/accept`, {})
    expect(accepted.statusCode, accepted.body).toBe(200)
    expect(accepted.json()).toMatchObject({ invitation: { status: 'accepted' }, prefill: { items: ['temporary', 'medical'] } })
    expect((await town.get(`/api/staff/warnings/${warning.id}`)).json().invitation).toMatchObject({ status: 'accepted', respondedAt: expect.any(String) })
    expect((await audits('invitation_call_requested', invitation.id)).length + (await audits('invitation_accepted', invitation.id)).length).toBe(2)
  })

  it('should refuse invitations to a resident with no household', async () => {
    const unbound = await unboundResident(t)
    const res = await unbound.get('/api/household/invitations')
    expect(res.statusCode).toBe(403)
    expect(res.json()).toEqual({ code: 'forbidden', message: '请先绑定您的家庭' })
  })
})

interface FunnelRow { village: { code: string, name: string }, month: string, issued: number, verified: number, takenIn: number, referred: number, notEligible: number, couldNotReach: number, medianDaysToDecision: number | null }

/**
 * The rows a funnel should have: those of the warnings below added to what was there before them
 * (the demo's warnings, mock/demo-warnings.ts, none of them decided), village by village.
 */
function onTopOf(baseline: readonly FunnelRow[], rows: readonly FunnelRow[]): FunnelRow[] {
  expect(baseline.every(r => r.verified === 0)).toBe(true)
  const merged = new Map(baseline.map(r => [`${r.village.code}|${r.month}`, r]))
  for (const r of rows) {
    const before = merged.get(`${r.village.code}|${r.month}`)
    merged.set(`${r.village.code}|${r.month}`, before ? { ...r, issued: before.issued + r.issued } : r)
  }
  return [...merged.values()].sort((a, b) => a.village.code === b.village.code ? (a.month < b.month ? -1 : 1) : (a.village.code < b.village.code ? -1 : 1))
}

describe.each(TEST_DIALECTS)('the warning funnel on %s', (kind: DbKind) => {
  let t: TestApp
  let town: TestClient
  let county: TestClient
  let feed = ''
  const baseline: { town: FunnelRow[], county: FunnelRow[] } = { town: [], county: [] }
  const month = () => shanghaiToday().slice(0, 7)

  async function warned(area: string, occurredOn: string): Promise<string> {
    const idNumber = newIdNumber()
    const householdId = await upsertHouseholdFromRegistry(t.db.kysely, { registryRef: `FUNNEL-${sequence}`, areaCode: area, address: `${sequence} 号`, members: [{ idNumber, name: `漏斗${sequence}`, relation: 'self', isHead: true, phone: null }] })
    await t.app.inject({ method: 'POST', url: '/api/feeds/events', headers: { authorization: `Bearer ${feed}` }, payload: { events: [{ kind: 'medical_spending', externalId: `YB-F-${sequence}`, idNumber, occurredAt: occurredOn, amountFen: BIG_BILL_FEN, period: occurredOn.slice(0, 7) }] } })
    return (await t.db.kysely.selectFrom('warnings').select('id').where('household_id', '=', householdId).executeTakeFirstOrThrow()).id
  }

  beforeAll(async () => {
    t = await createTestApp(kind)
    town = await staffClient(t, 'town')
    county = await staffClient(t, 'county')
    feed = (await county.post('/api/staff/feed-credentials', { department: 'yibao', name: '医保系统' })).json().token
    const zhujian = { ...(await t.db.kysely.selectFrom('users').selectAll().where('username', '=', 'town_yibao').executeTakeFirstOrThrow()), id: randomUUID(), username: 'town_zhujian', department: 'zhujian' as const }
    await t.db.kysely.insertInto('users').values(zhujian).execute()
    const zj = await staffClient(t, 'town_zhujian')
    baseline.town = (await town.get(`/api/staff/warnings/funnel?from=${month()}&to=${month()}`)).json().rows
    baseline.county = (await county.get(`/api/staff/warnings/funnel?from=${month()}&to=${month()}`)).json().rows
    // 和美村: five warnings: taken in (3 days after the bill), not eligible (5), referred then
    // taken in by 住建 (10), could not reach (1), one still open. 桃源村: one open. 青山村 (长寿镇): one taken in.
    const [a, b, c, d] = [await warned(HEMEI, daysAgo(3)), await warned(HEMEI, daysAgo(5)), await warned(HEMEI, daysAgo(10)), await warned(HEMEI, daysAgo(1))]
    await warned(HEMEI, daysAgo(2))
    await warned(TAOYUAN, daysAgo(2))
    const e = await warned(QINGSHAN, daysAgo(4))
    const town2 = await staffClient(t, 'town2')
    for (const [client, id, body] of [
      [town, a, { outcome: 'taken_in' }],
      [town, b, { outcome: 'not_eligible', reason: 'supporter_able' }],
      [town, c, { outcome: 'referred', department: 'zhujian' }],
      [zj, c, { outcome: 'taken_in', items: ['medical'] }],
      [town, d, { outcome: 'could_not_reach' }],
      [town2, e, { outcome: 'taken_in' }],
    ] as const) {
      const res = await client.post(`/api/staff/warnings/${id}/verify`, body)
      expect(res.statusCode, res.body).toBe(200)
    }
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t?.close()
  })

  it('should count each stage once per village and month for the town, with the median days to decision', async () => {
    const res = await town.get(`/api/staff/warnings/funnel?from=${month()}&to=${month()}`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({
      from: month(),
      to: month(),
      rows: onTopOf(baseline.town, [
        { village: { code: HEMEI, name: '和美村' }, month: month(), issued: 5, verified: 4, takenIn: 2, referred: 1, notEligible: 1, couldNotReach: 1, medianDaysToDecision: 4 },
        { village: { code: TAOYUAN, name: '桃源村' }, month: month(), issued: 1, verified: 0, takenIn: 0, referred: 0, notEligible: 0, couldNotReach: 0, medianDaysToDecision: null },
      ]),
    })
  })

  it('should count the whole county for county staff', async () => {
    const rows: FunnelRow[] = (await county.get(`/api/staff/warnings/funnel?from=${month()}&to=${month()}`)).json().rows
    const before = new Map(baseline.county.map(r => [r.village.code, r.issued]))
    const added = new Map([[HEMEI, 5], [TAOYUAN, 1], [QINGSHAN, 1]])
    const codes = [...new Set([...before.keys(), ...added.keys()])].sort()
    expect(rows.map(r => [r.village.code, r.issued])).toEqual(codes.map(code => [code, (before.get(code) ?? 0) + (added.get(code) ?? 0)]))
  })

  it('should count nothing outside the months asked for, and refuse a period backwards or too long', async () => {
    expect((await town.get('/api/staff/warnings/funnel?from=2020-01&to=2020-12')).json().rows).toEqual([])
    const backwards = await town.get('/api/staff/warnings/funnel?from=2026-05&to=2026-04')
    expect(backwards.statusCode).toBe(400)
    expect(backwards.json()).toEqual({ code: 'validation_failed', field: 'to', message: '统计区间不正确：起始月份不能晚于结束月份，最长 24 个月' })
    expect((await town.get('/api/staff/warnings/funnel?from=2024-01&to=2026-01')).statusCode).toBe(400)
    expect((await town.get('/api/staff/warnings/funnel?from=2026-13&to=2026-12')).statusCode).toBe(400)
  })

  it('should be 民政\'s: another department is refused', async () => {
    expect((await (await staffClient(t, 'town_yibao')).get(`/api/staff/warnings/funnel?from=${month()}&to=${month()}`)).statusCode).toBe(403)
  })
})

describe('median', () => {
  it.each([[[], null], [[4], 4], [[3, 5], 4], [[10, 1, 3], 3], [[0, 0, 7, 9], 3.5]] as const)('should give the median of %j: %s', (values, expected) => {
    expect(median(values)).toBe(expected)
  })
})

describe.each(TEST_DIALECTS)('migration 023 on %s', (kind: DbKind) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(kind)
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t?.close()
  })

  it('should go down to 021 and up again', async () => {
    // The demo's warnings (mock/demo-warnings.ts) stay, with no department referred to.
    const demoWarnings = (await t.db.kysely.selectFrom('warnings').select('id').execute()).length
    await migrateTo(t.db, '021_happiness_list_stamps')
    await migrate(t.db)
    expect(await t.db.kysely.selectFrom('invitations').select('id').execute()).toEqual([])
    expect(await t.db.kysely.selectFrom('warnings').select('referred_to').execute()).toEqual(Array.from({ length: demoWarnings }, () => ({ referred_to: null })))
  })
})
