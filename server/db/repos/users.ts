import type { Kysely, Selectable } from 'kysely'
import type { HouseholdBindingProof } from '../../../src/domain/http/auth'
import type { Database, UserTable } from '../schema'
import { randomUUID } from 'node:crypto'
import { fieldCipher } from '../../crypto/field-cipher'

export type User = Selectable<UserTable>

/** A stored row as the app uses it: the phone decrypted (it is stored sealed, issue #14). */
function readable<T extends { phone: string | null }>(row: T): T
function readable<T extends { phone: string | null }>(row: T | undefined): T | undefined
function readable<T extends { phone: string | null }>(row: T | undefined): T | undefined {
  return row && { ...row, phone: row.phone === null ? null : fieldCipher().open(row.phone) }
}

/**
 * As readable, but the phone is decrypted the first time it is read: the signed-in user of every
 * request, whose phone few routes read (issue #18). A copy ({ ...user }) reads it, decrypted.
 */
export function readableOnRead(row: User): User {
  const sealed = row.phone
  if (sealed === null)
    return row
  let phone: string | null | undefined
  return Object.defineProperty({ ...row }, 'phone', {
    enumerable: true,
    configurable: true,
    get: () => phone === undefined ? (phone = fieldCipher().open(sealed)) : phone,
    set: (value: string | null) => {
      phone = value
    },
  })
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<User | undefined> {
  return readable(await db.selectFrom('users').selectAll().where('username', '=', username).where('disabled', '=', 0).executeTakeFirst())
}

/** A resident account is created the first time a number signs in; found again by the phone's blind index. */
export async function findOrCreateResident(db: Kysely<Database>, phone: string): Promise<User> {
  const cipher = fieldCipher()
  const phoneHash = cipher.index('phone', phone)
  const existing = await db.selectFrom('users').selectAll().where('phone_hash', '=', phoneHash).executeTakeFirst()
  if (existing)
    return readable(existing)
  const user: User = {
    id: randomUUID(),
    role: 'resident',
    username: null,
    phone: cipher.seal(phone),
    phone_hash: phoneHash,
    password_hash: null,
    display_name: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
    area_code: null,
    department: null,
    organisation: null,
    household_id: null,
    created_at: new Date().toISOString(),
    disabled: 0,
    household_bound_at: null,
    household_bound_via: null,
    member_id_hash: null,
  }
  await db.insertInto('users').values(user).onConflict(oc => oc.column('phone_hash').doNothing()).execute()
  // Two sign-ins racing for the same new number both end up with the one row.
  return readable(await db.selectFrom('users').selectAll().where('phone_hash', '=', phoneHash).executeTakeFirstOrThrow())
}

/** True on a database nobody has used yet: the demo data set is loaded only into one. */
export async function hasNoUsers(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('users').select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n) === 0
}

export async function insertStaffUser(db: Kysely<Database>, user: Omit<User, 'id' | 'created_at' | 'disabled' | 'phone' | 'phone_hash' | 'household_id' | 'household_bound_at' | 'household_bound_via' | 'member_id_hash'>): Promise<User> {
  const row: User = { ...user, id: randomUUID(), created_at: new Date().toISOString(), disabled: 0, phone: null, phone_hash: null, household_id: null, household_bound_at: null, household_bound_via: null, member_id_hash: null }
  await db.insertInto('users').values(row).execute()
  return row
}

/**
 * Binds an unbound resident account to a household; false when the account is bound already
 * (the condition is in the update, so two binds racing for one account cannot both win).
 */
export async function bindUserHousehold(db: Kysely<Database>, userId: string, householdId: string, via: HouseholdBindingProof, at: string, memberIdHash: string): Promise<boolean> {
  const result = await db.updateTable('users')
    .set({ household_id: householdId, household_bound_at: at, household_bound_via: via, member_id_hash: memberIdHash })
    .where('id', '=', userId)
    .where('household_id', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** Unbinds one account from the household; false when it was not bound to that household. */
export async function unbindUserHousehold(db: Kysely<Database>, userId: string, householdId: string): Promise<boolean> {
  const result = await db.updateTable('users')
    .set({ household_id: null, household_bound_at: null, household_bound_via: null, member_id_hash: null })
    .where('id', '=', userId)
    .where('household_id', '=', householdId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** The accounts bound to a household, oldest binding first. */
export async function householdAccounts(db: Kysely<Database>, householdId: string) {
  const rows = await db.selectFrom('users')
    .select(['id', 'phone', 'household_bound_at', 'household_bound_via'])
    .where('household_id', '=', householdId)
    .where('disabled', '=', 0)
    .orderBy('household_bound_at')
    .orderBy('id')
    .execute()
  return rows.map(r => readable(r))
}
