import type { Kysely, Selectable } from 'kysely'
import type { BenefitDepartmentCode } from '../../../src/domain/happiness-list/record'
import type { BenefitRecordTable, Database, FeedCredentialTable, ImportBatchTable } from '../schema'
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { itemKind } from '../../../src/domain/happiness-list/record'
import { monthsBetween } from '../../../src/domain/happiness-list/totals'
import { nextMonth } from '../../../src/domain/time'
import { fieldCipher } from '../../crypto/field-cipher'
import { storedMemberIds } from '../../crypto/member-refs'
import { compiledOnce } from '../compiled-once'
import { retryOnUniqueViolation } from '../unique-violation'

// The happiness list (issue #5): benefit records, feed credentials, import batches, and the
// monthly records generated from the entitlements that approvals create.

export type BenefitRow = Selectable<BenefitRecordTable>
export type FeedCredentialRow = Selectable<FeedCredentialTable>

/** Rows per INSERT: far below SQLite's 32 766 and PostgreSQL's 65 535 bound parameters. */
const INSERT_CHUNK = 500
/** Keys per IN (…) lookup of existing records. */
const LOOKUP_CHUNK = 500

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size))
  return out
}

// ── feed credentials ─────────────────────────────────────────────────────────

export async function insertFeedCredential(db: Kysely<Database>, row: FeedCredentialRow): Promise<void> {
  await db.insertInto('feed_credentials').values(row).execute()
}

export function listFeedCredentials(db: Kysely<Database>) {
  return db.selectFrom('feed_credentials').selectAll().orderBy('created_at', 'desc').orderBy('id').execute()
}

