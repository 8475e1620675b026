import type { DbKind } from '../../db'
import type { TestClient } from '../../testing'
import type { TestApp } from '../applications/test-builders'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeToken } from '../../../src/domain/household-code/token'
import { createTestApp, TEST_DIALECTS } from '../../testing'
import { HOUSEHOLD, residentOf, staffClient } from '../applications/test-builders'

// A volunteer's referral (转介, issue #19 1b): sent with the visit it came from, stored with it
// once, raising one warning in the town's queue; staff see the visit beside the warning, the
// volunteer sees nothing of the warning.

const DAY = 86_400_000
/** The same visit sent this many times at once, as a phone's outbox and Background Sync may. */
const PARALLEL = 20
const SETUP_TIMEOUT_MS = 60_000
/** Whole seconds, like every stored issue time; earlier than any visit of these tests. */
const FIRST_CODES_ISSUED_AT = new Date(Math.floor((Date.now() - 89 * DAY) / 1000) * 1000).toISOString()
const FORBIDDEN = { code: 'forbidden', message: '您没有权限进行此操作' }

type Key = keyof typeof HOUSEHOLD

describe.each(TEST_DIALECTS)('referrals from visits on %s', (kind: DbKind) => {
  let t: TestApp
  let volunteer: TestClient
  let shegong: TestClient
  let town: TestClient
  let townYibao: TestClient
  const tokens = new Map<Key, string>()
  /**
   * A referral's warning is one per household, member and day (its cause): each test visits on a
   * day of its own, so that its referral is no second signal of another test's warning.
   */
  let daysAgo = 1

  const householdIdOf = async (key: Key) => (await t.db.kysely.selectFrom('households').select('id').where('registry_ref', '=', HOUSEHOLD[key].registryRef).executeTakeFirstOrThrow()).id
  const tokenOf = async (key: Key): Promise<string> => {
    if (!tokens.has(key)) {
      const r = await residentOf(t, key)
      await r.get('/api/household-code')
      // Dated back as if issued long ago: the visits of these tests may not precede their code.
      await t.db.kysely.updateTable('household_codes').set({ issued_at: FIRST_CODES_ISSUED_AT }).where('household_id', '=', await householdIdOf(key)).execute()
      const res = await r.get('/api/household-code')
      expect(res.statusCode, res.body).toBe(200)
      tokens.set(key, res.json().token)
    }
    return tokens.get(key)!
  }
  const visitBody = async (key: Key, over: Record<string, unknown> = {}) => ({
    clientId: randomUUID(),
    token: await tokenOf(key),
    type: 'care',
    visitedAt: new Date(Date.now() - daysAgo++ * DAY).toISOString(),
    observations: [{ dimension: 'health', level: 'urgent', note: '卧床，女儿电话 13812345678' }, { dimension: 'housing', level: 'concern' }],
    urgent: true,
    urgentNote: '需要有人送医',
    notes: '私密记录：存折在衣柜',
    ...over,
  })
  const signalsOf = (clientId: string) => t.db.kysely.selectFrom('signals').selectAll().where('source', '=', 'volunteer').where('external_id', '=', clientId).execute()
  const visitsOf = (clientId: string) => t.db.kysely.selectFrom('visits').select('id').where('client_id', '=', clientId).execute()
  /** The warnings a visit's referral raised or joined. */
  const warningsOf = (clientId: string) => t.db.kysely.selectFrom('warnings')
    .innerJoin('warning_signals', 'warning_signals.warning_id', 'warnings.id')
    .innerJoin('signals', 'signals.id', 'warning_signals.signal_id')
    .select(['warnings.id', 'warnings.rule', 'warnings.household_id', 'warnings.status'])
    .where('signals.source', '=', 'volunteer')
    .where('signals.external_id', '=', clientId)
    .execute()
  const count = async (table: 'visits' | 'signals' | 'warnings') => Number((await t.db.kysely.selectFrom(table).select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)

  beforeAll(async () => {
    t = await createTestApp(kind)
    volunteer = await staffClient(t, 'volunteer')
    shegong = await staffClient(t, 'shegong')
    town = await staffClient(t, 'town')
    townYibao = await staffClient(t, 'town_yibao')
  }, SETUP_TIMEOUT_MS)
  afterAll(async () => {
    await t?.close()
  })

  it('should store a visit with a referral, one signal of the volunteer under the visit\'s clientId and one warning in the town\'s queue, answering nothing of it', async () => {
    const body = await visitBody('wang', { referral: { seen: ['serious_illness', 'no_carer'], note: '  老人独居，常忘记吃药 ' } })
    const res = await volunteer.post('/api/visits', body)
    expect(res.statusCode, res.body).toBe(201)
    expect(res.json()).toEqual({ id: expect.any(String), clientId: body.clientId, created: true, status: 'accepted' })

    const [signal, ...moreSignals] = await signalsOf(body.clientId)
    expect(moreSignals).toEqual([])
    expect(signal).toMatchObject({ kind: 'referral', household_id: await householdIdOf('wang'), member_id: null, occurred_at: new Date(Date.parse(body.visitedAt)).toISOString(), credential_id: null, imported_by: null })
    // Sealed like every signal.
    expect(signal!.payload).not.toContain('忘记吃药')
    const [warning, ...moreWarnings] = await warningsOf(body.clientId)
    expect(moreWarnings).toEqual([])
    expect(warning).toMatchObject({ rule: 'referral', household_id: await householdIdOf('wang'), status: 'open' })

    const queue = (await town.get('/api/staff/warnings')).json().warnings
    expect(queue.filter((w: { id: string }) => w.id === warning!.id)).toHaveLength(1)
  })

  it('should store the visit, its signal and its warning once when the same visit is sent 20 times at once', async () => {
    const body = await visitBody('li', { referral: { seen: ['no_income'] } })
    const before = { visits: await count('visits'), signals: await count('signals'), warnings: await count('warnings') }
    const answers = await Promise.all(Array.from({ length: PARALLEL }, () => volunteer.post('/api/visits', body)))
    expect(answers.map(a => a.statusCode).sort()).toEqual([...Array.from({ length: PARALLEL - 1 }, () => 200), 201])
    expect(new Set(answers.map(a => a.json().id)).size).toBe(1)
    expect(await visitsOf(body.clientId)).toHaveLength(1)
    expect(await signalsOf(body.clientId)).toHaveLength(1)
    expect(await warningsOf(body.clientId)).toHaveLength(1)
    expect({ visits: await count('visits'), signals: await count('signals'), warnings: await count('warnings') }).toEqual({ visits: before.visits + 1, signals: before.signals + 1, warnings: before.warnings + 1 })

    // And a resend later: the stored answer, nothing more.
    const again = await volunteer.post('/api/visits', body)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ created: false })
    expect(await count('signals')).toBe(before.signals + 1)
  })

  let revokedChen = false
  /** 陈's code as a phone still knew it: regenerated ten days ago, so visits since are held for staff (issue #16). */
  const heldToken = async (): Promise<string> => {
    const old = await tokenOf('chen')
    if (!revokedChen) {
      const resident = await residentOf(t, 'chen')
      expect((await resident.post('/api/household-code/regenerate', {})).statusCode).toBe(200)
      const decoded = decodeToken(old)
      await t.db.kysely.updateTable('revoked_codes').set({ revoked_at: new Date(Date.now() - 10 * DAY).toISOString() }).where('ref', '=', decoded.ok ? decoded.payload.ref : '').execute()
      revokedChen = true
    }
    return old
  }
  /** A held visit with a referral, on a day of its own within the ten days. */
  let heldDaysAgo = 1
  const heldVisit = async () => {
    const body = await visitBody('chen', { token: await heldToken(), visitedAt: new Date(Date.now() - heldDaysAgo++ * DAY).toISOString(), referral: { seen: ['no_income'], note: '说家里断了收入' } })
    const res = await shegong.post('/api/visits', body)
    expect(res.statusCode, res.body).toBe(202)
    expect(res.json()).toMatchObject({ created: true, status: 'pending_confirmation' })
    const [visit] = await visitsOf(body.clientId)
    return { body, visitId: visit!.id }
  }
  const confirmationOf = (visitId: string) => t.db.kysely.selectFrom('visit_confirmations').select(['status', 'referral']).where('visit_id', '=', visitId).executeTakeFirstOrThrow()

  it('should hold the referral of a visit held for staff with the visit: no signal and no warning until staff confirm it, then one', async () => {
    const { body, visitId } = await heldVisit()
    const held = await confirmationOf(visitId)
    expect(held.status).toBe('pending')
    // Sealed like the signal it becomes.
    expect(held.referral).toEqual(expect.any(String))
    expect(held.referral).not.toContain('断了收入')
    expect(await signalsOf(body.clientId)).toEqual([])
    expect(await warningsOf(body.clientId)).toEqual([])
    // A resend raises nothing either.
    expect((await shegong.post('/api/visits', body)).statusCode).toBe(202)
    expect(await signalsOf(body.clientId)).toEqual([])
    // Staff see that a referral waits with the visit.
    const listed = ((await town.get('/api/staff/visits/confirmations')).json().visits as { id: string, withReferral: boolean }[]).find(v => v.id === visitId)
    expect(listed?.withReferral).toBe(true)

    const confirmed = await town.post(`/api/staff/visits/confirmations/${visitId}/confirm`, {})
    expect(confirmed.statusCode, confirmed.body).toBe(200)
    expect(await signalsOf(body.clientId)).toEqual([expect.objectContaining({ kind: 'referral', household_id: await householdIdOf('chen'), occurred_at: new Date(Date.parse(body.visitedAt)).toISOString() })])
    expect(await warningsOf(body.clientId)).toEqual([expect.objectContaining({ rule: 'referral', household_id: await householdIdOf('chen'), status: 'open' })])
    expect(await confirmationOf(visitId)).toEqual({ status: 'confirmed', referral: null })
    // Decided once: a second confirmation and a resend add nothing.
    expect((await town.post(`/api/staff/visits/confirmations/${visitId}/confirm`, {})).statusCode).toBe(409)
    expect((await shegong.post('/api/visits', body)).statusCode).toBe(200)
    expect(await signalsOf(body.clientId)).toHaveLength(1)
  })

  it('should drop the referral of a held visit staff reject, raising nothing', async () => {
    const { body, visitId } = await heldVisit()
    const before = { signals: await count('signals'), warnings: await count('warnings') }
    const rejected = await town.post(`/api/staff/visits/confirmations/${visitId}/reject`, {})
    expect(rejected.statusCode, rejected.body).toBe(200)
    expect(await confirmationOf(visitId)).toEqual({ status: 'rejected', referral: null })
    expect(await signalsOf(body.clientId)).toEqual([])
    expect({ signals: await count('signals'), warnings: await count('warnings') }).toEqual(before)
    expect((await town.post(`/api/staff/visits/confirmations/${visitId}/confirm`, {})).statusCode).toBe(409)
    expect(await signalsOf(body.clientId)).toEqual([])
  })

  it(`should raise a held referral once when staff confirm and reject it ${PARALLEL} times at once`, async () => {
    const { body, visitId } = await heldVisit()
    const answers = await Promise.all(Array.from({ length: PARALLEL }, (_, i) => town.post(`/api/staff/visits/confirmations/${visitId}/${i % 2 === 0 ? 'confirm' : 'reject'}`, {})))
    const codes = answers.map(a => a.statusCode)
    expect(codes.filter(c => c === 200)).toHaveLength(1)
    expect(codes.filter(c => c === 409)).toHaveLength(PARALLEL - 1)
    const { status } = await confirmationOf(visitId)
    expect(await signalsOf(body.clientId)).toHaveLength(status === 'confirmed' ? 1 : 0)
    expect(await warningsOf(body.clientId)).toHaveLength(status === 'confirmed' ? 1 : 0)
  })

  it('should store no signal and no warning for a visit without referral', async () => {
    const body = await visitBody('wang')
    const before = { signals: await count('signals'), warnings: await count('warnings') }
    expect((await volunteer.post('/api/visits', body)).statusCode).toBe(201)
    expect(await signalsOf(body.clientId)).toEqual([])
    expect({ signals: await count('signals'), warnings: await count('warnings') }).toEqual(before)
  })

  it('should show town 民政 staff the visit beside the referral, masked and audited; another department the referral without the visit', async () => {
    const body = await visitBody('wang', { referral: { seen: ['serious_illness'], note: '建议尽快上门，女儿电话 139 1234 5678' } })
    expect((await volunteer.post('/api/visits', body)).statusCode).toBe(201)
    const [warning] = await warningsOf(body.clientId)
    const res = await town.get(`/api/staff/warnings/${warning!.id}`)
    expect(res.statusCode, res.body).toBe(200)
    const signal = res.json().signals.find((s: { kind: string, payload: { seen?: string[] } | null }) => s.kind === 'referral' && s.payload?.seen?.[0] === 'serious_illness')
    expect(signal).toMatchObject({ source: 'volunteer', sourceName: '志愿者', payload: { seen: ['serious_illness'], note: '建议尽快上门，女儿电话 139****5678' }, withheld: false })
    expect(signal.visit).toEqual({
      visitedAt: new Date(Date.parse(body.visitedAt)).toISOString(),
      visitorName: '志愿者 周敏',
      summary: '探访关爱；健康：急需帮助（卧床，女儿电话 138****5678）；住房：需关注；急需帮助：需要有人送医',
    })
    // The work notes stay with the visit; a phone number never shows in full.
    expect(res.body).not.toContain('存折')
    expect(res.body).not.toContain('13812345678')
    expect(res.body).not.toContain('1234 5678')
    expect(res.json().text).toContain('139****5678')
    const audit = await t.db.kysely.selectFrom('audit_log').select(['action', 'subject_id']).where('action', '=', 'warning_view').where('subject_id', '=', warning!.id).execute()
    expect(audit).toHaveLength(1)

    // 医保 sees the warning (it suggests 医疗救助) and the referral, not the visit's six dimensions.
    const yibao = await townYibao.get(`/api/staff/warnings/${warning!.id}`)
    expect(yibao.statusCode, yibao.body).toBe(200)
    const theirs = yibao.json().signals.find((s: { id: string }) => s.id === signal.id)
    expect(theirs).toMatchObject({ payload: { seen: ['serious_illness'] }, visit: null })
  })

  it('should show the volunteer that a visit was referred, and nothing of its warning', async () => {
    const referred = await visitBody('li', { referral: { seen: ['unsafe_housing'] } })
    const plain = await visitBody('li')
    expect((await volunteer.post('/api/visits', referred)).statusCode).toBe(201)
    expect((await volunteer.post('/api/visits', plain)).statusCode).toBe(201)
    const mine = await volunteer.get('/api/visits/mine')
    const visits = mine.json().visits as { clientId: string, referred: boolean }[]
    expect(visits.find(v => v.clientId === referred.clientId)).toMatchObject({ referred: true })
    expect(visits.find(v => v.clientId === plain.clientId)).toMatchObject({ referred: false })
    expect(mine.body).not.toMatch(/warning|预警|rule/i)

    for (const url of ['/api/staff/warnings', `/api/staff/warnings/${(await warningsOf(referred.clientId))[0]!.id}`, '/api/staff/warnings/funnel?from=2026-01&to=2026-03']) {
      const res = await volunteer.get(url)
      expect(res.statusCode, url).toBe(403)
      expect(res.json(), url).toEqual(FORBIDDEN)
    }
  })

  it('should name a member of the visited household, and refuse one of another household storing nothing', async () => {
    const memberOf = async (key: Key) => (t.db.kysely.selectFrom('household_members').select('id').where('household_id', '=', await householdIdOf(key)).orderBy('id').executeTakeFirstOrThrow())
    const [liMember, wangMember] = [await memberOf('li'), await memberOf('wang')]

    const named = await visitBody('li', { referral: { seen: ['child_out_of_school'], memberId: liMember.id } })
    expect((await volunteer.post('/api/visits', named)).statusCode).toBe(201)
    expect(await signalsOf(named.clientId)).toEqual([expect.objectContaining({ member_id: liMember.id })])

    const wrong = await visitBody('li', { referral: { seen: ['child_out_of_school'], memberId: wangMember.id } })
    const res = await volunteer.post('/api/visits', wrong)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ code: 'validation_failed', message: expect.any(String), field: 'referral.memberId' })
    expect(await visitsOf(wrong.clientId)).toEqual([])
    expect(await signalsOf(wrong.clientId)).toEqual([])
  })

  it.each([
    ['nothing seen', { seen: [] }],
    ['a code of no list', { seen: ['hungry'] }],
    ['the same code twice', { seen: ['no_income', 'no_income'] }],
    ['"other" without a note', { seen: ['other'], note: '   ' }],
    ['a note too long', { seen: ['no_carer'], note: '字'.repeat(501) }],
    ['a note that is no text', { seen: ['no_carer'], note: 5 }],
    ['an unknown member', { seen: ['no_carer'], memberId: 'no-such-member' }],
    ['no object', ['no_income']],
  ])('should refuse a referral with %s as { code, message } and store neither visit nor signal', async (_, referral) => {
    const body = await visitBody('wang', { referral })
    const before = { visits: await count('visits'), signals: await count('signals'), warnings: await count('warnings') }
    const res = await volunteer.post('/api/visits', body)
    expect(res.statusCode, res.body).toBe(400)
    expect(res.json()).toEqual({ code: 'validation_failed', message: expect.any(String), field: expect.stringMatching(/^referral/) })
    expect({ visits: await count('visits'), signals: await count('signals'), warnings: await count('warnings') }).toEqual(before)
  })
})
