import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { randomUUID } from 'node:crypto'

export async function insertSmsCode(db: Kysely<Database>, row: { phone: string, codeHash: string, ipHash: string, now: Date, expiresAt: Date }): Promise<void> {
  await db.insertInto('sms_codes').values({
    id: randomUUID(),
    phone: row.phone,
    code_hash: row.codeHash,
    ip_hash: row.ipHash,
    created_at: row.now.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    attempts: 0,
    consumed_at: null,
  }).execute()
}

/** Codes sent to a number (or from an address) since a moment, newest first. */
export async function sentSince(db: Kysely<Database>, by: { phone: string } | { ipHash: string }, since: Date): Promise<string[]> {
  let q = db.selectFrom('sms_codes').select('created_at').where('created_at', '>', since.toISOString())
  q = 'phone' in by ? q.where('phone', '=', by.phone) : q.where('ip_hash', '=', by.ipHash)
  const rows = await q.orderBy('created_at', 'desc').execute()
  return rows.map(r => r.created_at)
}

export function latestOpenCode(db: Kysely<Database>, phone: string) {
  return db.selectFrom('sms_codes')
    .selectAll()
    .where('phone', '=', phone)
    .where('consumed_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export async function countFailedAttempt(db: Kysely<Database>, id: string): Promise<number> {
  await db.updateTable('sms_codes').set(eb => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', id).execute()
  const row = await db.selectFrom('sms_codes').select('attempts').where('id', '=', id).executeTakeFirstOrThrow()
  return row.attempts
}

/** Marks a code used; false when another request used it first. */
export async function consumeCode(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('sms_codes').set({ consumed_at: now.toISOString() }).where('id', '=', id).where('consumed_at', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
