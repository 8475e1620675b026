import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import type { StaffScope } from './cases'
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

/** Maximum entries in one answer of the audit query. */
const AUDIT_LIMIT = 500

/**
 * Audit entries about cases the staff member may see (their department, their area), newest
 * first; optionally of one case.
 */
export function caseAuditEntries(db: Kysely<Database>, scope: StaffScope, caseId?: string) {
  let q = db.selectFrom('audit_log')
    .innerJoin('cases', 'cases.id', 'audit_log.subject_id')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select(['audit_log.at', 'audit_log.actor_role', 'users.display_name as actor_name', 'audit_log.action', 'audit_log.subject_type', 'audit_log.subject_id', 'audit_log.detail'])
    .where('audit_log.subject_type', '=', 'case')
    .where('cases.department', '=', scope.department)
    .where('cases.town_code', 'like', `${scope.areaCode}%`)
  if (caseId)
    q = q.where('audit_log.subject_id', '=', caseId)
  return q.orderBy('audit_log.at', 'desc').orderBy('audit_log.id').limit(AUDIT_LIMIT).execute()
}
