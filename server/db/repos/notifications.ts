import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { randomUUID } from 'node:crypto'
import { enqueueOutbound } from '../../services/notify/enqueue'

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
  let accounts = db.selectFrom('users').select('id').where('household_id', '=', n.householdId).where('disabled', '=', 0)
  if (n.exceptUserId)
    accounts = accounts.where('id', '!=', n.exceptUserId)
  const users = await accounts.execute()
  if (users.length === 0)
    return
  const rows = users.map(u => ({
    id: randomUUID(),
    user_id: u.id,
    household_id: n.householdId,
    application_id: n.applicationId,
    case_id: n.caseId,
    code: n.code,
    params: JSON.stringify(n.params),
    at: n.at,
    read_at: null,
    need_id: n.needId ?? null,
  }))
  await db.insertInto('notifications').values(rows).execute()
  await enqueueOutbound(db, rows.map(r => ({ notificationId: r.id, userId: r.user_id })), { code: n.code, applicationId: n.applicationId, householdId: n.householdId, at: n.at })
}

export function userNotifications(db: Kysely<Database>, userId: string, limit: number) {
  return db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('at', 'desc').orderBy('id').limit(limit).execute()
}

export async function unreadCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom('notifications').select(eb => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Marks the user's notifications read: the given ones, or all. */
export async function markRead(db: Kysely<Database>, userId: string, ids: readonly string[] | undefined, at: string): Promise<void> {
  let q = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null)
  if (ids) {
    if (ids.length === 0)
      return
    q = q.where('id', 'in', [...ids])
  }
  await q.execute()
}
