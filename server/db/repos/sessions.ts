import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import type { User } from './users'
import { randomToken, sha256 } from '../../security'
import { compiledOnce } from '../compiled-once'
import { readableOnRead } from './users'

/** Creates a session and returns the token for the cookie; only its hash is stored. */
export async function createSession(db: Kysely<Database>, userId: string, ttlHours: number): Promise<{ token: string, expiresAt: Date }> {
  const token = randomToken()
  const now = new Date()
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000)
  await db.insertInto('sessions').values({
    id: sha256(token),
    user_id: userId,
    created_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
    last_seen_at: now.toISOString(),
  }).execute()
  return { token, expiresAt }
}

const liveSessionUser = compiledOnce(['id', 'now'], (db, v) => db
  .selectFrom('sessions')
  .innerJoin('users', 'users.id', 'sessions.user_id')
  .selectAll('users')
  .where('sessions.id', '=', v.id)
  .where('sessions.expires_at', '>', v.now)
  .where('users.disabled', '=', 0))

/**
 * The user of a live (unexpired) session, undefined when the session is unknown or expired or
 * the account disabled: in one query, since every signed-in request reads it (issue #18).
 */
export async function findLiveSessionUser(db: Kysely<Database>, token: string): Promise<User | undefined> {
  const { rows: [row] } = await liveSessionUser(db, { id: sha256(token), now: new Date().toISOString() })
  return row && readableOnRead(row)
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute()
}

/** Ends a session known by its id (the token's hash), e.g. the kiosk's after a hand-off. */
export async function deleteSessionById(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute()
}

export async function deleteExpiredSessions(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', new Date().toISOString()).execute()
}