/** Revokes once; revoking again keeps the first time. Returns the row, or undefined. */
export async function revokeFeedCredential(db: Kysely<Database>, id: string, at: string): Promise<FeedCredentialRow | undefined> {
  await db.updateTable('feed_credentials').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute()
  return db.selectFrom('feed_credentials').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findLiveCredentialByHash(db: Kysely<Database>, secretHash: string) {
  return db.selectFrom('feed_credentials').selectAll().where('secret_hash', '=', secretHash).where('revoked_at', 'is', null).executeTakeFirst()
}

// ── members and households ───────────────────────────────────────────────────

/** ID number → household, for the ID numbers that belong to a registered member. */
export async function householdsOfIdNumbers(db: Kysely<Database>, idNumbers: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  // Found by blind index: the stored numbers are encrypted.
  const byHash = new Map([...new Set(idNumbers)].map(n => [fieldCipher().index('id_number', n), n]))
  for (const part of chunks([...byHash.keys()], LOOKUP_CHUNK)) {
    const rows = await db.selectFrom('household_members').select(['id_number_hash', 'household_id']).where('id_number_hash', 'in', part).execute()
    for (const r of rows)
      out.set(byHash.get(r.id_number_hash!)!, r.household_id)
  }
  return out
}

export async function householdMembers(db: Kysely<Database>, householdIds: readonly string[]) {
  if (householdIds.length === 0)
    return []
  const rows = await db.selectFrom('household_members').select(['id', 'household_id', 'id_number', 'name', 'relation', 'is_head']).where('household_id', 'in', [...householdIds]).orderBy('is_head', 'desc').orderBy('birth_date').orderBy('id').execute()
  return rows.map(r => ({ ...r, id_number: fieldCipher().open(r.id_number) }))
}

export async function householdsWithArea(db: Kysely<Database>, householdIds: readonly string[]) {
  if (householdIds.length === 0)
    return []
  const rows = await db.selectFrom('households').innerJoin('areas', 'areas.code', 'households.area_code').select(['households.id', 'households.address', 'households.area_code', 'areas.name as area_name']).where('households.id', 'in', [...householdIds]).orderBy('households.registry_ref').execute()
  return rows.map(r => ({ ...r, address: fieldCipher().open(r.address) }))
}

export function householdIdsOfVillage(db: Kysely<Database>, villageCode: string) {
  return db.selectFrom('households').select('id').where('area_code', '=', villageCode).orderBy('registry_ref').execute()
}

export function villagesIn(db: Kysely<Database>, areaCode: string) {
  return db.selectFrom('areas').select(['code', 'name']).where('level', '=', 'village').where('code', 'like', `${areaCode}%`).orderBy('code').execute()
}

export function findArea(db: Kysely<Database>, code: string) {
  return db.selectFrom('areas').select(['code', 'name', 'level']).where('code', '=', code).executeTakeFirst()
}

export async function householdCountsPerVillage(db: Kysely<Database>, areaCode: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('households').select(['area_code', eb => eb.fn.countAll<number>().as('n')]).where('area_code', 'like', `${areaCode}%`).groupBy('area_code').execute()
  return new Map(rows.map(r => [r.area_code, Number(r.n)]))
}

/**
 * Distinct (village, department, household) with a record the department delivered (feed or
 * import) dated in the range, in the area. The months an approval generated are nobody's report.
 */
export function reportedInArea(db: Kysely<Database>, areaCode: string, from: string, to: string) {
  return db.selectFrom('benefit_records').innerJoin('households', 'households.id', 'benefit_records.household_id').select(['households.area_code', 'benefit_records.department', 'benefit_records.household_id']).distinct().where('households.area_code', 'like', `${areaCode}%`).where('benefit_records.source', '!=', 'approval').where('benefit_records.paid_on', '>=', from).where('benefit_records.paid_on', '<=', to).execute()
}

// ── records ──────────────────────────────────────────────────────────────────

export function recordsOfHouseholds(db: Kysely<Database>, householdIds: readonly string[], range?: { from: string, to: string }) {
  if (householdIds.length === 0)
    return Promise.resolve<BenefitRow[]>([])
  let q = db.selectFrom('benefit_records').selectAll().where('household_id', 'in', [...householdIds])
  if (range)
    q = q.where('paid_on', '>=', range.from).where('paid_on', '<=', range.to)
  return q.orderBy('paid_on', 'desc').orderBy('department').orderBy('external_id').execute()
}

/** The columns a list shows or reasons with (issue #18: not the bookkeeping ones). */
const LISTED_COLUMNS = ['id', 'department', 'item', 'kind', 'amount_fen', 'quantity', 'unit', 'period', 'paid_on', 'member_ids', 'status', 'source', 'reference'] as const
export type ListedBenefit = Pick<BenefitRow, typeof LISTED_COLUMNS[number]>

/**
 * What a household's list of `year` is made of (issue #18: its other years are not read): the
 * records paid in the year and, when approval months are among them, the records of the same
 * departments and items paid outside the year whose period may reach into it (a payment in
 * arrears or ahead still settles the year's approval months, supersedeGranted). Periods are
 * "YYYY-MM" or "YYYY-MM-DD/YYYY-MM-DD": one that begins in the year, or a range that begins
 * before it, may reach it.
 */
export async function recordsForYear(db: Kysely<Database>, householdId: string, year: number): Promise<ListedBenefit[]> {
  const [from, to, y] = [`${year}-01-01`, `${year}-12-31`, String(year)]
  const paid = await db.selectFrom('benefit_records').select(LISTED_COLUMNS).where('household_id', '=', householdId).where('paid_on', '>=', from).where('paid_on', '<=', to).orderBy('paid_on', 'desc').orderBy('department').orderBy('external_id').execute()
  const granted = paid.filter(r => r.source === 'approval')
  if (granted.length === 0)
    return paid
  const startYear = sql<string>`substr(period, 1, 4)`
  const reaching = await db.selectFrom('benefit_records').select(LISTED_COLUMNS).where('household_id', '=', householdId).where(eb => eb.or([eb('paid_on', '<', from), eb('paid_on', '>', to)])).where('source', '!=', 'approval').where('department', 'in', [...new Set(granted.map(r => r.department))]).where('item', 'in', [...new Set(granted.map(r => r.item))]).where(startYear, '<=', y).where(eb => eb.or([eb(startYear, '=', y), eb('period', 'like', '%/%')])).execute()
  return [...paid, ...reaching]
}

/**
 * The household's happiness-list stamp: a random value that the database changes with every
 * write to the household's benefit records or members (triggers of migration 021), so a list
 * computed after reading a stamp is current for as long as the stamp is. Undefined for a
 * household nothing was written for since the migration (nothing to cache by then).
 */
export async function happinessListStampOf(db: Kysely<Database>, householdId: string): Promise<string | undefined> {
  const { rows } = await sql<{ stamp: string }>`select stamp from happiness_list_stamps where household_id = ${householdId}`.execute(db)
  return rows[0]?.stamp
}

// The stamps table is the triggers' (migration 021), outside the typed schema: raw SQL.
const householdListStamp = compiledOnce(['householdId'], (db, v) => ({
  compile: () => sql<{ id: string, area_code: string, stamp: string | null }>`select h.id, h.area_code, s.stamp from households h left join happiness_list_stamps s on s.household_id = h.id where h.id = ${v.householdId}`.compile(db),
}))

/**
 * The household, when it exists, with its happiness-list stamp (happinessListStampOf) in the same
 * query: what a resident's list needs before it can be answered from the kept list (issue #18).
 */
export async function householdWithListStamp(db: Kysely<Database>, householdId: string): Promise<{ id: string, area_code: string, stamp: string | undefined } | undefined> {
  const { rows: [row] } = await householdListStamp(db, { householdId })
  return row && { id: row.id, area_code: row.area_code, stamp: row.stamp ?? undefined }
}

/** The departments that delivered a record of the household dated after `after`, up to `to`, each with its latest date (from the index alone, migration 021). */
export async function lastReportsOfHousehold(db: Kysely<Database>, householdId: string, after: string, to: string): Promise<Map<BenefitDepartmentCode, string>> {
  const rows = await db.selectFrom('benefit_records').select(['department', eb => eb.fn.max('paid_on').as('last')]).where('household_id', '=', householdId).where('paid_on', '>', after).where('paid_on', '<=', to).where('source', '!=', 'approval').groupBy('department').execute()
  return new Map(rows.map(r => [r.department, r.last]))
}

/** What an upsert writes; ids and times are the repository's. */
export type NewBenefit = Omit<BenefitRow, 'id' | 'created_at' | 'updated_at'>

/** The fields whose change makes a resend an update (the origin of the call is not one of them). */
const COMPARED = ['household_id', 'item', 'kind', 'amount_fen', 'quantity', 'unit', 'period', 'paid_on', 'member_ids', 'status', 'source', 'reference'] as const

export interface UpsertCounts { inserted: number, updated: number, unchanged: number }

/**
 * Inserts new records and updates changed ones, keyed by (department, external_id), in one
 * transaction: a batch is stored whole or not at all. Records must have distinct keys. A batch
 * racing another on the same keys is retried, so it is counted as if it had come second.
 */
export async function upsertBenefits(db: Kysely<Database>, rows: readonly NewBenefit[], now = new Date().toISOString()): Promise<UpsertCounts> {
  // The same batch sent twice at once: the slower one reruns and finds the records unchanged.
  return retryOnUniqueViolation(() => db.transaction().execute(async (trx) => {
    const existing = new Map<string, BenefitRow>()
    const byDepartment = new Map<BenefitDepartmentCode, string[]>()
    for (const r of rows)
      byDepartment.set(r.department, [...(byDepartment.get(r.department) ?? []), r.external_id])
    for (const [department, ids] of byDepartment) {
      for (const part of chunks(ids, LOOKUP_CHUNK)) {
        const found = await trx.selectFrom('benefit_records').selectAll().where('department', '=', department).where('external_id', 'in', part).execute()
        for (const f of found)
          existing.set(`${f.department}\u0000${f.external_id}`, f)
      }
    }
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 }
    const fresh: BenefitRow[] = []
    for (const r of rows) {
      const old = existing.get(`${r.department}\u0000${r.external_id}`)
      if (!old) {
        fresh.push({ ...r, id: randomUUID(), created_at: now, updated_at: now })
        counts.inserted++
      }
      else if (COMPARED.every(f => old[f] === r[f])) {
        counts.unchanged++
      }
      else {
        const { department: _d, external_id: _e, ...values } = r
        await trx.updateTable('benefit_records').set({ ...values, updated_at: now }).where('id', '=', old.id).execute()
        counts.updated++
      }
    }
    for (const part of chunks(fresh, INSERT_CHUNK))
      await trx.insertInto('benefit_records').values(part).execute()
    return counts
  }))
}

