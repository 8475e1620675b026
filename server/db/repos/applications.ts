import type { Kysely, Selectable } from 'kysely'
import type { ApplicationMemberTable, ApplicationTable, AuthorisationTable, Database } from '../schema'
import { fieldCipher } from '../../crypto/field-cipher'

export type ApplicationRow = Selectable<ApplicationTable>
export type ApplicationMemberRow = Selectable<ApplicationMemberTable>
export type AuthorisationRow = Selectable<AuthorisationTable>

export function findApplicationByKey(db: Kysely<Database>, userId: string, key: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst()
}

export function findApplication(db: Kysely<Database>, id: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findApplicationByNumber(db: Kysely<Database>, number: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('applications').selectAll().where('number', '=', number).executeTakeFirst()
}

export async function numberTaken(db: Kysely<Database>, number: string): Promise<boolean> {
  return (await db.selectFrom('applications').select('id').where('number', '=', number).executeTakeFirst()) !== undefined
}

/** The household's applications, newest first. */
export function householdApplications(db: Kysely<Database>, householdId: string, limit: number): Promise<ApplicationRow[]> {
  return db.selectFrom('applications').selectAll().where('household_id', '=', householdId).orderBy('created_at', 'desc').orderBy('number', 'desc').limit(limit).execute()
}

export async function insertApplication(db: Kysely<Database>, row: ApplicationRow, members: ApplicationMemberRow[], authorisations: AuthorisationRow[]): Promise<void> {
  await db.insertInto('applications').values(row).execute()
  if (members.length > 0)
    await db.insertInto('application_members').values(members).execute()
  if (authorisations.length > 0)
    await db.insertInto('authorisations').values(authorisations).execute()
}

export function applicationMembers(db: Kysely<Database>, applicationId: string): Promise<ApplicationMemberRow[]> {
  return db.selectFrom('application_members').selectAll().where('application_id', '=', applicationId).orderBy('position').execute()
}

export function applicationAuthorisations(db: Kysely<Database>, applicationId: string) {
  return db.selectFrom('authorisations')
    .select(['id_number', 'name', 'agreed_at', 'recorded_at'])
    .where('application_id', '=', applicationId)
    .orderBy('recorded_at')
    .orderBy('id_number')
    .execute()
}

/** The ID numbers of the household's registered members. */
export async function registeredIdNumbers(db: Kysely<Database>, householdId: string): Promise<string[]> {
  const rows = await db.selectFrom('household_members').select('id_number').where('household_id', '=', householdId).execute()
  return rows.map(r => fieldCipher().open(r.id_number))
}

/** Staff confirm a member who is not in the registered household; false when there is no such unconfirmed member. */
export async function confirmApplicationMember(db: Kysely<Database>, applicationId: string, position: number, staffId: string, at: string): Promise<boolean> {
  const result = await db.updateTable('application_members')
    .set({ registry_status: 'confirmed', confirmed_by: staffId, confirmed_at: at })
    .where('application_id', '=', applicationId)
    .where('position', '=', position)
    .where('registry_status', '=', 'unconfirmed')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** True when the ID number belongs to a registered member of the household. */
export async function isHouseholdMember(db: Kysely<Database>, householdId: string, idNumber: string): Promise<boolean> {
  const row = await db.selectFrom('household_members').select('id').where('household_id', '=', householdId).where('id_number_hash', '=', fieldCipher().index('id_number', idNumber)).executeTakeFirst()
  return row !== undefined
}

export function findDraft(db: Kysely<Database>, userId: string) {
  return db.selectFrom('application_drafts').select(['draft', 'saved_at']).where('user_id', '=', userId).executeTakeFirst()
}

export async function saveDraft(db: Kysely<Database>, userId: string, draft: string, savedAt: string): Promise<void> {
  await db.insertInto('application_drafts').values({ user_id: userId, draft, saved_at: savedAt }).onConflict(oc => oc.column('user_id').doUpdateSet({ draft, saved_at: savedAt })).execute()
}

export async function deleteDraft(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('application_drafts').where('user_id', '=', userId).execute()
}
