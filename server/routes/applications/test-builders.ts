import type { ApplicationInput } from '../../../src/domain/application/schemas'
import type { StaffAction } from '../../../src/domain/application/staff-api'
import type { ItemCode } from '../../../src/domain/items'
import type { createTestApp } from '../../testing'
import { randomUUID } from 'node:crypto'
import { DEMO_HOUSEHOLDS, DEMO_PASSWORD } from '../../../mock/demo-data'
import { TestClient } from '../../testing'

// Shared builders for the application, staff and notification API tests: a signed-in demo
// resident, a valid application of their household, staff sign-ins and case actions.

export type TestApp = Awaited<ReturnType<typeof createTestApp>>

/** A 1×1 PNG: valid as a drawn signature and as a photo. */
export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII='
export const SIGNATURE = `data:image/png;base64,${PNG_BASE64}`
/** Enough of a JPEG for the type check (SOI marker + APP0). */
export const JPEG_BASE64 = Buffer.from([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9]).toString('base64')

/** Demo households by name of their head, as in mock/demo-data.ts. */
export const HOUSEHOLD = {
  wang: DEMO_HOUSEHOLDS[0],
  li: DEMO_HOUSEHOLDS[1],
  chen: DEMO_HOUSEHOLDS[2],
  liu: DEMO_HOUSEHOLDS[3],
  zhao: DEMO_HOUSEHOLDS[4],
}
export type HouseholdKey = keyof typeof HOUSEHOLD

/** Ages are read from the ID numbers; these are the adults of each demo household. */
const ADULT_BIRTH_YEAR_BEFORE = 2008

/** Declared incomes per ID number: what the people tell, often less than the sources find. */
const DECLARED_INCOME: Record<string, number> = {
  '339901194803150028': 260,
  '339901197506080012': 1500,
  '339901197809200026': 0,
  '339901194002110026': 600,
  '339901198511110022': 800,
}

let sequence = 0

/** Signs in a new resident (own phone and address) and binds them to a demo household. */
export async function residentOf(t: TestApp, household: HouseholdKey = 'li', lang = 'zh-CN'): Promise<TestClient> {
  const n = ++sequence
  const client = new TestClient(t.app, `10.40.${Math.floor(n / 250)}.${n % 250}`, lang)
  const phone = `1360000${String(1000 + n)}`
  await client.signInResident(t.sms, phone)
  await bindAtOffice(t, phone, HOUSEHOLD[household].members[0])
  await client.get('/api/session')
  return client
}

const officeClerks = new WeakMap<TestApp, Promise<TestClient>>()

/**
 * Binds a phone to a member's household as the town office does after seeing the ID card
 * (tests need many accounts per household; only one phone per member is in the registry).
 */
export async function bindAtOffice(t: TestApp, phone: string, member: { idNumber: string, name: string }): Promise<void> {
  if (!officeClerks.has(t))
    officeClerks.set(t, staffClient(t, 'county'))
  const clerk = await officeClerks.get(t)!
  const bound = await clerk.post('/api/staff/household-bindings', { phone, idNumber: member.idNumber, name: member.name, idCardChecked: true })
  if (bound.statusCode !== 200)
    throw new Error(`binding failed: ${bound.body}`)
}

/** Signs in a resident without a household. */
export async function unboundResident(t: TestApp): Promise<TestClient> {
  const n = ++sequence
  const client = new TestClient(t.app, `10.41.${Math.floor(n / 250)}.${n % 250}`)
  await client.signInResident(t.sms, `1350000${String(1000 + n)}`)
  return client
}

export async function staffClient(t: TestApp, username: string, lang = 'zh-CN'): Promise<TestClient> {
  const n = ++sequence
  const client = new TestClient(t.app, `10.42.${Math.floor(n / 250)}.${n % 250}`, lang)
  const res = await client.post('/api/auth/login', { username, password: DEMO_PASSWORD })
  if (res.statusCode !== 200)
    throw new Error(`login failed: ${res.body}`)
  return client
}

