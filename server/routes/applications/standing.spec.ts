import type { DbKind } from '../../db'
import type { TestApp } from './test-builders'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { shanghaiToday } from '../../../src/domain/time'
import { monthsBefore } from '../../../src/domain/warnings/dates'
import { storedMemberIds } from '../../crypto/member-refs'
import { upsertBenefits } from '../../db/repos/benefits'
import { createTestApp, TEST_DIALECTS, TestClient } from '../../testing'
import { act, applicationInput, HOUSEHOLD, residentOf, staffClient, submitDemoApplication, toReviewing, withdrawOpenCases } from './test-builders'

// Issue #15: one household, one truth. The registry is where an application starts; a household
// cannot hold two open cases or two live entitlements of one item (nor 低保 and 特困 together);
// approved amounts are checked against the region's figures.

/**
 * The first month the departments' payments are read for (two years: server/db/repos/standing.ts).
 * A run of payments that reaches it may have begun earlier: its first month is not named.
 */
const LOOKED_FROM = monthsBefore(shanghaiToday(), 24).slice(0, 7)
/** 李建国's family's 低保 began in July 2025 (mock/benefit-history.ts): named while the feeds show it. */
const LI_SINCE = LOOKED_FROM < '2025-07' ? '2025-07' : null

describe.each(TEST_DIALECTS)('one household, one truth on %s', (kind: DbKind) => {
  let t: TestApp
  let town: TestClient

  beforeAll(async () => {
    t = await createTestApp(kind)
    town = await staffClient(t, 'town')
  })
  // Approvals of one test must not make another's household "already receiving".
  beforeEach(async () => {
    await t.db.kysely.deleteFrom('entitlements').execute()
  })
  afterAll(async () => {
    await t.close()
  })

  describe('what the form starts from (GET /api/application-start)', () => {
    it('should list the registered members with relations, ages and sexes from the ID numbers, the applicant first', async () => {
      const resident = await residentOf(t, 'li')
      const res = await resident.get('/api/application-start')
      expect(res.statusCode).toBe(200)
      const { registered } = res.json()
      expect(registered.map((m: { name: string, relation: string, sex: string, isSelf: boolean, isHead: boolean }) => [m.name, m.relation, m.sex, m.isSelf, m.isHead])).toEqual([
        ['李建国', 'self', 'male', true, true],
        ['张丽', 'spouse', 'female', false, false],
        ['李小明', 'child', 'male', false, false],
      ])
      expect(registered[2].age).toBeLessThan(18)
      expect(registered[0].idNumber).toBe(HOUSEHOLD.li.members[0].idNumber)
    })

    it('should start with the member the account was bound as, relations seen from them', async () => {
      // 张丽 binds with the phone the registry holds for her.
      const client = new TestClient(t.app, '10.77.0.1')
      await client.signInResident(t.sms, '13800138002')
      const bound = await client.post('/api/household/bind', { idNumber: HOUSEHOLD.li.members[1].idNumber, name: '张丽' })
      expect(bound.statusCode).toBe(200)
      const { registered } = (await client.get('/api/application-start')).json()
      expect(registered.map((m: { name: string, relation: string, isSelf: boolean }) => [m.name, m.relation, m.isSelf])).toEqual([
        ['张丽', 'self', true],
        ['李建国', 'spouse', false],
        ['李小明', 'child', false],
      ])
    })

    it('should say which items the household receives (since when) and which are being handled', async () => {
      const resident = await residentOf(t, 'li')
      const open = await submitDemoApplication(resident, 'li', { items: ['temporary'] })
      const { standing } = (await resident.get('/api/application-start')).json()
      // The demo history: 李建国's family has been paid 低保 by 民政 since July 2025.
      expect(standing).toContainEqual({ item: 'dibao', state: 'receiving', since: LI_SINCE, applicationNumber: null })
      expect(standing).toContainEqual({ item: 'temporary', state: 'open', since: null, applicationNumber: open.number })
      // Medical aid is decided case by case: paid before, it can be applied for again.
      expect(standing.some((s: { item: string }) => s.item === 'medical')).toBe(false)
    })

    it('should name no first month it cannot see: 王秀英 has been paid 低保 since January 2024, before the two years read', async () => {
      const resident = await residentOf(t, 'wang')
      const { standing } = (await resident.get('/api/application-start')).json()
      expect(standing).toContainEqual({ item: 'dibao', state: 'receiving', since: null, applicationNumber: null })
      const res = await resident.post('/api/applications', applicationInput('wang', { items: ['dibao'] }))
      expect(res.statusCode).toBe(409)
      expect(res.json()).toEqual({ code: 'already_receiving', field: 'items', message: expect.stringContaining('您家已在享受最低生活保障（低保），不能重复申请') })
    })
  })

  describe('no duplicate cases or entitlements (POST /api/applications)', () => {
    it('should refuse 低保 to a household the department already pays it to, naming the month it started', async () => {
      const resident = await residentOf(t, 'li')
      const res = await resident.post('/api/applications', applicationInput('li', { items: ['dibao', 'medical'] }))
      expect(res.statusCode).toBe(409)
      expect(res.json()).toEqual({ code: 'already_receiving', field: 'items', message: expect.stringContaining(LI_SINCE ? `您家已在享受最低生活保障（低保）（自 ${LI_SINCE.slice(0, 4)}年${Number(LI_SINCE.slice(5))}月 起）` : '您家已在享受最低生活保障（低保），不能重复申请') })
    })

    it('should refuse 特困 to a 低保 household and 低保 to a 特困 household', async () => {
      const li = await residentOf(t, 'li')
      expect((await li.post('/api/applications', applicationInput('li', { items: ['tekun'] }))).json().code).toBe('already_receiving')
      const chen = await residentOf(t, 'chen')
      const res = await chen.post('/api/applications', applicationInput('chen', { items: ['dibao'] }))
      expect(res.json()).toMatchObject({ code: 'already_receiving', message: expect.stringContaining('特困') })
    })

    it('should refuse 低保 and 特困 in one application', async () => {
      const resident = await residentOf(t, 'liu')
      const res = await resident.post('/api/applications', applicationInput('liu', { items: ['dibao', 'tekun'] }))
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ field: 'items' })
    })

    it('should refuse a second open case of the same item with the number of the first', async () => {
      const resident = await residentOf(t, 'li')
      const first = await submitDemoApplication(resident, 'li', { items: ['temporary'] })
      const second = await resident.post('/api/applications', applicationInput('li', { items: ['temporary'] }))
      expect(second.statusCode).toBe(409)
      expect(second.json()).toEqual({ code: 'case_open', field: 'items', message: expect.stringContaining(first.number) })
    })

    it('should let exactly one of 20 concurrent submits for the same item through', async () => {
      const residents = await Promise.all(Array.from({ length: 4 }, () => residentOf(t, 'liu')))
      await withdrawOpenCases(residents[0], ['dibao'])
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => residents[i % 4].post('/api/applications', applicationInput('liu', { items: ['dibao'] }))))
      expect(results.map(r => r.statusCode).sort()).toEqual([201, ...Array.from({ length: 19 }, () => 409)])
      const open = await t.db.kysely.selectFrom('cases').select('id').where('item', '=', 'dibao').where('status', '=', 'submitted').execute()
      expect(open).toHaveLength(1)
    })

    it('should refuse to approve 低保 when the department started paying it meanwhile', async () => {
      const resident = await residentOf(t, 'liu')
      const application = await submitDemoApplication(resident, 'liu', { items: ['dibao'] })
      await toReviewing(town, application.cases[0].id)
      const liu = HOUSEHOLD.liu.members
      const householdId = (await t.db.kysely.selectFrom('households').select('id').where('registry_ref', '=', HOUSEHOLD.liu.registryRef).executeTakeFirstOrThrow()).id
      const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7)
      await upsertBenefits(t.db.kysely, [{ household_id: householdId, department: 'mingzheng', external_id: `test-liu-dibao-${kind}`, item: 'dibao', kind: 'cash', amount_fen: 50_000, quantity: null, unit: null, period: month, paid_on: `${month}-10`, member_ids: storedMemberIds([liu[0].idNumber]), status: 'paid', source: 'feed', reference: null, credential_id: null, import_batch_id: null }])
      const res = await act(town, application.cases[0].id, 'approve', { monthlyAmount: 500 })
      expect(res.statusCode).toBe(409)
      expect(res.json()).toMatchObject({ code: 'already_receiving', message: expect.stringContaining('不能再批准') })
      await t.db.kysely.deleteFrom('benefit_records').where('external_id', '=', `test-liu-dibao-${kind}`).execute()
    })
  })

  describe('the registry is the starting point', () => {
    it('should refuse an application that silently leaves out a registered member', async () => {
      const resident = await residentOf(t, 'li')
      await withdrawOpenCases(resident, ['temporary'])
      const input = applicationInput('li', { items: ['temporary'] })
      input.members = input.members.filter(m => m.name !== '张丽')
      input.authorisations = input.authorisations.filter(a => a.name !== '张丽')
      const res = await resident.post('/api/applications', input)
      expect(res.statusCode).toBe(400)
      expect(res.json()).toEqual({ code: 'registered_member_missing', field: 'members', message: expect.stringContaining('张丽') })

      const removed = await resident.post('/api/applications', { ...input, removedMembers: [{ idNumber: HOUSEHOLD.li.members[1].idNumber, reason: 'moved_out', note: '在杭州打工，已分开生活' }] })
      expect(removed.statusCode).toBe(201)
      const page = (await town.get(`/api/staff/cases/${removed.json().cases[0].id}`)).json()
      expect(page.application.removedMembers).toEqual([{ nameMasked: '张*', idMasked: expect.stringMatching(/^339\*+0026$/), relation: 'spouse', reason: 'moved_out', note: '在杭州打工，已分开生活' }])
    })

    it('should refuse to leave out someone who is not registered in the household', async () => {
      const resident = await residentOf(t, 'li')
      const res = await resident.post('/api/applications', applicationInput('li', { items: ['temporary'], removedMembers: [{ idNumber: HOUSEHOLD.zhao.members[0].idNumber, reason: 'other' }] }))
      expect(res.statusCode).toBe(400)
      expect(res.json().field).toBe('removedMembers.0.idNumber')
    })
  })

  describe('amounts against the region\'s figures (POST /api/staff/cases/:id/actions)', () => {
    it('should suggest the 低保 gap with its working, refuse above the maximum and keep who approved what', async () => {
      const resident = await residentOf(t, 'liu')
      const application = await submitDemoApplication(resident, 'liu', { items: ['dibao'] })
      const id = application.cases[0].id
      await toReviewing(town, id)
      const page = (await town.get(`/api/staff/cases/${id}`)).json()
      // 刘芳 declares 800 a month, her son nothing: (886 − 400) × 2.
      expect(page.amountGuide).toEqual({ suggested: 972, max: 1772, working: { rule: 'dibao_gap', line: 886, members: 2, income: 800, perCapita: 400, gap: 486 }, regionName: expect.stringContaining('浙江省') })

      for (const amount of [1772.01, 50_000, 1e12]) {
        const above = await act(town, id, 'approve', { monthlyAmount: amount })
        expect(above.statusCode).toBe(400)
        expect(above.json()).toEqual({ code: 'amount_above_max', field: 'monthlyAmount', message: '每月金额超过上限：按本地标准最多每月 1772 元' })
      }
      const fine = await act(town, id, 'approve', { monthlyAmount: 972, startDate: '2026-12-01' })
      expect(fine.statusCode).toBe(200)
      const after = (await town.get(`/api/staff/cases/${id}`)).json()
      expect(after.case.decision).toEqual({ monthlyAmount: 972, startDate: '2026-12-01', reason: null, decidedAt: expect.any(String), decidedBy: '安乐镇 民政部门' })
    })

    it('should refuse a monthly amount for an item that is not paid monthly', async () => {
      const application = await submitDemoApplication(await residentOf(t, 'li'), 'li', { items: ['temporary'] })
      await toReviewing(town, application.cases[0].id)
      const res = await act(town, application.cases[0].id, 'approve', { monthlyAmount: 500 })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'amount_not_applicable', field: 'monthlyAmount' })
      expect((await act(town, application.cases[0].id, 'approve', { monthlyAmount: undefined })).statusCode).toBe(200)
    })
  })
})
