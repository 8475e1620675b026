import type { Kysely, Selectable } from 'kysely'
import type { ApplicationMemberTable, ApplicationTable, AuthorisationTable, Database } from '../schema'
import { fieldCipher } from '../../crypto/field-cipher'

export type ApplicationRow = Selectable<ApplicationTable>
export type ApplicationMemberRow = Selectable<ApplicationMemberTable>
export type AuthorisationRow = Selectable<AuthorisationTable>

// The applicant's ID number, phone and address, members' ID numbers and the signed authorisations
// are stored sealed (issue #14): sealed here on the way in, opened here on the way out.
const open = (v: string) => fieldCipher().open(v)
const seal = (v: string) => fieldCipher().seal(v)

function readable(row: ApplicationRow): ApplicationRow
function readable(row: ApplicationRow | undefined): ApplicationRow | undefined
function readable(row: ApplicationRow | undefined): ApplicationRow | undefined {
  return row && {
    ...row,
    applicant_id_number: open(row.applicant_id_number),
    applicant_phone: open(row.applicant_phone),
    address: open(row.address),
    declaration: row.declaration === null ? null : open(row.declaration),
    removed_members: open(row.removed_members),
  }
}

export async function findApplicationByKey(db: Kysely<Database>, userId: string, key: string): Promise<ApplicationRow | undefined> {
  return readable(await db.selectFrom('applications').selectAll().where('user_id', '=', userId).where('idempotency_key', '=', key).executeTakeFirst())
}

export async function findApplication(db: Kysely<Database>, id: string): Promise<ApplicationRow | undefined> {
  return readable(await db.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst())
}

export async function findApplicationByNumber(db: Kysely<Database>, number: string): Promise<ApplicationRow | undefined> {
  return readable(await db.selectFrom('applications').selectAll().where('number', '=', number).executeTakeFirst())
}

export async function numberTaken(db: Kysely<Database>, number: string): Promise<boolean> {
  return (await db.selectFrom('applications').select('id').where('number', '=', number).executeTakeFirst()) !== undefined
}

/** The household's applications, newest first. */
export async function householdApplications(db: Kysely<Database>, householdId: string, limit: number): Promise<ApplicationRow[]> {
  const rows = await db.selectFrom('applications').selectAll().where('household_id', '=', householdId).orderBy('created_at', 'desc').orderBy('number', 'desc').limit(limit).execute()
  return rows.map(r => readable(r))
}

export async function insertApplication(db: Kysely<Database>, row: ApplicationRow, members: ApplicationMemberRow[], authorisations: AuthorisationRow[]): Promise<void> {
  await db.insertInto('applications').values({
    ...row,
    applicant_id_number: seal(row.applicant_id_number),
    applicant_phone: seal(row.applicant_phone),
    address: seal(row.address),
    declaration: row.declaration === null ? null : seal(row.declaration),
    removed_members: seal(row.removed_members),
  }).execute()
  if (members.length > 0)
    await db.insertInto('application_members').values(members.map(m => ({ ...m, id_number: seal(m.id_number) }))).execute()
  if (authorisations.length > 0)
    await db.insertInto('authorisations').values(authorisations.map(a => ({ ...a, id_number: seal(a.id_number), signature: seal(a.signature) }))).execute()
}

export async function applicationMembers(db: Kysely<Database>, applicationId: string): Promise<ApplicationMemberRow[]> {
  const rows = await db.selectFrom('application_members').selectAll().where('application_id', '=', applicationId).orderBy('position').execute()
  return rows.map(r => ({ ...r, id_number: open(r.id_number) }))
}

/** The signed authorisations, in the order they were recorded (the signatures themselves stay in the database). */
export async function applicationAuthorisations(db: Kysely<Database>, applicationId: string) {
  const rows = await db.selectFrom('authorisations')
    .select(['id_number', 'name', 'agreed_at', 'recorded_at'])
    .where('application_id', '=', applicationId)
    .execute()
  // Ordered once opened: sealed ID numbers sort at random.
  return rows.map(r => ({ ...r, id_number: open(r.id_number) }))
    .sort((a, b) => a.recorded_at.localeCompare(b.recorded_at) || a.id_number.localeCompare(b.id_number))
}

/** The household's registered members, the head first, ID numbers opened. */
export async function registeredMembers(db: Kysely<Database>, householdId: string) {
  const rows = await db.selectFrom('household_members').select(['id_number', 'id_number_hash', 'name', 'relation', 'birth_date', 'is_head']).where('household_id', '=', householdId).orderBy('is_head', 'desc').orderBy('birth_date').orderBy('id').execute()
  return rows.map(r => ({ ...r, id_number: open(r.id_number) }))
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

/** A draft holds whatever was typed (ID numbers, incomes…): sealed like a submitted application. */
export async function findDraft(db: Kysely<Database>, userId: string) {
  const row = await db.selectFrom('application_drafts').select(['draft', 'saved_at']).where('user_id', '=', userId).executeTakeFirst()
  return row && { ...row, draft: open(row.draft) }
}

export async function saveDraft(db: Kysely<Database>, userId: string, draft: string, savedAt: string): Promise<void> {
  const sealed = seal(draft)
  await db.insertInto('application_drafts').values({ user_id: userId, draft: sealed, saved_at: savedAt }).onConflict(oc => oc.column('user_id').doUpdateSet({ draft: sealed, saved_at: savedAt })).execute()
}

export async function deleteDraft(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('application_drafts').where('user_id', '=', userId).execute()
}