/** A valid application of a demo household: every member listed, every adult signed, assets declared. */
export function applicationInput(household: HouseholdKey = 'li', over: Partial<ApplicationInput> = {}): ApplicationInput & { authorisations: NonNullable<ApplicationInput['authorisations']>, declaration: NonNullable<ApplicationInput['declaration']> } {
  const h = HOUSEHOLD[household]
  const adults = h.members.filter(m => Number(m.idNumber.slice(6, 10)) < ADULT_BIRTH_YEAR_BEFORE)
  return {
    idempotencyKey: `test-${randomUUID()}`,
    applicant: { name: h.members[0].name, idNumber: h.members[0].idNumber, phone: '13900001111', address: h.address, region: '339901' },
    members: h.members.map(m => ({
      name: m.name,
      idNumber: m.idNumber,
      relation: m.relation,
      monthlyIncome: DECLARED_INCOME[m.idNumber] ?? 0,
      disabilityGrade: 0,
      seriousIllness: false,
      student: m.relation === 'child' || m.relation === 'grandchild' ? 'compulsory' : 'none',
    })),
    items: ['dibao', 'medical'],
    reason: '家庭收入低，孩子上学，老人看病花销大',
    receiving: [],
    attachmentIds: [],
    authorisations: adults.map(m => ({ idNumber: m.idNumber, name: m.name, agreedAt: '2026-11-20T08:00:00.000Z', signature: SIGNATURE })),
    declaration: { depositsTotal: 3000, vehicles: 0, extraHousing: false, fromDiagnosis: false },
    removedMembers: [],
    ...over,
  }
}

export interface SubmittedCase { id: string, item: ItemCode, status: string }
export interface Submitted { id: string, number: string, cases: SubmittedCase[] }

/**
 * Tests share the five demo households, and a household cannot hold two open cases of one item
 * (issue #15): the resident withdraws, through the API, whatever earlier tests left undecided
 * of these items.
 */
export async function withdrawOpenCases(client: TestClient, items: readonly string[]): Promise<void> {
  const { applications } = (await client.get('/api/applications')).json() as { applications: { cases: { id: string, item: string, status: string }[] }[] }
  for (const c of applications.flatMap(a => a.cases)) {
    if (items.includes(c.item) && !['approved', 'rejected', 'withdrawn'].includes(c.status))
      await client.post(`/api/cases/${c.id}/withdraw`, {})
  }
}

/**
 * Forgets what the demo households receive (department payments and approvals), for tests of
 * applying and deciding that need households free to apply for 低保; the tests of "already
 * receiving" keep the demo history.
 */
export async function forgetDemoPayments(t: TestApp): Promise<void> {
  await t.db.kysely.deleteFrom('benefit_records').execute()
  await t.db.kysely.deleteFrom('entitlements').execute()
}

/** Submits an application (after withdrawing earlier tests' open cases of its items); fails the test on anything but 201. */
export async function submitDemoApplication(client: TestClient, household: HouseholdKey = 'li', over: Partial<ApplicationInput> = {}): Promise<Submitted> {
  const input = applicationInput(household, over)
  await withdrawOpenCases(client, input.items)
  const res = await client.post('/api/applications', input)
  if (res.statusCode !== 201)
    throw new Error(`submit failed: ${res.statusCode} ${res.body}`)
  return res.json()
}

export function caseOf(application: Submitted, item: ItemCode): SubmittedCase {
  const c = application.cases.find(x => x.item === item)
  if (!c)
    throw new Error(`no ${item} case`)
  return c
}

export function act(staff: TestClient, caseId: string, action: StaffAction, extra: Record<string, unknown> = {}) {
  const defaults: Record<string, unknown> = action === 'approve'
    ? { monthlyAmount: 886, startDate: '2026-12-01' }
    : action === 'reject' || action === 'request_info' ? { reason: '请提供近三个月的工资流水' } : {}
  return staff.post(`/api/staff/cases/${caseId}/actions`, { action, ...defaults, ...extra })
}

/** Takes a case from submitted to reviewing, the way staff do. */
export async function toReviewing(staff: TestClient, caseId: string): Promise<void> {
  for (const action of ['accept', 'start_check', 'start_review'] as const) {
    const res = await act(staff, caseId, action)
    if (res.statusCode !== 200)
      throw new Error(`${action} failed: ${res.body}`)
  }
}
