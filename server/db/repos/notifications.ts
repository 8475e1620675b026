import type { Insertable, Kysely } from 'kysely'
import type { Database, NotificationTable } from '../schema'

/** The enabled accounts linked to a household, but one. */
export async function householdAccountIds(db: Kysely<Database>, householdId: string, exceptUserId?: string): Promise<string[]> {
  let accounts = db.selectFrom('users').select('id').where('household_id', '=', householdId).where('disabled', '=', 0)
  if (exceptUserId)
    accounts = accounts.where('id', '!=', exceptUserId)
  return (await accounts.execute()).map(u => u.id)
}

export async function insertNotifications(db: Kysely<Database>, rows: readonly Insertable<NotificationTable>[]): Promise<void> {
  if (rows.length > 0)
    await db.insertInto('notifications').values([...rows]).execute()
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
