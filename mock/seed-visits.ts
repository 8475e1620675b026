import type { Db } from '../server/db'
import type { NewVisit } from '../server/db/repos/visits'
import { upsertBenefits } from '../server/db/repos/benefits'
import { upsertHouseholdFromRegistry } from '../server/db/repos/households'
import { insertVisitOnce } from '../server/db/repos/visits'
import { resolveRecords } from '../server/services/happiness-list/records'
import { MS_PER_DAY } from '../server/services/visits/time'
import { DEMO_LEFT_HOUSEHOLD, DEMO_VISITS, demoAssistanceExit } from './demo-visits'

/**
 * Loads demo-visits.ts after the rest of the demo: the household that left assistance with
 * its dibao history and stop, and the demo visits, dated back from `now`. Runs after the demo
 * accounts exist (visitors are found by username).
 */
export async function seedDemoVisits(db: Db, now = new Date()): Promise<void> {
  const k = db.kysely
  await upsertHouseholdFromRegistry(k, DEMO_LEFT_HOUSEHOLD)
  const exit = await resolveRecords(k, demoAssistanceExit(now).map((record, at) => ({ at, record })), { source: 'feed', credential_id: null, import_batch_id: null })
  if (exit.issues.length > 0)
    throw new Error(`demo assistance exit does not match its household: ${JSON.stringify(exit.issues[0])}`)
  await upsertBenefits(k, exit.rows)

  const users = new Map((await k.selectFrom('users').select(['id', 'username', 'role', 'organisation']).where('username', 'is not', null).execute()).map(u => [u.username!, u]))
  const households = new Map((await k.selectFrom('households').select(['id', 'registry_ref']).execute()).map(h => [h.registry_ref, h.id]))
  const ago = (days: number) => new Date(now.getTime() - days * MS_PER_DAY).toISOString()
  for (const v of DEMO_VISITS) {
    const visitor = users.get(v.visitor)
    const householdId = households.get(v.household)
    if (!visitor || !householdId)
      throw new Error(`demo visit ${v.clientId} names an unknown visitor or household`)
    const row: NewVisit = {
      id: v.clientId,
      client_id: v.clientId,
      household_id: householdId,
      visitor_id: visitor.id,
      visitor_role: visitor.role as NewVisit['visitor_role'],
      organisation: visitor.organisation ?? '',
      type: v.type,
      visited_at: ago(v.daysAgo),
      observations: JSON.stringify(v.observations),
      urgent: v.urgentNote ? 1 : 0,
      urgent_note: v.urgentNote ?? '',
      notes: v.notes,
      photo: null,
      location: null,
      accuracy: null,
      created_at: ago(v.daysAgo),
      flag_resolved_at: v.resolved ? ago(v.resolved.daysAgo) : null,
      flag_resolved_by: v.resolved ? users.get(v.resolved.by)!.id : null,
    }
    await insertVisitOnce(k, row)
  }
}
