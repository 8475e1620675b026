import type { Kysely, Selectable } from 'kysely'
import type { WarningContext } from '../../../src/domain/warnings/rules'
import type { SignalRow } from '../../db/repos/signals'
import type { Database, HouseholdMemberTable } from '../../db/schema'
import { resolveRegion } from '../../../src/domain/regions'
import { shanghaiToday } from '../../../src/domain/time'
import { monthsBefore } from '../../../src/domain/warnings/dates'
import { MEDICAL_WINDOW_MONTHS } from '../../../src/domain/warnings/rules'
import { fieldCipher } from '../../crypto/field-cipher'
import { openSignal, signalsOfHouseholds } from '../../db/repos/signals'
import { heldItemsOf } from '../../db/repos/standing'

/** A county's code: the region whose figures apply to a village (339901001001 → 339901 → 浙江). */
const COUNTY_CODE_LENGTH = 6

/** Keys per IN (…): far below both databases' bound-parameter limits. */
const CHUNK = 500

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK)
    out.push(items.slice(i, i + CHUNK))
  return out
}

/**
 * Who earns: the registry holds no income, so each household's latest application is read, where
 * each member declared a monthly income (a member declaring more than 0 is an earner), as blind
 * indexes of their ID numbers. A household that never applied has no known earner: the rules then see none.
 */
async function declaredEarners(db: Kysely<Database>, householdIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const latest = new Map<string, string>()
  for (const part of chunks(householdIds)) {
    const rows = await db.selectFrom('applications').select(['id', 'household_id']).where('household_id', 'in', part).orderBy('created_at', 'desc').orderBy('id').execute()
    for (const r of rows) {
      if (r.household_id && !latest.has(r.household_id))
        latest.set(r.household_id, r.id)
    }
  }
  const householdOf = new Map([...latest].map(([household, application]) => [application, household]))
  const earners = new Map<string, Set<string>>(householdIds.map(id => [id, new Set()]))
  for (const part of chunks([...householdOf.keys()])) {
    const rows = await db.selectFrom('application_members').select(['application_id', 'id_number', 'monthly_income_fen']).where('application_id', 'in', part).execute()
    for (const r of rows) {
      if (Number(r.monthly_income_fen) > 0)
        earners.get(householdOf.get(r.application_id)!)!.add(fieldCipher().index('id_number', fieldCipher().open(r.id_number)))
    }
  }
  return earners
}

/**
 * What the warning rules know of each household (src/domain/warnings/rules.ts): its members from
 * the registry, what it receives now (approvals and departments' payments, as an application's
 * standing sees them), its signals of the medical window and its region's figures today. Null
 * when no region figures apply to its area: better no warning than one on wrong figures.
 * Read for a whole batch of events at once: a few queries per 500 households, not per household.
 */
export async function warningContexts(db: Kysely<Database>, householdIds: readonly string[], now: Date): Promise<Map<string, WarningContext | null>> {
  const ids = [...new Set(householdIds)]
  const today = shanghaiToday(now)
  const since = monthsBefore(today, MEDICAL_WINDOW_MONTHS)
  const areas = new Map<string, string>()
  const members = new Map<string, Pick<Selectable<HouseholdMemberTable>, 'id' | 'birth_date' | 'relation' | 'id_number_hash'>[]>(ids.map(id => [id, []]))
  const signals = new Map<string, SignalRow[]>(ids.map(id => [id, []]))
  for (const part of chunks(ids)) {
    const [households, memberRows, signalRows] = await Promise.all([
      db.selectFrom('households').select(['id', 'area_code']).where('id', 'in', part).execute(),
      db.selectFrom('household_members').select(['id', 'household_id', 'birth_date', 'relation', 'id_number_hash']).where('household_id', 'in', part).orderBy('household_id').orderBy('id').execute(),
      signalsOfHouseholds(db, part, since),
    ])
    for (const h of households)
      areas.set(h.id, h.area_code)
    for (const m of memberRows)
      members.get(m.household_id)!.push(m)
    for (const s of signalRows)
      signals.get(s.household_id)!.push(s)
  }
  const [earners, held] = await Promise.all([declaredEarners(db, ids), heldItemsOf(db, ids, now)])
  const out = new Map<string, WarningContext | null>()
  for (const id of ids) {
    const area = areas.get(id)
    const region = area ? resolveRegion(area.slice(0, COUNTY_CODE_LENGTH)) : null
    if (!region) {
      out.set(id, null)
      continue
    }
    const earning = earners.get(id)!
    out.set(id, {
      today,
      region,
      members: members.get(id)!.map(r => ({ id: r.id, birthDate: r.birth_date, relation: r.relation, earner: r.id_number_hash !== null && earning.has(r.id_number_hash) })),
      // Items received now count; an open application is no status the rules may build on.
      held: (held.get(id) ?? []).filter(h => h.state === 'receiving').map(h => ({ item: h.item })),
      recentSignals: signals.get(id)!.map(openSignal),
    })
  }
  return out
}
