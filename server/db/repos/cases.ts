import type { Kysely, Selectable, Updateable } from 'kysely'
import type { CaseStatus } from '../../../src/domain/application/case-status'
import type { DepartmentCode, ItemCode } from '../../../src/domain/items'
import type { CaseStepTable, CaseTable, Database, EntitlementTable, InfoAnswerTable } from '../schema'

export type CaseRow = Selectable<CaseTable>
export type CaseStepRow = Selectable<CaseStepTable>
export type InfoAnswerRow = Selectable<InfoAnswerTable>

/** What a staff member may see: their department, in their town or county. */
export interface StaffScope {
  areaCode: string
  department: DepartmentCode
}

/** New cases with their first step (seq 1), in two statements whatever the number of items. */
export async function insertCases(db: Kysely<Database>, cases: CaseRow[], firstSteps: Omit<CaseStepRow, 'seq'>[]): Promise<void> {
  if (cases.length === 0)
    return
  await db.insertInto('cases').values(cases).execute()
  await db.insertInto('case_steps').values(firstSteps.map(s => ({ ...s, seq: 1 }))).execute()
}

export function findCase(db: Kysely<Database>, id: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst()
}

export function casesOfApplications(db: Kysely<Database>, applicationIds: readonly string[]): Promise<CaseRow[]> {
  if (applicationIds.length === 0)
    return Promise.resolve([])
  return db.selectFrom('cases').selectAll().where('application_id', 'in', [...applicationIds]).orderBy('created_at').orderBy('item').execute()
}

export function stepsOfCases(db: Kysely<Database>, caseIds: readonly string[]): Promise<CaseStepRow[]> {
  if (caseIds.length === 0)
    return Promise.resolve([])
  return db.selectFrom('case_steps').selectAll().where('case_id', 'in', [...caseIds]).orderBy('case_id').orderBy('seq').execute()
}

/** Appends a step to the case's timeline as the next in order. */
export async function appendStep(db: Kysely<Database>, step: Omit<CaseStepRow, 'seq'>): Promise<void> {
  const last = await db.selectFrom('case_steps').select(eb => eb.fn.max('seq').as('seq')).where('case_id', '=', step.case_id).executeTakeFirst()
  await db.insertInto('case_steps').values({ ...step, seq: Number(last?.seq ?? 0) + 1 }).execute()
}

/**
 * Changes a case only if it is still in the status the caller saw: of two people acting at
 * once, the second gets false (and a 409) instead of overwriting the first.
 */
export async function updateCaseFrom(db: Kysely<Database>, id: string, expectedStatus: CaseStatus, patch: Updateable<CaseTable>): Promise<boolean> {
  const result = await db.updateTable('cases').set(patch).where('id', '=', id).where('status', '=', expectedStatus).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

export function waitingCasesOfHousehold(db: Kysely<Database>, householdId: string): Promise<CaseRow[]> {
  return db.selectFrom('cases').selectAll().where('household_id', '=', householdId).where('status', '=', 'waiting').orderBy('created_at').execute()
}

export function casesOfApplication(db: Kysely<Database>, applicationId: string): Promise<CaseRow[]> {
  return db.selectFrom('cases').selectAll().where('application_id', '=', applicationId).orderBy('created_at').execute()
}

/** True when an approval already confirmed one of these items for the household. */
export async function hasEntitlement(db: Kysely<Database>, householdId: string, items: readonly ItemCode[]): Promise<boolean> {
  const row = await db.selectFrom('entitlements').select('id').where('household_id', '=', householdId).where('item', 'in', [...items]).executeTakeFirst()
  return row !== undefined
}

export async function insertEntitlement(db: Kysely<Database>, row: Selectable<EntitlementTable>): Promise<void> {
  await db.insertInto('entitlements').values(row).execute()
}

export function entitlementOfCase(db: Kysely<Database>, caseId: string) {
  return db.selectFrom('entitlements').selectAll().where('case_id', '=', caseId).executeTakeFirst()
}

export async function insertInfoAnswer(db: Kysely<Database>, row: InfoAnswerRow): Promise<void> {
  await db.insertInto('info_answers').values(row).execute()
}

export function infoAnswersOfCase(db: Kysely<Database>, caseId: string): Promise<InfoAnswerRow[]> {
  return db.selectFrom('info_answers').selectAll().where('case_id', '=', caseId).orderBy('at').execute()
}

/** Cases of the department in the staff member's town (or any town of their county). */
export function caseInScope(c: Pick<CaseRow, 'department' | 'town_code'>, scope: StaffScope): boolean {
  return c.department === scope.department && c.town_code.startsWith(scope.areaCode)
}

export interface QueueFilter {
  item?: ItemCode
  status?: CaseStatus
  /** Only cases past their due date (and not decided). */
  overdueAt?: string
}

/** Maximum rows of one queue page: a town's open cases fit easily. */
export const QUEUE_LIMIT = 500

/**
 * The oldest QUEUE_LIMIT cases of the department in the area (oldest application first), with
 * the filters. Issue #18: the area's codes first, then its cases by equality (a LIKE on
 * cases.town_code read every case of the department in the county), from the index
 * cases_queue_rows alone (migration 028). The page is chosen among the cases, by created_at,
 * which is their application's submission (a case is made with its application and never
 * re-dated: queue.spec.ts), and only then are its applications looked up: joined before the
 * limit, PostgreSQL hashed every application of the county for a town's 800 cases. Only cases
 * of a known area are listed, named from the same read of the areas.
 */
export async function staffQueue(db: Kysely<Database>, scope: StaffScope, filter: QueueFilter) {
  const areas = await db.selectFrom('areas').select(['code', 'name']).where('code', 'like', `${scope.areaCode}%`).execute()
  if (areas.length === 0)
    return []
  const townNames = new Map(areas.map(a => [a.code, a.name]))
  let cases = db.selectFrom('cases')
    .select(['id', 'application_id', 'item', 'status', 'due_at', 'town_code', 'created_at'])
    .where('department', '=', scope.department)
    .where('town_code', 'in', [...townNames.keys()])
  if (filter.item)
    cases = cases.where('item', '=', filter.item)
  if (filter.status)
    cases = cases.where('status', '=', filter.status)
  if (filter.overdueAt)
    cases = cases.where('due_at', '<', filter.overdueAt)
  // Oldest first: the queue is worked in the order people applied.
  const page = cases.orderBy('created_at').orderBy('id').limit(QUEUE_LIMIT).as('page')
  const rows = await db.selectFrom(page)
    .innerJoin('applications', 'applications.id', 'page.application_id')
    .select([
      'page.id',
      'page.item',
      'page.status',
      'page.due_at',
      'page.town_code',
      'applications.number',
      'applications.applicant_name',
      'applications.created_at as submitted_at',
    ])
    .orderBy('page.created_at')
    .orderBy('page.id')
    .execute()
  return rows.map(r => ({ ...r, town_name: townNames.get(r.town_code)! }))
}
