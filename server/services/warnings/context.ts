import type { Kysely } from 'kysely'
import type { HouseholdMember, WarningContext } from '../../../src/domain/warnings/rules'
import type { Database } from '../../db/schema'
import { resolveRegion } from '../../../src/domain/regions'
import { shanghaiToday } from '../../../src/domain/time'
import { monthsBefore } from '../../../src/domain/warnings/dates'
import { MEDICAL_WINDOW_MONTHS } from '../../../src/domain/warnings/rules'
import { fieldCipher } from '../../crypto/field-cipher'
import { openSignal, signalsOfHousehold } from '../../db/repos/signals'
import { heldItems } from '../../db/repos/standing'

/** A county's code: the region whose figures apply to a village (339901001001 → 339901 → 浙江). */
const COUNTY_CODE_LENGTH = 6

/**
 * Who earns: the registry holds no income, so the household's latest application is read, where
 * each member declared a monthly income (a member declaring more than 0 is an earner). A
 * household that never applied has no known earner: the rules then see none.
 */
async function declaredEarners(db: Kysely<Database>, householdId: string): Promise<Set<string>> {
  const latest = await db.selectFrom('applications').select('id').where('household_id', '=', householdId).orderBy('created_at', 'desc').orderBy('id').limit(1).executeTakeFirst()
  if (!latest)
    return new Set()
  const rows = await db.selectFrom('application_members').select(['id_number', 'monthly_income_fen']).where('application_id', '=', latest.id).execute()
  return new Set(rows.filter(r => Number(r.monthly_income_fen) > 0).map(r => fieldCipher().index('id_number', fieldCipher().open(r.id_number))))
}

/**
 * What the warning rules know of a household (src/domain/warnings/rules.ts): its members from
 * the registry, what it receives now (approvals and departments' payments, as an application's
 * standing sees them), its signals of the medical window and its region's figures today. Null
 * when no region figures apply to its area: better no warning than one on wrong figures.
 */
export async function warningContext(db: Kysely<Database>, householdId: string, now: Date): Promise<WarningContext | null> {
  const household = await db.selectFrom('households').select('area_code').where('id', '=', householdId).executeTakeFirst()
  const region = household ? resolveRegion(household.area_code.slice(0, COUNTY_CODE_LENGTH)) : null
  if (!region)
    return null
  const today = shanghaiToday(now)
  const [rows, earners, held, signals] = await Promise.all([
    db.selectFrom('household_members').select(['id', 'birth_date', 'relation', 'id_number_hash']).where('household_id', '=', householdId).orderBy('id').execute(),
    declaredEarners(db, householdId),
    heldItems(db, householdId, now),
    signalsOfHousehold(db, householdId, monthsBefore(today, MEDICAL_WINDOW_MONTHS)),
  ])
  const members: HouseholdMember[] = rows.map(r => ({ id: r.id, birthDate: r.birth_date, relation: r.relation, earner: r.id_number_hash !== null && earners.has(r.id_number_hash) }))
  return {
    today,
    region,
    members,
    // Items received now count; an open application is no status the rules may build on.
    held: held.filter(h => h.state === 'receiving').map(h => ({ item: h.item })),
    recentSignals: signals.map(openSignal),
  }
}
