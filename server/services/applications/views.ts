import type { ApplicationView, CaseView } from '../../../src/domain/application/schemas'
import type { DepartmentCode, ItemCode } from '../../../src/domain/items'
import type { Lang } from '../../../src/domain/lang'
import type { Db } from '../../db/index'
import type { ApplicationRow } from '../../db/repos/applications'
import type { CaseRow, CaseStepRow } from '../../db/repos/cases'
import { isFinal } from '../../../src/domain/application/case-status'
import { ITEM_CODES } from '../../../src/domain/items'
import { maskName } from '../../../src/domain/mask'
import { fenToYuan } from '../../../src/domain/money'
import { actorKey, departmentShortKey, itemNameKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'
import { areaNames } from '../../db/repos/areas'
import { casesOfApplications, stepsOfCases } from '../../db/repos/cases'
import { noteText, residentTodo } from './texts'

// Rows → the shared view shapes, worded in the reader's language.

export interface ViewContext {
  lang: Lang
  areas: Map<string, string>
  now: string
}

export function departmentName(lang: Lang, department: DepartmentCode): string {
  return translate(lang, departmentShortKey(department))
}

/** "安乐镇 民政部门" for staff; "申请人" / "系统" otherwise. */
export function actorLabel(step: Pick<CaseStepRow, 'actor' | 'actor_area_code' | 'actor_department' | 'actor_label'>, ctx: Pick<ViewContext, 'lang' | 'areas'>): string {
  if (step.actor !== 'staff')
    return translate(ctx.lang, actorKey(step.actor))
  const area = step.actor_area_code ? ctx.areas.get(step.actor_area_code) : undefined
  if (!area || !step.actor_department)
    return step.actor_label
  return `${area} ${departmentName(ctx.lang, step.actor_department)}`
}

export function isOverdue(c: Pick<CaseRow, 'due_at' | 'status'>, now: string): boolean {
  return c.due_at !== null && c.due_at < now && !isFinal(c.status)
}

export function toCaseView(c: CaseRow, steps: CaseStepRow[], ctx: ViewContext): CaseView {
  const status = c.status
  const item = c.item
  const decided = status === 'approved' || status === 'rejected'
  const last = steps.at(-1)
  // A rejection by the system (hardship not confirmed) has its reason in the last step's note.
  const reason = c.decision_reason ?? (status === 'rejected' && last ? noteText(ctx.lang, last.note_code, last.note) : null)
  const decisionStep = decided ? steps.findLast(s => s.status === status) : undefined
  return {
    id: c.id,
    item,
    itemName: translate(ctx.lang, itemNameKey(item)),
    department: c.department,
    departmentName: departmentName(ctx.lang, c.department),
    townCode: c.town_code,
    townName: ctx.areas.get(c.town_code) ?? c.town_code,
    status,
    dueAt: c.due_at,
    overdue: isOverdue(c, ctx.now),
    residentTodo: residentTodo(ctx.lang, status, c.info_request),
    decision: decided ? { monthlyAmount: c.decision_amount_fen === null ? null : fenToYuan(c.decision_amount_fen), startDate: c.decision_start_date, reason, decidedAt: c.decided_at, decidedBy: decisionStep ? actorLabel(decisionStep, ctx) : null } : null,
    steps: steps.map(s => ({
      status: s.status,
      action: s.action,
      actor: actorLabel(s, ctx),
      at: s.at,
      note: noteText(ctx.lang, s.note_code, s.note),
    })),
  }
}

function areaCodesOf(cases: CaseRow[], steps: CaseStepRow[]): string[] {
  return [...cases.map(c => c.town_code), ...steps.map(s => s.actor_area_code ?? '')]
}

/** Reads the cases and timelines of these applications (three queries), then views any of them. */
async function viewMaker(db: Db, applications: ApplicationRow[], lang: Lang): Promise<(a: ApplicationRow) => ApplicationView> {
  const cases = await casesOfApplications(db.kysely, applications.map(a => a.id))
  const steps = await stepsOfCases(db.kysely, cases.map(c => c.id))
  const ctx: ViewContext = { lang, areas: await areaNames(db.kysely, areaCodesOf(cases, steps)), now: new Date().toISOString() }
  const stepsByCase = groupBy(steps, s => s.case_id)
  const casesByApplication = groupBy(cases, c => c.application_id)
  return a => ({
    id: a.id,
    number: a.number,
    submittedAt: a.created_at,
    applicantNameMasked: maskName(a.applicant_name),
    cases: inItemOrder(casesByApplication.get(a.id) ?? []).map(c => toCaseView(c, stepsByCase.get(c.id) ?? [], ctx)),
  })
}

/** Applications with their cases and timelines: three queries whatever the number of applications. */
export async function applicationViews(db: Db, applications: ApplicationRow[], lang: Lang): Promise<ApplicationView[]> {
  const view = await viewMaker(db, applications, lang)
  return applications.map(a => view(a))
}

/** One application with its cases and timelines. */
export async function applicationView(db: Db, application: ApplicationRow, lang: Lang): Promise<ApplicationView> {
  const view = await viewMaker(db, [application], lang)
  return view(application)
}

export async function caseView(db: Db, c: CaseRow, lang: Lang): Promise<CaseView> {
  const steps = await stepsOfCases(db.kysely, [c.id])
  const ctx: ViewContext = { lang, areas: await areaNames(db.kysely, areaCodesOf([c], steps)), now: new Date().toISOString() }
  return toCaseView(c, steps, ctx)
}

/** Cases of one application in the catalogue's order (basic living first), as the menu shows them. */
export function inItemOrder<T extends { item: ItemCode }>(cases: T[]): T[] {
  const rank = (item: ItemCode) => ITEM_CODES.indexOf(item)
  return [...cases].sort((a, b) => rank(a.item) - rank(b.item))
}

export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = map.get(k)
    if (list)
      list.push(row)
    else
      map.set(k, [row])
  }
  return map
}
