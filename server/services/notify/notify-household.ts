import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema'
import { randomUUID } from 'node:crypto'
import { householdAccountIds, insertNotifications } from '../../db/repos/notifications'
import { enqueueOutbound } from './enqueue'

export interface NewNotification {
  householdId: string
  /** null for news about a small need. */
  applicationId: string | null
  caseId: string | null
  needId?: string | null
  code: string
  params: Record<string, string | number | null>
  at: string
  /** Someone not to tell (the account the news is about). */
  exceptUserId?: string
}

/**
 * One notification for every user linked to the household (each reads and marks it on their own),
 * and for news that asks something of the household or decides its case, its texts and pushes
 * (issue #19), queued in the same transaction: sent after the commit by the notify worker.
 */
export async function notifyHousehold(db: Kysely<Database>, n: NewNotification): Promise<void> {
  const userIds = await householdAccountIds(db, n.householdId, n.exceptUserId)
  if (userIds.length === 0)
    return
  const rows = userIds.map(userId => ({
    id: randomUUID(),
    user_id: userId,
    household_id: n.householdId,
    application_id: n.applicationId,
    case_id: n.caseId,
    code: n.code,
    params: JSON.stringify(n.params),
    at: n.at,
    read_at: null,
    need_id: n.needId ?? null,
  }))
  await insertNotifications(db, rows)
  await enqueueOutbound(db, rows.map(r => ({ notificationId: r.id, userId: r.user_id })), { code: n.code, applicationId: n.applicationId, householdId: n.householdId, at: n.at })
}
