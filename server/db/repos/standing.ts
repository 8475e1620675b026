import type { Kysely } from 'kysely'
import type { HeldItem } from '../../../src/domain/application/standing'
import type { ItemCode } from '../../../src/domain/items'
import type { Database } from '../schema'
import { FINAL_STATUSES } from '../../../src/domain/application/case-status'
import { ONGOING_ITEMS } from '../../../src/domain/application/standing'
import { monthsBetween } from '../../../src/domain/happiness-list/totals'
import { isItemCode } from '../../../src/domain/items'
import { dateParts, shanghaiMonth } from '../../../src/domain/time'

// What a household holds now (issue #15): undecided cases, approvals of ongoing items, and
// ongoing items a paying department reports it pays (feeds and imports of the happiness list).

/** A department's payments count as "receiving" while the latest is at most this many months old. */
const FEED_LIVE_MONTHS = 2
/** How far back the first month received is looked for. */
const FEED_LOOKBACK_MONTHS = 24

function monthsBefore(month: string, n: number): string {
  const [y, m] = dateParts(month)
  const index = y * 12 + (m - 1) - n
  return `${Math.floor(index / 12)}-${String(index % 12 + 1).padStart(2, '0')}`
}

/**
 * Serialises the decisions about one household (applications, approvals): the row update takes
 * PostgreSQL's row lock until commit, and on SQLite the write transaction is already exclusive.
 * Two submits racing for the same household then check one after the other.
 */
export async function lockHousehold(db: Kysely<Database>, householdId: string): Promise<void> {
  await db.updateTable('households').set(eb => ({ id: eb.ref('id') })).where('id', '=', householdId).execute()
}

export async function heldItems(db: Kysely<Database>, householdId: string, now = new Date()): Promise<HeldItem[]> {
  return (await heldItemsOf(db, [householdId], now)).get(householdId) ?? []
}

/** Keys per IN (…): far below both databases' bound-parameter limits. */
const CHUNK = 500

/**
 * What each household holds now, read for many households at once (a department's batch of
 * events, issue #19): the same three queries, each for up to CHUNK households.
 */
export async function heldItemsOf(db: Kysely<Database>, householdIds: readonly string[], now = new Date()): Promise<Map<string, HeldItem[]>> {
  const out = new Map<string, HeldItem[]>()
  const ids = [...new Set(householdIds)]
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const [id, held] of await heldItemsOfChunk(db, ids.slice(i, i + CHUNK), now))
      out.set(id, held)
  }
  return out
}

async function heldItemsOfChunk(db: Kysely<Database>, householdIds: readonly string[], now: Date): Promise<Map<string, HeldItem[]>> {
  const held = new Map<string, HeldItem[]>(householdIds.map(id => [id, []]))
  const open = await db.selectFrom('cases')
    .innerJoin('applications', 'applications.id', 'cases.application_id')
    .select(['cases.household_id', 'cases.item', 'applications.number'])
    .where('cases.household_id', 'in', householdIds)
    .where('cases.status', 'not in', [...FINAL_STATUSES])
    .orderBy('applications.created_at')
    .orderBy('cases.id')
    .execute()
  for (const c of open)
    held.get(c.household_id)!.push({ item: c.item, state: 'open', since: null, applicationNumber: c.number })

  // The first month received per item; null: received since before the months the feeds are read
  // for, so the real first month is not known here (the page then names none rather than a wrong one).
  const receiving = new Map<string, Map<ItemCode, string | null>>(householdIds.map(id => [id, new Map()]))
  const granted = await db.selectFrom('entitlements').select(['household_id', 'item', 'start_date']).where('household_id', 'in', householdIds).where('item', 'in', [...ONGOING_ITEMS]).execute()
  for (const e of granted) {
    const month = e.start_date.slice(0, 7)
    const mine = receiving.get(e.household_id)!
    const known = mine.get(e.item)
    if (known === undefined || (known !== null && month < known))
      mine.set(e.item, month)
  }

  const thisMonth = shanghaiMonth(now)
  const lookedFrom = monthsBefore(thisMonth, FEED_LOOKBACK_MONTHS)
  const paid = await db.selectFrom('benefit_records')
    .select(['household_id', 'item', 'period'])
    .where('household_id', 'in', householdIds)
    .where('item', 'in', [...ONGOING_ITEMS])
    .where('status', '=', 'paid')
    .where('source', 'in', ['feed', 'import'])
    .where('period', '>=', lookedFrom)
    .execute()
  const periods = new Map<string, Map<ItemCode, Set<string>>>()
  for (const r of paid) {
    // isItemCode narrows what the query already chose (ongoing items are items, not extra benefits).
    if (!isItemCode(r.item) || !/^\d{4}-\d{2}$/.test(r.period))
      continue
    const mine = periods.get(r.household_id) ?? new Map<ItemCode, Set<string>>()
    periods.set(r.household_id, mine)
    const set = mine.get(r.item) ?? new Set<string>()
    set.add(r.period)
    mine.set(r.item, set)
  }
  const liveFrom = monthsBefore(thisMonth, FEED_LIVE_MONTHS)
  for (const [householdId, items] of periods) {
    const mine = receiving.get(householdId)!
    for (const [item, months] of items) {
      const latest = [...months].sort().at(-1)!
      if (latest < liveFrom)
        continue
      // The first month of the run that reaches the latest payment (a gap ends an earlier run).
      let since = latest
      for (const m of monthsBetween(monthsBefore(latest, FEED_LOOKBACK_MONTHS), latest).reverse()) {
        if (!months.has(m))
          break
        since = m
      }
      // A run that reaches the first month read may have begun before it: its start is unknown,
      // unless an entitlement names an earlier one.
      const known = mine.get(item)
      if (since === lookedFrom) {
        if (known === undefined || (known !== null && known > since))
          mine.set(item, null)
      }
      else if (known === undefined || (known !== null && since < known)) {
        mine.set(item, since)
      }
    }
  }
  for (const [householdId, items] of receiving) {
    for (const [item, since] of items)
      held.get(householdId)!.push({ item, state: 'receiving', since, applicationNumber: null })
  }
  return held
}
