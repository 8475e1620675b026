import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { Actor, CaseAction, CaseStatus, NoteCode } from '../../../src/domain/application/case-status'
import type { applicationInputSchema } from '../../../src/domain/application/schemas'
import type { ItemCode } from '../../../src/domain/items'
import type { Db } from '../../db/index'
import type { ApplicationRow } from '../../db/repos/applications'
import type { CaseRow } from '../../db/repos/cases'
import type { User } from '../../db/repos/users'
import type { Database } from '../../db/schema'
import type { NotificationParams } from './texts'
import { randomInt, randomUUID } from 'node:crypto'
import { isFinal, nextStatus } from '../../../src/domain/application/case-status'
import { HARDSHIP_ITEMS, planCases, STEP_DUE_FIGURE } from '../../../src/domain/application/routing-table'
import { heldConflict } from '../../../src/domain/application/standing'
import { fenToYuan, yuanToFen } from '../../../src/domain/money'
import { resolveRegion } from '../../../src/domain/regions/index'
import { shanghaiMonth, shanghaiToday } from '../../../src/domain/time'
import { actorKey, departmentShortKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'
import { deleteDraft, insertApplication, numberTaken, registeredMembers } from '../../db/repos/applications'
import { areaName } from '../../db/repos/areas'
import { attachToApplication } from '../../db/repos/attachments'
import { writeAudit } from '../../db/repos/audit'
import { writeGrantedMonths } from '../../db/repos/benefits'
import { appendStep, casesOfApplication, hasEntitlement, insertCases, insertEntitlement, insertInfoAnswer, updateCaseFrom, waitingCasesOfHousehold } from '../../db/repos/cases'
import { heldItems, lockHousehold } from '../../db/repos/standing'
import { AppError } from '../../errors'
import { notifyHousehold } from '../notify/notify-household'

// The life of applications and cases: submission fans out into one case per item, and every
// change goes through the shared state machine, leaves a step (who, when, note), a notification
// for the household and an audit entry, all in one transaction.

type Trx = Kysely<Database>

const DAY_MS = 86_400_000
/** A 9-digit town code starts with its county's 6-digit GB/T 2260 code. */
const COUNTY_CODE_LENGTH = 6
const NUMBER_PREFIX = 'XFM'
const NUMBER_DIGITS = 6
const NUMBER_TRIES = 10

/** Application numbers: XFM-20261123-483920 (the Beijing day). Random, so that one number does not give away the next. */
export function makeApplicationNumber(now: Date): string {
  const day = shanghaiToday(now).replaceAll('-', '')
  return `${NUMBER_PREFIX}-${day}-${String(randomInt(10 ** NUMBER_DIGITS)).padStart(NUMBER_DIGITS, '0')}`
}

/**
 * When a step is due: the region's time limit for it (region data of the county of the town
 * that handles the case, e.g. 339901 → 浙江 figures), from the moment the case entered it.
 */
export function dueAt(status: CaseStatus, from: Date, townCode: string): string | null {
  const figure = STEP_DUE_FIGURE[status]
  const region = resolveRegion(townCode.slice(0, COUNTY_CODE_LENGTH))
  if (!figure || !region)
    return null
  return new Date(from.getTime() + region[figure] * DAY_MS).toISOString()
}

/** The town (乡镇/街道) of a 12-digit village code: where the household is registered. */
export function townOf(areaCode: string): string {
  return areaCode.slice(0, 9)
}

interface StepActor {
  actor: Actor
  user: User | null
}

async function actorFields(db: Trx, { actor, user }: StepActor) {
  if (actor === 'staff' && user) {
    const area = await areaName(db, user.area_code)
    const label = [area, user.department ? translate('zh-CN', departmentShortKey(user.department)) : null].filter(Boolean).join(' ')
    return { actor, actor_user_id: user.id, actor_label: label || user.display_name, actor_area_code: user.area_code, actor_department: user.department }
  }
  const kind = actor === 'resident' ? 'resident' : 'system'
  return { actor, actor_user_id: user?.id ?? null, actor_label: translate('zh-CN', actorKey(kind)), actor_area_code: null, actor_department: null }
}

export interface NewApplication {
  /** As validated: defaults applied, ID numbers normalised. */
  input: z.infer<typeof applicationInputSchema>
  user: User
  householdId: string
  /** The 12-digit area code of the household registration. */
  householdArea: string
}

/** Stores the application and its cases (one per item, routed by the table); returns the row. */
export async function createApplication(db: Db, { input, user, householdId, householdArea }: NewApplication): Promise<ApplicationRow> {
  const now = new Date()
  const at = now.toISOString()
  const town = townOf(householdArea)

  return db.kysely.transaction().execute(async (trx) => {
    // One household, one truth: checked under the household's lock, so that two submits racing
    // for the same item see each other (the second gets the 409).
    await lockHousehold(trx, householdId)
    // The registry is the starting point: everyone it lists is in the application or left out
    // with a reason; only registered members can be left out. Bad input (400) is told before a
    // conflict (409).
    const registry = await registeredMembers(trx, householdId)
    const listed = new Set(input.members.map(m => m.idNumber))
    const removed = new Set(input.removedMembers.map(m => m.idNumber))
    input.removedMembers.forEach((m, index) => {
      if (!registry.some(r => r.id_number === m.idNumber))
        throw new AppError(400, 'validation_failed', {}, `removedMembers.${index}.idNumber`)
    })
    const missing = registry.find(r => !listed.has(r.id_number) && !removed.has(r.id_number))
    if (missing)
      throw new AppError(400, 'registered_member_missing', { name: missing.name }, 'members')

    const held = await heldItems(trx, householdId, now)
    // Special items start at once for a household whose hardship status is known (said, approved or paid).
    const alreadyConfirmed = input.receiving.length > 0
      || held.some(h => h.state === 'receiving' && HARDSHIP_ITEMS.includes(h.item))
    const plan = planCases(input.items, alreadyConfirmed)
    for (const item of input.items) {
      const conflict = heldConflict(item, held)
      if (conflict?.state === 'open')
        throw new AppError(409, 'case_open', { item: conflict.item, number: conflict.applicationNumber ?? '' }, 'items')
      if (conflict)
        throw new AppError(409, 'already_receiving', { item: conflict.item, since: conflict.since ?? '' }, 'items', conflict.since ? undefined : 'already_receiving_long')
    }

    let number = makeApplicationNumber(now)
    for (let i = 0; i < NUMBER_TRIES && await numberTaken(trx, number); i++)
      number = makeApplicationNumber(now)
    const application: ApplicationRow = {
      id: randomUUID(),
      number,
      household_id: householdId,
      user_id: user.id,
      idempotency_key: input.idempotencyKey,
      applicant_name: input.applicant.name,
      applicant_id_number: input.applicant.idNumber,
      applicant_phone: input.applicant.phone,
      address: input.applicant.address,
      region: input.applicant.region,
      reason: input.reason,
      items: JSON.stringify(plan.map(p => p.item)),
      receiving: JSON.stringify(input.receiving),
      diagnosis: input.diagnosis ? JSON.stringify({ verdicts: input.diagnosis.verdicts }) : null,
      declaration: JSON.stringify(input.declaration),
      removed_members: JSON.stringify(input.removedMembers),
      created_at: at,
    }
    // Who the registry puts in the household; anyone else waits for staff before any check (issue #13).
    const registered = new Set(registry.map(r => r.id_number))
    const members = input.members.map((m, position) => ({
      id: randomUUID(),
      application_id: application.id,
      position,
      name: m.name,
      id_number: m.idNumber,
      relation: m.relation,
      monthly_income_fen: yuanToFen(m.monthlyIncome),
      disability_grade: m.disabilityGrade,
      serious_illness: m.seriousIllness ? 1 : 0,
      student: m.student,
      registry_status: registered.has(m.idNumber) ? 'registered' as const : 'unconfirmed' as const,
      confirmed_by: null,
      confirmed_at: null,
    }))
    const authorisations = input.authorisations.map(a => ({
      id: randomUUID(),
      application_id: application.id,
      id_number: a.idNumber,
      name: a.name,
      signature: a.signature,
      agreed_at: a.agreedAt,
      recorded_at: at,
    }))
    await insertApplication(trx, application, members, authorisations)
    // Checked before, but another request may have used a photo meanwhile.
    if (await attachToApplication(trx, input.attachmentIds, householdId, application.id) !== input.attachmentIds.length)
      throw new AppError(400, 'invalid_attachment', {}, 'attachmentIds')

    const resident = await actorFields(trx, { actor: 'resident', user })
    const cases: CaseRow[] = plan.map(planned => ({
      id: randomUUID(),
      application_id: application.id,
      household_id: householdId,
      item: planned.item,
      department: planned.department,
      town_code: town,
      status: planned.initialStatus,
      previous_status: null,
      info_request: null,
      due_at: dueAt(planned.initialStatus, now, town),
      decision_amount_fen: null,
      decision_start_date: null,
      decision_reason: null,
      decided_at: null,
      created_at: at,
      updated_at: at,
    }))
    await insertCases(trx, cases, cases.map(c => ({
      id: randomUUID(),
      case_id: c.id,
      status: c.status,
      action: null,
      ...resident,
      note: null,
      note_code: c.status === 'waiting' ? 'waits_for_hardship' : null,
      at,
    })))
    await notifyHousehold(trx, { householdId, applicationId: application.id, caseId: null, code: 'application_submitted', params: { number, count: plan.length }, at })
    await writeAudit(trx, { actorId: user.id, actorRole: user.role, action: 'application_submit', subjectType: 'application', subjectId: application.id, detail: `items=${plan.map(p => `${p.item}:${p.initialStatus}`).join(',')}` })
    await deleteDraft(trx, user.id)
    return application
  })
}

export interface ActionRequest {
  action: CaseAction
  actor: Actor
  user: User | null
  /** Free text for the timeline. */
  note?: string | null
  /** Reject / request_info: what the resident reads. */
  reason?: string | null
  /** Approve: the monthly amount in integer fen (the route converts the yuan staff typed). */
  monthlyAmountFen?: number | null
  startDate?: string | null
  noteCode?: NoteCode
}

function invalidTransition(status: CaseStatus, action: CaseAction): AppError {
  // Codes as params: the error handler names them in the reader's language.
  return new AppError(409, 'conflict', { status, action }, undefined, 'invalid_transition')
}

/**
 * Moves one case inside a transaction. Returns the updated row, or null when `lenient` and
 * the case changed meanwhile (system follow-ups skip what someone else already moved).
 */
async function move(trx: Trx, c: CaseRow, req: ActionRequest, lenient = false): Promise<CaseRow | null> {
  const from = c.status
  const result = nextStatus(from, req.action, req.actor, c.previous_status)
  if (!result.ok) {
    if (lenient)
      return null
    throw invalidTransition(from, req.action)
  }
  const to = result.to
  const now = new Date()
  const at = now.toISOString()
  if (to === 'approved') {
    // No second live entitlement of an ongoing item (or of one it excludes), whatever the
    // order of applications: checked under the household's lock like a submit.
    await lockHousehold(trx, c.household_id)
    const receiving = (await heldItems(trx, c.household_id, now)).filter(h => h.state === 'receiving')
    const conflict = heldConflict(c.item, receiving)
    if (conflict)
      throw new AppError(409, 'already_receiving', { item: conflict.item, since: conflict.since ?? '' }, undefined, conflict.since ? 'approval_already_receiving' : 'approval_already_receiving_long')
  }
  const patch = {
    status: to,
    previous_status: to === 'need_more_info' ? from : null,
    info_request: to === 'need_more_info' ? (req.reason ?? null) : null,
    due_at: dueAt(to, now, c.town_code),
    updated_at: at,
    ...(to === 'approved' ? { decision_amount_fen: req.monthlyAmountFen ?? null, decision_start_date: req.startDate ?? null, decision_reason: null, decided_at: at } : {}),
    ...(to === 'rejected' ? { decision_reason: req.reason ?? null, decided_at: at } : {}),
  }
  if (!(await updateCaseFrom(trx, c.id, from, patch))) {
    if (lenient)
      return null
    throw new AppError(409, 'conflict')
  }
  const note = [req.reason, req.note].filter(Boolean).join('；') || null
  await appendStep(trx, { id: randomUUID(), case_id: c.id, status: to, action: req.action, ...await actorFields(trx, req), note, note_code: req.noteCode ?? null, at })

  const params: NotificationParams = { item: c.item, status: to, reason: req.reason ?? null }
  let code: string = to
  if (req.action === 'answer_info')
    code = 'back'
  else if (to === 'approved' && req.monthlyAmountFen)
    code = 'approved_amount'
  else if (to === 'rejected' && req.noteCode === 'hardship_not_confirmed')
    code = 'rejected_dependent'
  if (to === 'approved') {
    // The message's words: yuan, as notifications sent before migration 018 hold them.
    const amountFen = req.monthlyAmountFen ?? null
    Object.assign(params, { amount: amountFen === null ? null : fenToYuan(amountFen), startDate: req.startDate ?? null })
  }
  await notifyHousehold(trx, { householdId: c.household_id, applicationId: c.application_id, caseId: c.id, code, params, at })
  await writeAudit(trx, { actorId: req.user?.id ?? null, actorRole: req.user?.role ?? req.actor, action: 'case_transition', subjectType: 'case', subjectId: c.id, detail: `${req.action}: ${from} -> ${to}` })

  if (to === 'approved') {
    const entitlementId = randomUUID()
    await insertEntitlement(trx, { id: entitlementId, household_id: c.household_id, case_id: c.id, item: c.item, monthly_amount_fen: req.monthlyAmountFen ?? null, start_date: req.startDate ?? at.slice(0, 10), created_at: at, granted_through: null })
    // On the happiness list at once, up to this month; later months come with the month keeper.
    await writeGrantedMonths(trx, { entitlementIds: [entitlementId] }, shanghaiMonth(new Date(at)), at)
  }
  return { ...c, ...patch }
}

function isHardship(item: ItemCode): boolean {
  return HARDSHIP_ITEMS.includes(item)
}

/**
 * After a hardship item's decision: an approval starts every waiting item of the household; when
 * an application's hardship items all ended without approval, its waiting items are rejected.
 */
async function followHardshipDecision(trx: Trx, decided: CaseRow): Promise<void> {
  if (!isHardship(decided.item))
    return
  const system: Pick<ActionRequest, 'actor' | 'user'> = { actor: 'system', user: null }
  if (decided.status === 'approved') {
    for (const waiting of await waitingCasesOfHousehold(trx, decided.household_id))
      await move(trx, waiting, { ...system, action: 'start', noteCode: 'hardship_confirmed' }, true)
    return
  }
  if (!isFinal(decided.status))
    return
  const siblings = await casesOfApplication(trx, decided.application_id)
  const hardship = siblings.filter(s => isHardship(s.item))
  const stillPossible = hardship.some(s => s.status === 'approved' || !isFinal(s.status))
  if (stillPossible || await hasEntitlement(trx, decided.household_id, HARDSHIP_ITEMS))
    return
  for (const waiting of siblings.filter(s => s.status === 'waiting'))
    await move(trx, waiting, { ...system, action: 'reject', noteCode: 'hardship_not_confirmed' }, true)
}

/** One action on one case, with its follow-ups, in one transaction. */
export async function actOnCase(db: Db, c: CaseRow, req: ActionRequest): Promise<CaseRow> {
  return db.kysely.transaction().execute(async (trx) => {
    const updated = (await move(trx, c, req))!
    await followHardshipDecision(trx, updated)
    return updated
  })
}

/** The resident answers a request for information: the answer is kept and the case goes back. */
export async function answerRequest(db: Db, c: CaseRow, user: User, text: string, attachmentIds: string[]): Promise<CaseRow> {
  return db.kysely.transaction().execute(async (trx) => {
    const updated = (await move(trx, c, { action: 'answer_info', actor: 'resident', user, note: text }))!
    if (await attachToApplication(trx, attachmentIds, c.household_id, c.application_id) !== attachmentIds.length)
      throw new AppError(400, 'invalid_attachment', {}, 'attachmentIds')
    await insertInfoAnswer(trx, { id: randomUUID(), case_id: c.id, user_id: user.id, text, attachment_ids: JSON.stringify(attachmentIds), at: new Date().toISOString() })
    return updated
  })
}
