import type { Kysely, Selectable } from 'kysely'
import type { Database, UserTable } from '../schema'
import { randomUUID } from 'node:crypto'

export type User = Selectable<UserTable>

export function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).where('disabled', '=', 0).executeTakeFirst()
}

export function findUserByUsername(db: Kysely<Database>, username: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).where('disabled', '=', 0).executeTakeFirst()
}

/** A resident account is created the first time a number signs in. */
export async function findOrCreateResident(db: Kysely<Database>, phone: string): Promise<User> {
  const existing = await db.selectFrom('users').selectAll().where('phone', '=', phone).executeTakeFirst()
  if (existing)
    return existing
  const user: User = {
    id: randomUUID(),
    role: 'resident',
    username: null,
    phone,
    password_hash: null,
    display_name: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
    area_code: null,
    department: null,
    organisation: null,
    household_id: null,
    created_at: new Date().toISOString(),
    disabled: 0,
  }
  await db.insertInto('users').values(user).onConflict(oc => oc.column('phone').doNothing()).execute()
  // Two sign-ins racing for the same new number both end up with the one row.
  return (await db.selectFrom('users').selectAll().where('phone', '=', phone).executeTakeFirstOrThrow())
}

export async function insertStaffUser(db: Kysely<Database>, user: Omit<User, 'id' | 'created_at' | 'disabled' | 'phone' | 'household_id'>): Promise<User> {
  const row: User = { ...user, id: randomUUID(), created_at: new Date().toISOString(), disabled: 0, phone: null, household_id: null }
  await db.insertInto('users').values(row).execute()
  return row
}

export async function setUserHousehold(db: Kysely<Database>, userId: string, householdId: string): Promise<void> {
  await db.updateTable('users').set({ household_id: householdId }).where('id', '=', userId).execute()
}
