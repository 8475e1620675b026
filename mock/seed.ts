import type { Db } from '../server/db'
import { upsertAreas } from '../server/db/repos/areas'
import { upsertBenefits } from '../server/db/repos/benefits'
import { upsertHouseholdFromRegistry } from '../server/db/repos/households'
import { insertStaffUser } from '../server/db/repos/users'
import { hashPassword } from '../server/security'
import { resolveRecords } from '../server/services/happiness-list/records'
import { demoBenefits } from './benefit-history'
import { DEMO_ACCOUNTS, DEMO_AREAS, DEMO_HOUSEHOLDS, DEMO_PASSWORD } from './demo-data'
import { loadDemoNeeds } from './demo-needs'
import { seedDemoWarnings } from './demo-warnings'
import { seedDemoVisits } from './seed-visits'

/**
 * Loads the demo data set of mock/ into an empty database through the server's own repositories
 * (the one place demo data enters; the server never imports mock/ except to load this on --demo): areas, registered households, staff accounts, benefit history.
 * Everything dated is dated from `now`: the history runs to the month before it, visits, needs and
 * department events count back from it, so a demo seeded in any month looks the same.
 */
export async function seedDemo(db: Db, now = new Date()): Promise<void> {
  await upsertAreas(db.kysely, DEMO_AREAS)
  for (const household of DEMO_HOUSEHOLDS)
    await upsertHouseholdFromRegistry(db.kysely, household)
  for (const account of DEMO_ACCOUNTS) {
    await insertStaffUser(db.kysely, {
      username: account.username,
      role: account.role,
      display_name: account.display_name,
      area_code: account.area_code,
      department: account.department,
      organisation: account.organisation,
      password_hash: await hashPassword(DEMO_PASSWORD),
    })
  }
  // The happiness-list history (issue #5), in one transaction, as a feed would store it.
  const history = await resolveRecords(db.kysely, demoBenefits(now).map((record, at) => ({ at, record })), { source: 'feed', credential_id: null, import_batch_id: null })
  if (history.issues.length > 0)
    throw new Error(`demo benefit history does not match the demo households: ${JSON.stringify(history.issues[0])}`)
  await upsertBenefits(db.kysely, history.rows)
  // Care visits (issue #6): a household that left assistance, and visits of the past months.
  await seedDemoVisits(db, now)
  // Small needs in different states (issue #6).
  await loadDemoNeeds(db.kysely, now)
  // Department events that raise warnings for town staff to verify (issue #19, 政策找人).
  await seedDemoWarnings(db, now)
}
