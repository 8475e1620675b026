import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { randomUUID } from 'node:crypto'

export async function recordEnquiryAttempt(db: Kysely<Database>, ipHash: string, at: Date): Promise<void> {
  await db.insertInto('enquiry_attempts').values({ id: randomUUID(), ip_hash: ipHash, at: at.toISOString() }).execute()
}

/** Attempts from an address since a moment, oldest first. */
export async function enquiryAttemptsSince(db: Kysely<Database>, ipHash: string, since: Date): Promise<string[]> {
  const rows = await db.selectFrom('enquiry_attempts').select('at').where('ip_hash', '=', ipHash).where('at', '>', since.toISOString()).orderBy('at').execute()
  return rows.map(r => r.at)
}

/** Attempts older than the rate-limit window are of no use: the periodic sweep forgets them. */
export async function deleteEnquiryAttemptsBefore(db: Kysely<Database>, before: Date): Promise<void> {
  await db.deleteFrom('enquiry_attempts').where('at', '<', before.toISOString()).execute()
}
