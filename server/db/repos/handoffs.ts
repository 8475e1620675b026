import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { randomUUID } from 'node:crypto'
import { HANDOFF_TTL_SECONDS } from '../../../src/domain/handoff/targets'
import { randomToken, sha256 } from '../../security'

export interface NewHandoff {
  ipHash: string
  userId: string | null
  sessionId: string | null
  target: string
  payload: string | null
}

/** Stores a hand-off and returns its one-time token (only the hash is kept). Drops expired ones. */
export async function createHandoff(db: Kysely<Database>, h: NewHandoff, now = new Date()): Promise<{ id: string, token: string, expiresAt: string }> {
  await db.deleteFrom('handoffs').where('expires_at', '<=', now.toISOString()).execute()
  const token = randomToken()
  const id = randomUUID()
  const expiresAt = new Date(now.getTime() + HANDOFF_TTL_SECONDS * 1000).toISOString()
  await db.insertInto('handoffs').values({
    id,
    token_hash: sha256(token),
    user_id: h.userId,
    session_id: h.sessionId,
    target: h.target,
    payload: h.payload,
    created_at: now.toISOString(),
    expires_at: expiresAt,
    redeemed_at: null,
    ip_hash: h.ipHash,
  }).execute()
  return { id, token, expiresAt }
}

/** Hand-offs an address made that nobody has taken and that still work. */
export async function liveHandoffsFrom(db: Kysely<Database>, ipHash: string, now = new Date()): Promise<{ count: number, oldestExpiresAt: string | null }> {
  const row = await db.selectFrom('handoffs')
    .select(eb => [eb.fn.countAll<number>().as('n'), eb.fn.min('expires_at').as('oldest')])
    .where('ip_hash', '=', ipHash)
    .where('redeemed_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirstOrThrow()
  return { count: Number(row.n), oldestExpiresAt: (row.oldest as string | null) ?? null }
}

export async function handoffStatus(db: Kysely<Database>, id: string, now = new Date()): Promise<'waiting' | 'redeemed' | 'expired'> {
  const row = await db.selectFrom('handoffs').select(['expires_at', 'redeemed_at']).where('id', '=', id).executeTakeFirst()
  if (row?.redeemed_at)
    return 'redeemed'
  return row && row.expires_at > now.toISOString() ? 'waiting' : 'expired'
}

export type Redeemed
  = | { outcome: 'ok', userId: string | null, sessionId: string | null, target: string, payload: string | null }
    | { outcome: 'used' | 'expired' }

/**
 * Takes a hand-off once: the compare-and-set on redeemed_at lets exactly one of two phones
 * scanning at the same moment through. The payload is erased as it is handed out.
 */
export async function redeemHandoff(db: Kysely<Database>, token: string, now = new Date()): Promise<Redeemed> {
  const row = await db.selectFrom('handoffs').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst()
  if (!row)
    return { outcome: 'expired' }
  if (row.redeemed_at)
    return { outcome: 'used' }
  if (row.expires_at <= now.toISOString())
    return { outcome: 'expired' }
  const taken = await db.updateTable('handoffs')
    .set({ redeemed_at: now.toISOString(), payload: null })
    .where('id', '=', row.id)
    .where('redeemed_at', 'is', null)
    .executeTakeFirst()
  if (Number(taken.numUpdatedRows) !== 1)
    return { outcome: 'used' }
  return { outcome: 'ok', userId: row.user_id, sessionId: row.session_id, target: row.target, payload: row.payload }
}

/** Who asks to withdraw a hand-off: the hash of their session token (if signed in) and of their address. */
export interface HandoffRequester {
  sessionId: string | null
  ipHash: string
}

/**
 * Withdraws a hand-off nobody has taken yet (the kiosk closed the QR or was wiped). Only its maker
 * may: the session that made it, or for one made without signing in, the same address. Anyone
 * else learns nothing (`null`, answered as 404), so a stranger can neither cancel nor probe ids.
 */
export async function cancelHandoff(db: Kysely<Database>, id: string, by: HandoffRequester): Promise<boolean | null> {
  const row = await db.selectFrom('handoffs').select(['session_id', 'ip_hash']).where('id', '=', id).executeTakeFirst()
  const isMaker = row !== undefined && (row.session_id === null ? row.ip_hash === by.ipHash : row.session_id === by.sessionId)
  if (!isMaker)
    return null
  const result = await db.deleteFrom('handoffs').where('id', '=', id).where('redeemed_at', 'is', null).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** Signing out withdraws every hand-off the session made: a QR must not outlive the person's turn. */
export async function cancelHandoffsOfSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('handoffs').where('session_id', '=', sessionId).where('redeemed_at', 'is', null).execute()
}
