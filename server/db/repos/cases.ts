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
const QUEUE_LIMIT = 500

/**
 * The oldest QUEUE_LIMIT cases of the department in the area (oldest application first), with
 * the filters. Issue #18: the area's codes first, then its cases by equality, from the index
 * cases_queue_rows (department, town_code, …, migration 027), which holds every column read: a
 * LIKE on cases.town_code read every case of the department in the county (SQLite's LIKE folds
 * case; PostgreSQL's needs the C collation), and with a subquery SQLite's planner still scanned
 * them all. Their applications come from the index applications_queue_rows. Only cases of a
 * known area were listed anyway (the join with areas).
 */
export async function staffQueue(db: Kysely<Database>, scope: StaffScope, filter: QueueFilter) {
  const codes = (await db.selectFrom('areas').select('code').where('code', 'like', `${scope.areaCode}%`).execute()).map(a => a.code)
  if (codes.length === 0)
    return []
  let q = db.selectFrom('cases')
    .innerJoin('applications', 'applications.id', 'cases.application_id')
    .innerJoin('areas', 'areas.code', 'cases.town_code')
    .select([
      'cases.id',
      'cases.item',
      'cases.status',
      'cases.due_at',
      'cases.town_code',
      'areas.name as town_name',
      'applications.number',
      'applications.applicant_name',
      'applications.created_at as submitted_at',
    ])
    .where('cases.department', '=', scope.department)
    .where('cases.town_code', 'in', codes)
  if (filter.item)
    q = q.where('cases.item', '=', filter.item)
  if (filter.status)
    q = q.where('cases.status', '=', filter.status)
  if (filter.overdueAt)
    q = q.where('cases.due_at', '<', filter.overdueAt)
  // Oldest first: the queue is worked in the order people applied.
  return q.orderBy('applications.created_at').orderBy('cases.id').limit(QUEUE_LIMIT).execute()
}
