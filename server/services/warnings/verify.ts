import type { Kysely } from 'kysely'
import type { DepartmentCode, ItemCode } from '../../../src/domain/items'
import type { Text } from '../../../src/domain/text'
import type { DecisionStage, VerifyWarningBody, WarningStatus } from '../../../src/domain/warnings/verification'
import type { User } from '../../db/repos/users'
import type { WarningRow } from '../../db/repos/warnings'
import type { Database } from '../../db/schema'
import { INVITATION_CODE } from '../../../src/domain/notify/messages'
import { text } from '../../../src/domain/text'
import { shanghaiToday } from '../../../src/domain/time'
import { writeAudit } from '../../db/repos/audit'
import { insertDecision, insertInvitation, setWarningStatus, suggestionsOf, textsOf } from '../../db/repos/warnings'
import { AppError, notFound } from '../../errors'
import { notifyHousehold } from '../notify/notify-household'
import { mayViewWarning } from './views'

// Verifying a warning (issue #19): 民政 of the household's town decides first (taken in, referred
// to a department, not eligible, could not reach); a warning it referred is decided once more by
// the department it went to. One decision per stage: the (warning, stage) key settles a race.

const VERIFIER: DepartmentCode = 'mingzheng'

/** Who decides a warning in the state it is in; null once decided. */
function stageOf(row: Pick<WarningRow, 'status' | 'referred_to'>): { stage: DecisionStage, decider: DepartmentCode } | null {
  if (row.status === 'open')
    return { stage: 'verify', decider: VERIFIER }
  if (row.status === 'referred' && row.referred_to !== null)
    return { stage: 'referral', decider: row.referred_to }
  return null
}

/**
 * May this staff member decide the warning now? A warning they may not see is 404 (nobody
 * learns it exists); one they see but is not theirs to decide is 403; one decided is 409.
 */
export function checkDecider(row: WarningRow, department: DepartmentCode): { stage: DecisionStage } {
  if (!mayViewWarning(department, suggestionsOf(row), row.referred_to))
    throw notFound()
  const stage = stageOf(row)
  if (!stage)
    throw new AppError(409, 'conflict', {}, undefined, 'warning_already_decided')
  if (stage.decider !== department)
    throw department === VERIFIER ? new AppError(409, 'conflict', {}, undefined, 'warning_already_decided') : new AppError(403, 'forbidden', {}, undefined, 'department_not_permitted')
  return { stage: stage.stage }
}

/** The items to invite the household to apply for: those staff confirmed, each one the warning suggested. */
function confirmedItems(row: WarningRow, items: readonly ItemCode[] | undefined): ItemCode[] {
  const suggested = [...new Set(suggestionsOf(row).map(s => s.item))]
  if (items === undefined)
    return suggested
  if (items.some(i => !suggested.includes(i)))
    throw new AppError(400, 'validation_failed', {}, 'items', 'warning_item_not_suggested')
  return [...new Set(items)]
}

/** What each outcome needs; checked before anything is stored. */
function checkBody(body: VerifyWarningBody, stage: DecisionStage): void {
  if (body.outcome === 'referred') {
    if (stage === 'referral')
      throw new AppError(400, 'validation_failed', {}, 'outcome', 'warning_referral_final')
    if (!body.department)
      throw new AppError(400, 'validation_failed', {}, 'department', 'warning_department_required')
    if (body.department === VERIFIER)
      throw new AppError(400, 'validation_failed', {}, 'department', 'warning_refer_elsewhere')
  }
  if (body.outcome === 'not_eligible' && !body.reason)
    throw new AppError(400, 'validation_failed', {}, 'reason', 'warning_reason_required')
}

/**
 * The household's reason, as the rules wrote it for them, with its closing sentence ("工作人员会
 * 联系您核实") replaced: staff have verified it by now.
 */
function invitationReasonOf(householdText: Text): Text {
  if (!householdText.params || !('next' in householdText.params))
    return householdText
  return { ...householdText, params: { ...householdText.params, next: text('warnings.invitation.next') } }
}

/**
 * Records the decision, moves the warning on and, when the household is taken in, invites it
 * with the confirmed items, in one transaction with its audit row. 409 when another request
 * decided the same stage first.
 */
export async function decideWarning(db: Kysely<Database>, row: WarningRow, user: User & { department: DepartmentCode }, body: VerifyWarningBody, now = new Date()) {
  const { stage } = checkDecider(row, user.department)
  checkBody(body, stage)
  const items = body.outcome === 'taken_in' ? confirmedItems(row, body.items) : []
  const at = now.toISOString()
  return db.transaction().execute(async (trx) => {
    const decision = await insertDecision(trx, {
      warning_id: row.id,
      stage,
      outcome: body.outcome,
      department: user.department,
      referred_to: body.outcome === 'referred' ? body.department! : null,
      reason_code: body.outcome === 'not_eligible' ? body.reason! : null,
      note: body.note ? body.note : null,
      decided_by: user.id,
      decided_at: at,
      decided_on: shanghaiToday(now),
    })
    if (!decision)
      throw new AppError(409, 'conflict', {}, undefined, 'warning_already_decided')
    const status: WarningStatus = body.outcome === 'referred' ? 'referred' : 'closed'
    await setWarningStatus(trx, row.id, row.status, status, body.outcome === 'referred' ? body.department! : row.referred_to)
    const invitation = body.outcome === 'taken_in'
      ? await insertInvitation(trx, { warningId: row.id, householdId: row.household_id, items, reason: invitationReasonOf(textsOf(row).household), now: at })
      : null
    // The household hears of it where it is (issue #19): in the app, and by text and push, queued
    // with the decision. The message says only that the household may apply; the reason is behind the sign-in.
    if (invitation)
      await notifyHousehold(trx, { householdId: row.household_id, applicationId: null, caseId: null, code: INVITATION_CODE, params: {}, at })
    await writeAudit(trx, { actorId: user.id, actorRole: user.role, action: 'warning_decide', subjectType: 'warning', subjectId: row.id, detail: `stage=${stage}; outcome=${body.outcome}${decision.referred_to ? `; to=${decision.referred_to}` : ''}${decision.reason_code ? `; reason=${decision.reason_code}` : ''}` })
    return { decision: { ...decision, display_name: user.display_name }, status, invitation }
  })
}