export async function insertImportBatch(db: Kysely<Database>, row: Selectable<ImportBatchTable>): Promise<void> {
  await db.insertInto('import_batches').values(row).execute()
}

export async function setImportBatchCounts(db: Kysely<Database>, id: string, counts: UpsertCounts): Promise<void> {
  await db.updateTable('import_batches').set(counts).where('id', '=', id).execute()
}

// ── approvals ────────────────────────────────────────────────────────────────

/** Which approvals to write months for: some entitlements (just approved), or all that are behind. */
export type EntitlementScope = { entitlementIds: readonly string[] } | 'all'

/**
 * Approvals appear on the list through their entitlements: one GRANTED record (已核定, source
 * "approval") per month from the start month up to `untilMonth` (monthly payments), or one
 * granted record without an amount (items without a monthly amount, such as medical aid).
 * Approval is not payment (issue #15): a month becomes paid only when the paying department's
 * feed or a CSV import reports it, and the list then shows the department's record instead of
 * the granted month (supersedeGranted in src/domain/happiness-list/granted.ts, applied when
 * reading, so either may come first). Written when a case is approved and, as months begin, by
 * the month keeper (server/services/happiness-list/entitlement-months.ts), never when a list is
 * read (issue #18). Idempotent (insert … on conflict do nothing on the month's external id), and
 * `granted_through` skips entitlements already written up to `untilMonth`. A month is dated its
 * first day, or the start date when that is later. Rows written "paid" by earlier versions are
 * read as granted (statusOf). Returns how many entitlements it brought up to date.
 */
