import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { sql } from 'kysely'
import { keyedHash } from '../../security'

/**
 * Attempt counters that cannot be raced (issue #13), on SQLite (≥ 3.35) and PostgreSQL alike.
 *
 * Fixed windows: a key's first attempt opens a window of `windowMs`; each attempt in it adds one;
 * the first attempt after it ends opens a new one. `takeAttempt` counts and answers in ONE
 * statement (INSERT … ON CONFLICT DO UPDATE … RETURNING), so twenty requests at once get the
 * numbers 1…20 and exactly `limit` of them are allowed. Take the attempt BEFORE doing the work it
 * guards (checking a password, a code, an ID number), never after.
 *
 * Keys are stored as given: build them with `limitKey`, which hashes everything but the scope, so
 * that no address, ID number or typed username is ever stored in clear.
 */
export interface AttemptRule {
  /** From `limitKey(secret, scope, …parts)`. */
  key: string
  /** Attempts allowed per window. */
  limit: number
  windowMs: number
  now: Date
}

export interface AttemptResult {
  allowed: boolean
  /** 0 when allowed; otherwise seconds until the window ends (at least 1). */
  retryAfterSeconds: number
}

/** `scope:keyedHash(parts)`: the scope (e.g. 'login-address') stays readable, the rest is hashed. */
export function limitKey(secret: string, scope: string, ...parts: string[]): string {
  return `${scope}:${keyedHash(secret, parts.join('\n'))}`
}

/** Counts one attempt for `key` and says whether it is within `limit` for the current window. */
export async function takeAttempt(db: Kysely<Database>, { key, limit, windowMs, now }: AttemptRule): Promise<AttemptResult> {
  const at = now.toISOString()
  const ends = new Date(now.getTime() + windowMs).toISOString()
  // In DO UPDATE, `rate_limits.x` is the stored row on both dialects; all CASEs see the old values.
  const expired = sql<boolean>`rate_limits.expires_at <= ${at}`
  const row = await db.insertInto('rate_limits')
    .values({ key, attempts: 1, window_start: at, expires_at: ends })
    .onConflict(oc => oc.column('key').doUpdateSet({
      attempts: sql<number>`CASE WHEN ${expired} THEN 1 ELSE rate_limits.attempts + 1 END`,
      window_start: sql<string>`CASE WHEN ${expired} THEN ${at} ELSE rate_limits.window_start END`,
      expires_at: sql<string>`CASE WHEN ${expired} THEN ${ends} ELSE rate_limits.expires_at END`,
    }))
    .returning(['attempts', 'expires_at'])
    .executeTakeFirstOrThrow()
  if (Number(row.attempts) <= limit)
    return { allowed: true, retryAfterSeconds: 0 }
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(row.expires_at) - now.getTime()) / 1000)) }
}

/** Gives back one attempt (e.g. a sign-in that succeeded does not count as a failure). */
export async function refundAttempt(db: Kysely<Database>, key: string): Promise<void> {
  await db.updateTable('rate_limits').set(eb => ({ attempts: eb('attempts', '-', 1) })).where('key', '=', key).where('attempts', '>', 0).execute()
}

/** Forgets a key's count (e.g. after the right password for that username from that address). */
export async function resetAttempts(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute()
}

/** The hourly sweep: counters whose window has ended are of no use. */
export async function deleteExpiredRateLimits(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('rate_limits').where('expires_at', '<=', now.toISOString()).execute()
}
