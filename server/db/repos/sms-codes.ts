import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { randomUUID } from 'node:crypto'
import { fieldCipher } from '../../crypto/field-cipher'

export async function insertSmsCode(db: Kysely<Database>, row: { phone: string, codeHash: string, ipHash: string, now: Date, expiresAt: Date }): Promise<void> {
  await db.insertInto('sms_codes').values({
    id: randomUUID(),
    phone: fieldCipher().index('phone', row.phone),
    code_hash: row.codeHash,
    ip_hash: row.ipHash,
    created_at: row.now.toISOString(),
    expires_at: row.expiresAt.toISOString(),
    attempts: 0,
    consumed_at: null,
  }).execute()
}

export function latestOpenCode(db: Kysely<Database>, phone: string) {
  return db.selectFrom('sms_codes')
    .selectAll()
    .where('phone', '=', fieldCipher().index('phone', phone))
    .where('consumed_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/**
 * Counts one try at a code BEFORE it is compared, in one statement: the try's number (1…max), or
 * null when all `max` tries are used. Twenty guesses at once get 1…max and nulls, never more.
 */
export async function takeCodeAttempt(db: Kysely<Database>, id: string, max: number): Promise<number | null> {
  const row = await db.updateTable('sms_codes')
    .set(eb => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('attempts', '<', max)
    .returning('attempts')
    .executeTakeFirst()
  return row ? Number(row.attempts) : null
}

/** Marks a code used; false when another request used it first. */
export async function consumeCode(db: Kysely<Database>, id: string, now: Date): Promise<boolean> {
  const result = await db.updateTable('sms_codes').set({ consumed_at: now.toISOString() }).where('id', '=', id).where('consumed_at', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The hourly sweep: a code is of no use once expired (its tries are counted in the row itself). */
export async function deleteExpiredSmsCodes(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('sms_codes').where('expires_at', '<', now.toISOString()).execute()
}
