import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { randomToken, sha256 } from '../../security'

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

export async function findLiveSession(db: Kysely<Database>, token: string) {
  return db.selectFrom('sessions')
    .select(['id', 'user_id', 'expires_at'])
    .where('id', '=', sha256(token))
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst()
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
