import type { Kysely } from 'kysely'
import type { RegistryHousehold } from '../../adapters'
import type { Database } from '../schema'
import { randomUUID } from 'node:crypto'
import { checkIdNumber } from '../../../src/domain/id-number'
import { fieldCipher } from '../../crypto/field-cipher'

/** Stores (or refreshes) a household as the registry knows it; returns our household id. */
export async function upsertHouseholdFromRegistry(db: Kysely<Database>, household: RegistryHousehold): Promise<string> {
  return db.transaction().execute(async (trx) => {
    // One statement, not read-then-insert: two binds of a new household at once both get its id.
    const refreshed = { area_code: household.areaCode, address: fieldCipher().seal(household.address) }
    const { id } = await trx.insertInto('households')
      .values({ id: randomUUID(), registry_ref: household.registryRef, ...refreshed, created_at: new Date().toISOString() })
      .onConflict(oc => oc.column('registry_ref').doUpdateSet(refreshed))
      .returning('id')
      .executeTakeFirstOrThrow()
    for (const member of household.members) {
      const check = checkIdNumber(member.idNumber)
      const values = {
        household_id: id,
        name: member.name,
        relation: member.relation,
        birth_date: check.ok ? check.birthDate : '',
        is_head: member.isHead ? 1 : 0,
      }
      const cipher = fieldCipher()
      await trx.insertInto('household_members')
        .values({ id: randomUUID(), id_number: cipher.seal(member.idNumber), id_number_hash: cipher.index('id_number', member.idNumber), ...values })
        .onConflict(oc => oc.column('id_number_hash').doUpdateSet(values))
        .execute()
    }
    return id
  })
}

export async function householdSummaryRow(db: Kysely<Database>, householdId: string) {
  const household = await db.selectFrom('households')
    .innerJoin('areas', 'areas.code', 'households.area_code')
    .select(['households.id', 'households.area_code', 'areas.name as area_name'])
    .where('households.id', '=', householdId)
    .executeTakeFirst()
  if (!household)
    return undefined
  const members = await db.selectFrom('household_members').select(['name', 'is_head']).where('household_id', '=', householdId).execute()
  const head = members.find(m => m.is_head === 1) ?? members[0]
  return { id: household.id, areaCode: household.area_code, areaName: household.area_name, headName: head?.name ?? '', memberCount: members.length }
}

export function findHousehold(db: Kysely<Database>, id: string) {
  return db.selectFrom('households').select(['id', 'area_code']).where('id', '=', id).executeTakeFirst()
}
