import type { Kysely, Selectable } from 'kysely'
import type { AttachmentTable, Database } from '../schema'
import { fieldCipher } from '../../crypto/field-cipher'

export type AttachmentRow = Selectable<AttachmentTable>
export type AttachmentMeta = Omit<AttachmentRow, 'data'>

const META_COLUMNS = ['id', 'user_id', 'household_id', 'application_id', 'type', 'size', 'created_at'] as const

/** The bytes are stored sealed (issue #14): a document photo shows an ID card, a certificate… */
export async function insertAttachment(db: Kysely<Database>, row: AttachmentRow): Promise<void> {
  await db.insertInto('attachments').values({ ...row, data: fieldCipher().seal(row.data) }).execute()
}

export function findAttachmentMeta(db: Kysely<Database>, id: string): Promise<AttachmentMeta | undefined> {
  return db.selectFrom('attachments').select(META_COLUMNS).where('id', '=', id).executeTakeFirst()
}

export async function attachmentData(db: Kysely<Database>, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('attachments').select('data').where('id', '=', id).executeTakeFirst()
  return row && fieldCipher().open(row.data)
}

export function applicationAttachments(db: Kysely<Database>, applicationId: string): Promise<AttachmentMeta[]> {
  return db.selectFrom('attachments').select(META_COLUMNS).where('application_id', '=', applicationId).orderBy('created_at').orderBy('id').execute()
}

/**
 * The position of the first id that the household may not use (unknown, another household's,
 * or already part of an application), or -1 when all are usable.
 */
export async function firstUnusableAttachment(db: Kysely<Database>, ids: readonly string[], householdId: string): Promise<number> {
  if (ids.length === 0)
    return -1
  const usable = await db.selectFrom('attachments').select('id').where('id', 'in', [...ids]).where('household_id', '=', householdId).where('application_id', 'is', null).execute()
  const ok = new Set(usable.map(r => r.id))
  const seen = new Set<string>()
  return ids.findIndex((id) => {
    const bad = !ok.has(id) || seen.has(id)
    seen.add(id)
    return bad
  })
}

/** Attaches unused attachments of the household to an application; returns how many were attached. */
export async function attachToApplication(db: Kysely<Database>, ids: readonly string[], householdId: string, applicationId: string): Promise<number> {
  if (ids.length === 0)
    return 0
  const result = await db.updateTable('attachments').set({ application_id: applicationId }).where('id', 'in', [...ids]).where('household_id', '=', householdId).where('application_id', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** How many photos a household uploaded since `since` that no application uses yet, and the oldest one's time. */
export async function unattachedUploadsSince(db: Kysely<Database>, householdId: string, since: string): Promise<{ count: number, oldest: string | null }> {
  const row = await db.selectFrom('attachments')
    .select(eb => [eb.fn.countAll<number>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('household_id', '=', householdId)
    .where('application_id', 'is', null)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow()
  return { count: Number(row.n), oldest: (row.oldest as string | null) ?? null }
}