export async function writeGrantedMonths(db: Kysely<Database>, scope: EntitlementScope, untilMonth: string, now = new Date().toISOString()): Promise<number> {
  let q = db.selectFrom('entitlements').innerJoin('cases', 'cases.id', 'entitlements.case_id').select(['entitlements.id', 'entitlements.household_id', 'entitlements.item', 'entitlements.monthly_amount_fen', 'entitlements.start_date', 'entitlements.granted_through', 'cases.department', 'cases.application_id']).where(eb => eb.or([eb('entitlements.granted_through', 'is', null), eb('entitlements.granted_through', '<', untilMonth)])).where('entitlements.start_date', '<', nextMonthStart(untilMonth))
  if (scope !== 'all') {
    if (scope.entitlementIds.length === 0)
      return 0
    q = q.where('entitlements.id', 'in', [...scope.entitlementIds])
  }
  const entitlements = await q.execute()
  if (entitlements.length === 0)
    return 0
  const members = (await db.selectFrom('application_members').select(['application_id', 'id_number']).where('application_id', 'in', [...new Set(entitlements.map(e => e.application_id))]).orderBy('position').execute())
    .map(m => ({ ...m, id_number: fieldCipher().open(m.id_number) }))
  const rows: BenefitRow[] = []
  for (const e of entitlements) {
    const memberIds = storedMemberIds(members.filter(m => m.application_id === e.application_id).map(m => m.id_number))
    const startMonth = e.start_date.slice(0, 7)
    const base = { household_id: e.household_id, department: e.department, item: e.item, kind: itemKind(e.item), quantity: null, unit: null, member_ids: memberIds, source: 'approval' as const, reference: null, credential_id: null, import_batch_id: null, created_at: now, updated_at: now }
    if (e.monthly_amount_fen === null) {
      rows.push({ ...base, id: randomUUID(), external_id: `ent:${e.id}`, amount_fen: null, period: startMonth, paid_on: e.start_date, status: 'granted' })
      continue
    }
    // Integer fen as decided (migration 018): copied, never converted.
    const fen = e.monthly_amount_fen
    // Months already written are skipped (a null granted_through writes from the start, idempotently).
    const from = e.granted_through !== null && e.granted_through >= startMonth ? nextMonth(e.granted_through) : startMonth
    for (const month of monthsBetween(from, untilMonth)) {
      const first = `${month}-01`
      rows.push({ ...base, id: randomUUID(), external_id: `ent:${e.id}:${month}`, amount_fen: fen, period: month, paid_on: e.start_date > first ? e.start_date : first, status: 'granted' })
    }
  }
  for (const part of chunks(rows, INSERT_CHUNK))
    await db.insertInto('benefit_records').values(part).onConflict(oc => oc.columns(['department', 'external_id']).doNothing()).execute()
  for (const part of chunks(entitlements.map(e => e.id), INSERT_CHUNK))
    await db.updateTable('entitlements').set({ granted_through: untilMonth }).where('id', 'in', part).execute()
  return entitlements.length
}

/** The first day after `month`: "2026-12" → "2027-01-01". */
function nextMonthStart(month: string): string {
  return `${nextMonth(month)}-01`
}
