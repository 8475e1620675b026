import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { randomUUID } from 'node:crypto'

export interface AuditEntry {
  actorId: string | null
  actorRole: string | null
  action: string
  subjectType: string
  subjectId?: string | null
  /** Ids and reasons only: never a name, ID number or phone number. */
  detail?: string | null
}

export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({
    id: randomUUID(),
    at: new Date().toISOString(),
    actor_id: entry.actorId,
    actor_role: entry.actorRole,
    action: entry.action,
    subject_type: entry.subjectType,
    subject_id: entry.subjectId ?? null,
    detail: entry.detail ?? null,
  }).execute()
}
