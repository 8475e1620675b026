import type { Kysely } from 'kysely'
import type { Database, HouseholdCodeTable, SigningKeyTable } from '../schema'

// The happiness code (issue #6): signing keys, each household's current code, revoked versions.

export type SigningKeyRow = SigningKeyTable
export type HouseholdCodeRow = HouseholdCodeTable

/** Keys that sign and verify now, oldest first; retired keys verify nothing any more. */
export function activeSigningKeys(db: Kysely<Database>): Promise<SigningKeyRow[]> {
  return db.selectFrom('signing_keys').selectAll().where('retired_at', 'is', null).orderBy('key_id').execute()
}

export async function highestKeyId(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('signing_keys').select(eb => eb.fn.max('key_id').as('max')).executeTakeFirst()
  return Number(row?.max ?? 0)
}

/** Does nothing when another request stored a key of that id first (two first uses at once). */
export async function insertSigningKey(db: Kysely<Database>, row: SigningKeyRow): Promise<void> {
  await db.insertInto('signing_keys').values(row).onConflict(oc => oc.column('key_id').doNothing()).execute()
}

export async function retireKey(db: Kysely<Database>, keyId: number, at: string): Promise<void> {
  await db.updateTable('signing_keys').set({ retired_at: at }).where('key_id', '=', keyId).where('retired_at', 'is', null).execute()
}

export function findHouseholdCode(db: Kysely<Database>, householdId: string): Promise<HouseholdCodeRow | undefined> {
  return db.selectFrom('household_codes').selectAll().where('household_id', '=', householdId).executeTakeFirst()
}

/** Stores the first code of a household unless one exists; returns the stored one either way. */
export async function insertHouseholdCode(db: Kysely<Database>, row: HouseholdCodeRow): Promise<HouseholdCodeRow> {
  await db.insertInto('household_codes').values(row).onConflict(oc => oc.column('household_id').doNothing()).execute()
  return (await findHouseholdCode(db, row.household_id))!
}

/**
 * Moves a household's code from `fromVersion` to the next one and revokes the old version, in one
 * transaction. Undefined when the code changed meanwhile (a second regenerate won the race).
 */
export function bumpHouseholdCode(db: Kysely<Database>, householdId: string, fromVersion: number, issuedAt: string): Promise<HouseholdCodeRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('household_codes')
      .set({ version: fromVersion + 1, issued_at: issuedAt })
      .where('household_id', '=', householdId)
      .where('version', '=', fromVersion)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0)
      return undefined
    const code = (await findHouseholdCode(trx, householdId))!
    await trx.insertInto('revoked_codes').values({ ref: code.ref, version: fromVersion, revoked_at: issuedAt }).onConflict(oc => oc.columns(['ref', 'version']).doNothing()).execute()
    return code
  })
}

export function revokedCodes(db: Kysely<Database>): Promise<{ ref: string, version: number }[]> {
  return db.selectFrom('revoked_codes').select(['ref', 'version']).orderBy('ref').orderBy('version').execute()
}

/** A reference's code as stored: its household, the current version, the revoked ones. */
export interface CodeVersions {
  householdId: string
  current: number
  revoked: { version: number, revokedAt: string }[]
}

/** The current version of a code reference and when each revoked version of it was revoked (ISO), in one query. */
export async function codeVersions(db: Kysely<Database>, ref: string): Promise<CodeVersions | null> {
  // One query: the code with each of its revoked versions (a row with nulls when there is none).
  const rows = await db.selectFrom('household_codes')
    .leftJoin('revoked_codes', 'revoked_codes.ref', 'household_codes.ref')
    .select(['household_codes.household_id', 'household_codes.version', 'revoked_codes.version as revoked_version', 'revoked_codes.revoked_at'])
    .where('household_codes.ref', '=', ref)
    .execute()
  const [code] = rows
  if (!code)
    return null
  return {
    householdId: code.household_id,
    current: Number(code.version),
    revoked: rows.flatMap(r => r.revoked_version === null || r.revoked_at === null ? [] : [{ version: Number(r.revoked_version), revokedAt: r.revoked_at }]),
  }
}
