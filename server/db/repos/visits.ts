import type { ExpressionBuilder, Kysely, Selectable } from 'kysely'
import type { BenefitStatus } from '../../../src/domain/happiness-list/record'
import type { ItemCode } from '../../../src/domain/items'
import type { Signal } from '../../../src/domain/warnings/signals'
import type { Database, VisitConfirmationTable, VisitTable } from '../schema'
import type { CodeVersions } from './household-codes'
import type { User } from './users'
import { sql } from 'kysely'
import { ITEM_CODES, ITEMS } from '../../../src/domain/items'
import { areaContains, FIELD_ROLES, STAFF_ROLES } from '../../../src/domain/roles'
import { fieldCipher } from '../../crypto/field-cipher'
import { compiledOnce } from '../compiled-once'

// Care visits (探访关爱, issue #6): the visits, where field workers may log them, and what the
// household card, coverage and urgent flags read.

export type VisitRow = Selectable<VisitTable>

/** Keys per IN (…) lookup: far below both dialects' bound-parameter limits. */
const LOOKUP_CHUNK = 500

function chunks<T>(items: readonly T[], size = LOOKUP_CHUNK): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size))
  return out
}

// ── areas of field workers ───────────────────────────────────────────────────

/**
 * Where a user may log visits (and see open needs, issue #6): a volunteer's or social worker's
 * own users.area_code plus every area staff assigned them in field_worker_areas; town and
 * county staff their own area; residents nowhere. A household is within when its village code
 * starts with one of these codes (see inAreas).
 */
export async function fieldAreasOf(db: Kysely<Database>, user: Pick<User, 'id' | 'role' | 'area_code'>): Promise<string[]> {
  const own = user.area_code ? [user.area_code] : []
  if (STAFF_ROLES.includes(user.role))
    return own
  if (!FIELD_ROLES.includes(user.role))
    return []
  const assigned = await db.selectFrom('field_worker_areas').select('area_code').where('user_id', '=', user.id).orderBy('area_code').execute()
  return [...new Set([...own, ...assigned.map(a => a.area_code)])]
}

/**
 * Whether a household of the village `householdArea` lies within the user's field areas
 * (fieldAreasOf, then inAreas), given the areas staff assigned the user. False for an unknown
 * household (no village).
 */
export function withinFieldAreas(user: Pick<User, 'role' | 'area_code'>, householdArea: string | null, assigned: readonly string[]): boolean {
  const own = user.area_code ? [user.area_code] : []
  const field = FIELD_ROLES.includes(user.role)
  if ((!field && !STAFF_ROLES.includes(user.role)) || householdArea === null)
    return false
  // Staff act in their own area only, as in fieldAreasOf.
  return inAreas(field ? [...own, ...assigned] : own, householdArea)
}

/** True when the area (a household's village) lies within one of the areas. */
export function inAreas(areas: readonly string[], areaCode: string): boolean {
  return areas.some(a => areaContains(a, areaCode))
}

// ── visits waiting for confirmation (issue #16, migration 017) ───────────────

/** Visits that count nowhere (yet): waiting for staff, or not confirmed. */
function unconfirmedIds(db: Kysely<Database>) {
  return db.selectFrom('visit_confirmations').select('visit_confirmations.visit_id').where('visit_confirmations.status', '<>', 'confirmed')
}

// ── visits ───────────────────────────────────────────────────────────────────

/** What a resend is answered from: never the photo or location; the confirmation's status if any. */
export interface StoredVisit extends Pick<VisitRow, 'id' | 'client_id' | 'visitor_id'> {
  confirmation: VisitConfirmationTable['status'] | null
}

/** A visit as the visitor sent it: the photo and location in clear, sealed when stored. */
export interface NewVisit extends Omit<VisitRow, 'location'> {
  location: { lat: number, lng: number } | null
}

const visitByClientId = compiledOnce(['clientId'], (db, v) => db
  .selectFrom('visits')
  .leftJoin('visit_confirmations', 'visit_confirmations.visit_id', 'visits.id')
  .select(['visits.id', 'visits.client_id', 'visits.visitor_id', 'visit_confirmations.status as confirmation'])
  .where('visits.client_id', '=', v.clientId))

export async function findVisitByClientId(db: Kysely<Database>, clientId: string): Promise<StoredVisit | undefined> {
  return (await visitByClientId(db, { clientId })).rows[0]
}

/** What a visit's send reads before it stores anything (sendContext). */
export interface VisitSendContext {
  /** The visit stored under the clientId, if any: a resend is answered from it. */
  stored: StoredVisit | undefined
  /** The code of the token's reference (as codeVersions reads it); null when no household has it. */
  versions: CodeVersions | null
  /** The village of that code's household. */
  householdArea: string | null
  /** The active signing keys (public JWK text), any order. */
  keys: { keyId: number, publicKeyJwk: string }[]
  /** The areas staff assigned the visitor (field_worker_areas). */
  assigned: string[]
}

/** Casts make every branch's column types explicit: PostgreSQL types a UNION's NULLs pairwise, left to right. */
const TEXT_NULL = sql<string | null>`cast(null as text)`
const INT_NULL = sql<number | null>`cast(null as integer)`
const kindOf = (kind: 'visit' | 'code' | 'revoked' | 'key' | 'area') => sql<typeof kind>`cast(${sql.lit(kind)} as text)`.as('kind')

const sendContextQuery = compiledOnce(['clientId', 'ref', 'userId'], (db, v) => db
  .selectFrom('visits')
  .leftJoin('visit_confirmations', 'visit_confirmations.visit_id', 'visits.id')
  // The first branch types the union's columns: b and c may be null in the others.
  .select([kindOf('visit'), 'visits.id as a', sql<string | null>`${sql.ref('visits.visitor_id')}`.as('b'), sql<string | null>`${sql.ref('visit_confirmations.status')}`.as('c'), INT_NULL.as('n')])
  .where('visits.client_id', '=', v.clientId)
  .unionAll(db
    .selectFrom('household_codes')
    .leftJoin('households', 'households.id', 'household_codes.household_id')
    .select([kindOf('code'), 'household_codes.household_id as a', 'households.area_code as b', TEXT_NULL.as('c'), 'household_codes.version as n'])
    .where('household_codes.ref', '=', v.ref))
  .unionAll(db
    .selectFrom('revoked_codes')
    .select([kindOf('revoked'), 'revoked_at as a', TEXT_NULL.as('b'), TEXT_NULL.as('c'), 'version as n'])
    .where('ref', '=', v.ref))
  .unionAll(db
    .selectFrom('signing_keys')
    .select([kindOf('key'), 'public_key_jwk as a', TEXT_NULL.as('b'), TEXT_NULL.as('c'), 'key_id as n'])
    .where('retired_at', 'is', null))
  .unionAll(db
    .selectFrom('field_worker_areas')
    .select([kindOf('area'), 'area_code as a', TEXT_NULL.as('b'), TEXT_NULL.as('c'), INT_NULL.as('n')])
    .where('user_id', '=', v.userId)))

/**
 * Everything a visit's send checks before storing, in one query (issue #18: on PostgreSQL every
 * query is a round trip): the visit already stored under `clientId`, the code of the token's
 * reference `ref` (null when the token names none) with its revoked versions and its household's
 * village, the active signing keys, and the areas assigned to the visitor.
 */
export async function sendContext(db: Kysely<Database>, input: { clientId: string, ref: string | null, userId: string }): Promise<VisitSendContext> {
  const { rows } = await sendContextQuery(db, input)
  const context: VisitSendContext = { stored: undefined, versions: null, householdArea: null, keys: [], assigned: [] }
  const revoked: CodeVersions['revoked'] = []
  for (const row of rows) {
    if (row.kind === 'visit') {
      context.stored = { id: row.a!, client_id: input.clientId, visitor_id: row.b!, confirmation: row.c as StoredVisit['confirmation'] }
    }
    else if (row.kind === 'code') {
      context.versions = { householdId: row.a!, current: Number(row.n), revoked }
      context.householdArea = row.b
    }
    else if (row.kind === 'revoked') {
      revoked.push({ version: Number(row.n), revokedAt: row.a! })
    }
    else if (row.kind === 'key') {
      context.keys.push({ keyId: Number(row.n), publicKeyJwk: row.a! })
    }
    else {
      context.assigned.push(row.a!)
    }
  }
  return context
}

/** Every column of a visit: the object literal fails the typecheck when the table gains one. */
const VISIT_COLUMNS = Object.keys({ id: true, client_id: true, household_id: true, visitor_id: true, visitor_role: true, organisation: true, type: true, visited_at: true, observations: true, urgent: true, urgent_note: true, notes: true, photo: true, location: true, accuracy: true, created_at: true, flag_resolved_at: true, flag_resolved_by: true } satisfies Record<keyof VisitRow, true>) as (keyof VisitRow)[]

const insertVisitIfNew = compiledOnce(VISIT_COLUMNS, (db, v) => db
  .insertInto('visits')
  // Markers stand in for every column, numbers and nulls included: the types are the row's at each run.
  .values(v as unknown as VisitRow)
  .onConflict(oc => oc.column('client_id').doNothing())
  .returning('id'))

/**
 * Stores a visit unless its clientId is stored already; returns the stored row either way. ON
 * CONFLICT DO NOTHING on the unique client_id: two sends of the same visit at the same moment
 * both end here without an error, and both read the one row (on PostgreSQL the second insert
 * waits for the first to commit, then does nothing). The photo and location are stored sealed
 * (issue #14); the location as one "lat,lng" text, since a number column cannot hold a sealed value.
 */
export async function insertVisitOnce(db: Kysely<Database>, visit: NewVisit): Promise<StoredVisit> {
  const cipher = fieldCipher()
  const row: VisitRow = {
    ...visit,
    // What the visitor saw and wrote can be about health, money and family: sealed like the photo.
    observations: cipher.seal(visit.observations),
    urgent_note: cipher.seal(visit.urgent_note),
    notes: cipher.seal(visit.notes),
    photo: visit.photo === null ? null : cipher.seal(visit.photo),
    location: visit.location === null ? null : cipher.seal(`${visit.location.lat},${visit.location.lng}`),
  }
  const { rows: [inserted] } = await insertVisitIfNew(db, row)
  return inserted ? { id: row.id, client_id: row.client_id, visitor_id: row.visitor_id, confirmation: null } : (await findVisitByClientId(db, row.client_id))!
}

/**
 * Stores a visit whose code version was revoked before the visit, waiting for staff (issue #16):
 * the visit and its confirmation row in one transaction, once per clientId like any visit.
 */
export async function insertPendingVisitOnce(db: Kysely<Database>, visit: NewVisit, code: { version: number, revokedAt: string }, referral: Signal | null = null): Promise<StoredVisit> {
  const store = async (trx: Kysely<Database>): Promise<StoredVisit> => {
    const stored = await insertVisitOnce(trx, visit)
    if (stored.id !== visit.id)
      return stored
    const sealedReferral = referral === null ? null : fieldCipher().seal(JSON.stringify(referral))
    await trx.insertInto('visit_confirmations').values({ visit_id: visit.id, status: 'pending', code_version: code.version, code_revoked_at: code.revokedAt, created_at: visit.created_at, decided_by: null, decided_at: null, referral: sealedReferral }).execute()
    return { ...stored, confirmation: 'pending' as const }
  }
  // Within a caller's transaction (a visit with its referral) it is part of that one.
  return db.isTransaction ? store(db) : db.transaction().execute(store)
}

/** A stored location opened: what the visitor's phone sent. */
export function openLocation(sealed: string): { lat: number, lng: number } {
  const [lat, lng] = fieldCipher().open(sealed).split(',').map(Number)
  return { lat: lat!, lng: lng! }
}

const SEEN_BY_HOUSEHOLD = ['visits.id', 'visits.visited_at', 'visits.type', 'visits.visitor_role', 'visits.organisation'] as const

/** Visits of a household newest first, with nothing but what the household may see. */
export function visitsOfHousehold(db: Kysely<Database>, householdId: string, limit: number) {
  return db.selectFrom('visits').select(SEEN_BY_HOUSEHOLD).where('visits.household_id', '=', householdId).where('visits.id', 'not in', unconfirmedIds(db)).orderBy('visits.visited_at', 'desc').orderBy('visits.id').limit(limit).execute()
}

/**
 * A visitor's own visits newest first, with the household's village and whether a referral went
 * with the visit (its signal: source volunteer, the visit's clientId; nothing of its warning).
 */
export function visitsOfVisitor(db: Kysely<Database>, visitorId: string, limit: number) {
  return db.selectFrom('visits')
    .innerJoin('households', 'households.id', 'visits.household_id')
    .innerJoin('areas', 'areas.code', 'households.area_code')
    .leftJoin('signals', join => join.onRef('signals.external_id', '=', 'visits.client_id').on('signals.source', '=', 'volunteer'))
    .select([...SEEN_BY_HOUSEHOLD, 'visits.client_id', 'visits.household_id', 'visits.urgent', 'areas.name as village_name', 'signals.id as referral_id'])
    .where('visits.visitor_id', '=', visitorId)
    .where('visits.id', 'not in', unconfirmedIds(db))
    .orderBy('visits.visited_at', 'desc')
    .orderBy('visits.id')
    .limit(limit)
    .execute()
}

/** A visit a referral came from: observations (JSON) and urgent note opened. */
export interface ReferralVisit extends Pick<VisitRow, 'client_id' | 'household_id' | 'visited_at' | 'type' | 'observations' | 'urgent_note'> {
  urgent: boolean
  visitor_name: string
}

/**
 * The visits referrals came from (issue #19), by clientId (a referral's external id), with the
 * visitor's display name and what the visit recorded opened: for staff beside the warning. Never
 * the photo, location or work notes.
 */
export async function visitsOfReferrals(db: Kysely<Database>, clientIds: readonly string[]): Promise<Map<string, ReferralVisit>> {
  const out = new Map<string, ReferralVisit>()
  for (const part of chunks([...new Set(clientIds)])) {
    const rows = await db.selectFrom('visits')
      .innerJoin('users', 'users.id', 'visits.visitor_id')
      .select(['visits.client_id', 'visits.household_id', 'visits.visited_at', 'visits.type', 'visits.observations', 'visits.urgent', 'visits.urgent_note', 'users.display_name as visitor_name'])
      .where('visits.client_id', 'in', part)
      .execute()
    for (const r of rows)
      out.set(r.client_id, { ...r, urgent: Number(r.urgent) === 1, observations: fieldCipher().open(r.observations), urgent_note: fieldCipher().open(r.urgent_note) })
  }
  return out
}

/** Whether the member belongs to the household (a referral names a member of the visited household only). */
export async function isMemberOf(db: Kysely<Database>, householdId: string, memberId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('household_members').select('id').where('id', '=', memberId).where('household_id', '=', householdId).executeTakeFirst())
}

/** How many visits the visitor made in [from, to) (ISO instants). */
export async function countVisitorVisits(db: Kysely<Database>, visitorId: string, from: string, to: string): Promise<number> {
  const row = await db.selectFrom('visits').select(eb => eb.fn.countAll<number>().as('n')).where('visits.visitor_id', '=', visitorId).where('visits.visited_at', '>=', from).where('visits.visited_at', '<', to).where('visits.id', 'not in', unconfirmedIds(db)).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** The visitor's visits that do not count (yet): waiting for staff or not confirmed, newest first. */
export function unconfirmedVisitsOf(db: Kysely<Database>, visitorId: string, limit: number) {
  return db
    .selectFrom('visits')
    .innerJoin('visit_confirmations', 'visit_confirmations.visit_id', 'visits.id')
    .innerJoin('households', 'households.id', 'visits.household_id')
    .innerJoin('areas', 'areas.code', 'households.area_code')
    .select(['visits.client_id', 'visits.visited_at', 'visits.type', 'visits.household_id', 'areas.name as village_name', 'visit_confirmations.status', 'visit_confirmations.decided_at'])
    .where('visits.visitor_id', '=', visitorId)
    .where('visit_confirmations.status', '<>', 'confirmed')
    .orderBy('visits.visited_at', 'desc')
    .orderBy('visits.id')
    .limit(limit)
    .execute()
}

/** Visits of the area waiting for staff, oldest first (the longest wait on top). */
export async function pendingVisitsOfArea(db: Kysely<Database>, areaCode: string, limit: number) {
  const rows = await confirmationQuery(db).select('visit_confirmations.referral').where('visit_confirmations.status', '=', 'pending').where('households.area_code', 'like', `${areaCode}%`).orderBy('visits.visited_at').orderBy('visits.id').limit(limit).execute()
  // Whether a referral waits with the visit; what it says is for the warning, once confirmed.
  return rows.map(({ referral, ...r }) => ({ ...r, urgent_note: fieldCipher().open(r.urgent_note), with_referral: referral !== null }))
}

/** One visit with its confirmation (any status), or undefined when it has none. */
export async function findConfirmation(db: Kysely<Database>, visitId: string) {
  const row = await confirmationQuery(db).where('visits.id', '=', visitId).executeTakeFirst()
  return row && { ...row, urgent_note: fieldCipher().open(row.urgent_note) }
}

function confirmationQuery(db: Kysely<Database>) {
  return db
    .selectFrom('visit_confirmations')
    .innerJoin('visits', 'visits.id', 'visit_confirmations.visit_id')
    .innerJoin('households', 'households.id', 'visits.household_id')
    .innerJoin('areas', 'areas.code', 'households.area_code')
    .innerJoin('users', 'users.id', 'visits.visitor_id')
    .innerJoin('household_codes', 'household_codes.household_id', 'visits.household_id')
    .select([
      'visits.id',
      'visits.visited_at',
      'visits.type',
      'visits.household_id',
      'visits.visitor_role',
      'visits.organisation',
      'visits.urgent',
      'visits.urgent_note',
      'areas.name as village_name',
      'households.area_code',
      'users.display_name as visitor_name',
      'household_codes.version as current_version',
      'visit_confirmations.status',
      'visit_confirmations.code_version',
      'visit_confirmations.code_revoked_at',
      'visit_confirmations.created_at as received_at',
      'visit_confirmations.decided_at',
    ])
}

/**
 * Confirms or rejects a waiting visit, once: false when it was decided meanwhile (another clerk).
 * A confirmed visit then counts like any other (coverage, histories, urgent flags).
 */
/**
 * Decides a waiting visit once: false when it was decided already (by another clerk too). Returns
 * the referral that waited with it (issue #19), taken off the row in the same statement: the
 * caller raises it for a confirmed visit; a rejected visit's referral goes with it.
 */
export async function decideVisit(db: Kysely<Database>, visitId: string, decision: 'confirmed' | 'rejected', userId: string, at: string): Promise<{ decided: false } | { decided: true, referral: unknown }> {
  const [held] = await db.selectFrom('visit_confirmations').select('referral').where('visit_id', '=', visitId).where('status', '=', 'pending').execute()
  const res = await db.updateTable('visit_confirmations').set({ status: decision, decided_by: userId, decided_at: at, referral: null }).where('visit_id', '=', visitId).where('status', '=', 'pending').executeTakeFirst()
  if (Number(res.numUpdatedRows) === 0)
    return { decided: false }
  return { decided: true, referral: held?.referral ? JSON.parse(fieldCipher().open(held.referral)) as unknown : null }
}

// ── households: heads, villages, card flags ──────────────────────────────────

/** The head's name of each household (the first member when none is marked head). */
export async function headNames(db: Kysely<Database>, householdIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const part of chunks([...new Set(householdIds)])) {
    const rows = await db.selectFrom('household_members').select(['household_id', 'name']).where('household_id', 'in', part).orderBy('is_head', 'desc').orderBy('birth_date').orderBy('id').execute()
    for (const r of rows) {
      if (!out.has(r.household_id))
        out.set(r.household_id, r.name)
    }
  }
  return out
}

export function householdWithVillage(db: Kysely<Database>, householdId: string) {
  return db.selectFrom('households').innerJoin('areas', 'areas.code', 'households.area_code').select(['households.id', 'households.area_code', 'areas.name as village_name']).where('households.id', '=', householdId).executeTakeFirst()
}

export async function memberBirthDates(db: Kysely<Database>, householdId: string) {
  const rows = await db.selectFrom('household_members').select(['id_number', 'birth_date']).where('household_id', '=', householdId).execute()
  return rows.map(r => ({ ...r, id_number: fieldCipher().open(r.id_number) }))
}

/** Items of the disabled persons' federation: an entitlement to one means a disabled member. */
const DISABILITY_ITEMS: ItemCode[] = ['disability_allowance', 'child_rehab']

/**
 * Whether the data knows of a disabled member. The household register holds no disability, so
 * this looks where it is recorded: (1) a member declared with a disability grade above 0 in an
 * application of the household (application_members.disability_grade, issue #4); (2) any benefit
 * record from the disabled persons' federation (残联, department "canlian": it only pays
 * disability allowances and rehabilitation); (3) an approved disability allowance or
 * rehabilitation item (entitlements, before the happiness list has made records of it).
 */
export async function hasDisabledMember(db: Kysely<Database>, householdId: string, memberIdNumbers: readonly string[]): Promise<boolean> {
  const [declared, canlian, entitled] = await Promise.all([
    memberIdNumbers.length === 0
      ? undefined
      // Members' ID numbers are stored sealed: the household's few declared disabilities are compared opened.
      : db.selectFrom('application_members').innerJoin('applications', 'applications.id', 'application_members.application_id').select('application_members.id_number').where('applications.household_id', '=', householdId).where('application_members.disability_grade', '>', 0).execute().then(rows => rows.find(r => memberIdNumbers.includes(fieldCipher().open(r.id_number)))),
    db.selectFrom('benefit_records').select('id').where('household_id', '=', householdId).where('department', '=', 'canlian').limit(1).executeTakeFirst(),
    db.selectFrom('entitlements').select('id').where('household_id', '=', householdId).where('item', 'in', DISABILITY_ITEMS).limit(1).executeTakeFirst(),
  ])
  return Boolean(declared ?? canlian ?? entitled)
}

// ── coverage (issue #6; counted and paged by the database, issue #18) ──────────

/**
 * The codes of the area and every area within it. Households are matched to these by equality
 * (area_code IN …), which an index on households.area_code serves on both databases; a LIKE on
 * households.area_code itself is a scan on SQLite (its LIKE folds case) and on PostgreSQL unless
 * the collation is C.
 */
function areaCodesWithin(db: Kysely<Database>, areaCode: string) {
  return db.selectFrom('areas').select('areas.code').where('areas.code', 'like', `${areaCode}%`)
}

/**
 * Households whose area lies within the area, as a range of area codes when the code is digits
 * (as every GB/T 2260 code is): [code, the next code of its length), e.g. 339901001 to
 * 339901002. A range is the order of the index households_register_order (area_code,
 * registry_ref), so a page in register order is read from it and stops after the page;
 * PostgreSQL joined IN (areaCodesWithin) per village and sorted each village's households
 * instead (EXPLAIN at 100 000 households: 500 read for a page of 50). A household's area is
 * always one of areas (a foreign key), so both say the same.
 */
function householdsWithin(eb: ExpressionBuilder<Database, 'households'>, db: Kysely<Database>, areaCode: string) {
  if (!/^\d+$/.test(areaCode))
    return eb('households.area_code', 'in', areaCodesWithin(db, areaCode))
  const next = String(BigInt(areaCode) + 1n).padStart(areaCode.length, '0')
  // 999…: every code from it on starts with it.
  if (next.length > areaCode.length)
    return eb('households.area_code', '>=', areaCode)
  return eb.and([eb('households.area_code', '>=', areaCode), eb('households.area_code', '<', next)])
}

/** Whether the household (of the outer query) has a visit that counts made in [from, to), or since `from`. */
function visitedBetween(db: Kysely<Database>, eb: ExpressionBuilder<Database, 'households'>, from: string, to?: string) {
  let visits = eb.selectFrom('visits').select('visits.id').whereRef('visits.household_id', '=', 'households.id').where('visits.visited_at', '>=', from)
  if (to !== undefined)
    visits = visits.where('visits.visited_at', '<', to)
  return eb.exists(visits.where('visits.id', 'not in', unconfirmedIds(db)))
}

/** Households of one area code with the same last visit that counts, on the coverage page. */
export interface LastVisitGroup {
  area_code: string
  /** Their last visit that counts (ISO instant); null: never visited. */
  last_visited_at: string | null
  households: number
  /** Of them, those with a visit that counts in [from, to) (the quarter). */
  visited: number
}

/**
 * Per area code within the area and last visit that counts: how many households, and how many
 * of them were visited in [from, to) (ISO instants). From these the coverage page tells, for any
 * moment, how many were not visited since then, without counting again (the kept counts of
 * server/services/visits/coverage.ts). Counted by the database in one pass over the area's
 * households in register order (index households_register_order, migration 025), each looked
 * up in its visits by household (index visits_household); as many rows as distinct last visits.
 */
export async function lastVisitGroups(db: Kysely<Database>, areaCode: string, from: string, to: string): Promise<LastVisitGroup[]> {
  const households = db.selectFrom('households')
    .select(eb => [
      'households.area_code',
      lastVisitOf(db, eb).as('last_visited_at'),
      eb.case().when(visitedBetween(db, eb, from, to)).then(1).else(0).end().as('visited'),
    ])
    .where('households.area_code', 'in', areaCodesWithin(db, areaCode))
  const rows = await db.selectFrom(households.as('h'))
    .select(eb => ['h.area_code', 'h.last_visited_at', eb.fn.countAll<number>().as('households'), eb.fn.sum<number>('h.visited').as('visited')])
    .groupBy(['h.area_code', 'h.last_visited_at'])
    .execute()
  // PostgreSQL's count and sum are bigint and numeric, which pg hands over as strings.
  return rows.map(r => ({ area_code: r.area_code, last_visited_at: r.last_visited_at === null ? null : String(r.last_visited_at), households: Number(r.households), visited: Number(r.visited) }))
}

/** A household's place in the register order of the coverage lists: village, then register reference. */
export interface RegisterPosition {
  area_code: string
  registry_ref: string
}

/** The household's place in the register order, when it lies within the area; else undefined. */
export function registerPosition(db: Kysely<Database>, areaCode: string, householdId: string): Promise<RegisterPosition | undefined> {
  return db.selectFrom('households').select(['households.area_code', 'households.registry_ref']).where('households.id', '=', householdId).where('households.area_code', 'in', areaCodesWithin(db, areaCode)).executeTakeFirst()
}

/** A household of a coverage list: its place in the register order, its village and its last visit that counts (null: never visited). */
export interface CoverageHouseholdRow extends RegisterPosition {
  id: string
  village_name: string
  last_visited_at: string | null
}

/** The last visit that counts of the household of the outer query. */
function lastVisitOf(db: Kysely<Database>, eb: ExpressionBuilder<Database, 'households'>) {
  return eb.selectFrom('visits').select(v => v.fn.max('visits.visited_at').as('last')).whereRef('visits.household_id', '=', 'households.id').where('visits.id', 'not in', unconfirmedIds(db))
}

/**
 * Households of the area with no visit that counts at `dueSince` or later (never visited, or
 * last visited before it), in register order, at most `limit`, after `after` when given. The
 * database walks the households in that order (index households_register_order, migration 025)
 * and looks each one's visits up by household (index visits_household), so a page costs about
 * its own length, however many households the area has (countNotVisitedSince counts them all).
 */
export async function notVisitedSince(db: Kysely<Database>, areaCode: string, dueSince: string, limit: number, after?: RegisterPosition): Promise<CoverageHouseholdRow[]> {
  let q = db.selectFrom('households')
    .innerJoin('areas', 'areas.code', 'households.area_code')
    .select(eb => [
      'households.id',
      'households.area_code',
      'households.registry_ref',
      'areas.name as village_name',
      lastVisitOf(db, eb).as('last_visited_at'),
    ])
    .where(eb => householdsWithin(eb, db, areaCode))
    .where(eb => eb.not(visitedBetween(db, eb, dueSince)))
  if (after)
    q = q.where(eb => eb(eb.refTuple('households.area_code', 'households.registry_ref'), '>', eb.tuple(after.area_code, after.registry_ref)))
  const rows = await q.orderBy('households.area_code').orderBy('households.registry_ref').limit(limit).execute()
  return rows.map(r => ({ ...r, last_visited_at: r.last_visited_at === null ? null : String(r.last_visited_at) }))
}

/** 基本生活救助: the layer whose end means a household left assistance. */
export const BASIC_LIVING_ITEMS: ItemCode[] = ITEM_CODES.filter(code => ITEMS[code].layer === 'basic')

/** Benefit statuses that mean the household still receives the item. */
const RECEIVING: BenefitStatus[] = ['paid', 'granted']

/**
 * Households of the area that LEFT assistance on or after `since` (a date), with the date.
 *
 * The rule, from the data that exists: departments report the end of a benefit as a benefit
 * record with status "stopped" (feed or CSV import; paid_on is the day it stopped). A household
 * left assistance on D when its latest stopped record of a basic-living item (dibao, dibao_edge,
 * expense_hardship, tekun) since `since` is dated D, and it has no paid or granted basic-living
 * record dated D or later and no approval of a basic-living item starting D or later (a
 * household that moved from dibao to tekun did not leave). Special items (a one-off medical aid)
 * are not "being in assistance". Entitlements and cases carry no end date, so they cannot tell a
 * departure on their own. Policy: a household that left stays due care visits for one more
 * year, so callers pass since = today − 1 year.
 *
 * The database starts from the few stopped records (index benefit_records_stopped, migration
 * 025), not from the area's households.
 */
function leftSince(db: Kysely<Database>, areaCode: string, since: string) {
  const stopped = db.selectFrom('benefit_records')
    // The area's before anything else: SQLite otherwise checked every stopped household of the
    // county for later payments and approvals, then kept its town's (issue #18: some 150 of them
    // at 100 000 households, for 20 shown).
    .innerJoin('households as stopped_household', 'stopped_household.id', 'benefit_records.household_id')
    .select(['benefit_records.household_id', eb => eb.fn.max('benefit_records.paid_on').as('left_on')])
    .where('benefit_records.status', '=', 'stopped')
    .where('benefit_records.item', 'in', BASIC_LIVING_ITEMS)
    .where('benefit_records.paid_on', '>=', since)
    // A filter on the few stopped households: with IN (areaCodesWithin) PostgreSQL's planner
    // walked all the area's households to meet them (EXPLAIN, 100 000 households).
    .where('stopped_household.area_code', 'like', `${areaCode}%`)
    .groupBy('benefit_records.household_id')
  return db.selectFrom(stopped.as('stopped'))
    .innerJoin('households', 'households.id', 'stopped.household_id')
    .where(eb => eb.not(eb.exists(eb.selectFrom('benefit_records').select('benefit_records.id')
      .whereRef('benefit_records.household_id', '=', 'stopped.household_id')
      .where('benefit_records.item', 'in', BASIC_LIVING_ITEMS)
      .where('benefit_records.status', 'in', RECEIVING)
      .whereRef('benefit_records.paid_on', '>=', 'stopped.left_on'))))
    .where(eb => eb.not(eb.exists(eb.selectFrom('entitlements').select('entitlements.id')
      .whereRef('entitlements.household_id', '=', 'stopped.household_id')
      .where('entitlements.item', 'in', BASIC_LIVING_ITEMS)
      .whereRef('entitlements.start_date', '>=', 'stopped.left_on'))))
}

/** How many households of the area left assistance on or after `since` (leftSince's rule). */
export async function countLeftSince(db: Kysely<Database>, areaCode: string, since: string): Promise<number> {
  const row = await leftSince(db, areaCode, since).select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * Households of the area that left assistance on or after `since` (leftSince's rule), in
 * register order, at most `limit`, after `after`; each row also says how many households the
 * list has from `after` on (all of them for a first page: the few stopped households are counted
 * in the same query, a window over them).
 */
export async function leftSincePage(db: Kysely<Database>, areaCode: string, since: string, limit: number, after?: RegisterPosition): Promise<(CoverageHouseholdRow & { left_on: string, remaining: number })[]> {
  let q = leftSince(db, areaCode, since)
    .innerJoin('areas', 'areas.code', 'households.area_code')
    .select(eb => [
      'households.id',
      'households.area_code',
      'households.registry_ref',
      'areas.name as village_name',
      'stopped.left_on',
      lastVisitOf(db, eb).as('last_visited_at'),
      eb.fn.countAll<number>().over().as('remaining'),
    ])
  if (after)
    q = q.where(eb => eb(eb.refTuple('households.area_code', 'households.registry_ref'), '>', eb.tuple(after.area_code, after.registry_ref)))
  const rows = await q.orderBy('households.area_code').orderBy('households.registry_ref').limit(limit).execute()
  return rows.map(r => ({ ...r, left_on: String(r.left_on), last_visited_at: r.last_visited_at === null ? null : String(r.last_visited_at), remaining: Number(r.remaining) }))
}

// ── urgent flags ─────────────────────────────────────────────────────────────

const FLAG_LIMIT = 200

function flagQuery(db: Kysely<Database>) {
  return db.selectFrom('visits')
    .innerJoin('households', 'households.id', 'visits.household_id')
    .innerJoin('areas', 'areas.code', 'households.area_code')
    .innerJoin('users', 'users.id', 'visits.visitor_id')
    .select(['visits.id', 'visits.visited_at', 'visits.household_id', 'visits.organisation', 'visits.urgent_note', 'visits.flag_resolved_at', 'areas.name as village_name', 'users.display_name as visitor_name', 'households.area_code'])
    .where('visits.urgent', '=', 1)
    // A waiting visit's urgency is on the confirmation list; it becomes a flag once confirmed.
    .where('visits.id', 'not in', unconfirmedIds(db))
}

/** Urgent flags of the area: unresolved first, then newest first. */
export async function flagsOfArea(db: Kysely<Database>, areaCode: string) {
  const rows = await flagQuery(db).where('households.area_code', 'like', `${areaCode}%`).orderBy(eb => eb.case().when('visits.flag_resolved_at', 'is', null).then(0).else(1).end()).orderBy('visits.visited_at', 'desc').orderBy('visits.id').limit(FLAG_LIMIT).execute()
  return rows.map(r => ({ ...r, urgent_note: fieldCipher().open(r.urgent_note) }))
}

export async function findFlag(db: Kysely<Database>, visitId: string) {
  const row = await flagQuery(db).where('visits.id', '=', visitId).executeTakeFirst()
  return row && { ...row, urgent_note: fieldCipher().open(row.urgent_note) }
}

/** Resolves once: a second resolve keeps the first time and person. */
export async function resolveFlag(db: Kysely<Database>, visitId: string, userId: string, at: string): Promise<void> {
  await db.updateTable('visits').set({ flag_resolved_at: at, flag_resolved_by: userId }).where('id', '=', visitId).where('urgent', '=', 1).where('flag_resolved_at', 'is', null).execute()
}

// ── field workers ────────────────────────────────────────────────────────────

/** Volunteers and social workers still active; `$narrowType` tells the checker what the role filter keeps. */
export function fieldWorkers(db: Kysely<Database>) {
  return db.selectFrom('users').select(['id', 'role', 'display_name', 'organisation', 'area_code']).where('role', 'in', [...FIELD_ROLES]).where('disabled', '=', 0).$narrowType<{ role: 'volunteer' | 'social_worker' }>().orderBy('display_name').orderBy('id').execute()
}

export async function assignmentsOf(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  for (const part of chunks([...new Set(userIds)])) {
    const rows = await db.selectFrom('field_worker_areas').select(['user_id', 'area_code']).where('user_id', 'in', part).orderBy('area_code').execute()
    for (const r of rows)
      out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.area_code])
  }
  return out
}

/**
 * Replaces the worker's assignments WITHIN `staffArea` by `areaCodes` (all within it), in one
 * transaction; assignments elsewhere belong to the staff of that area and stay.
 */
export async function setAssignmentsWithin(db: Kysely<Database>, userId: string, staffArea: string, areaCodes: readonly string[], assignedBy: string, at: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('field_worker_areas').where('user_id', '=', userId).where('area_code', 'like', `${staffArea}%`).execute()
    if (areaCodes.length > 0)
      // A concurrent save of the same areas inserted them after our delete: theirs stand.
      await trx.insertInto('field_worker_areas').values([...new Set(areaCodes)].map(code => ({ user_id: userId, area_code: code, assigned_by: assignedBy, assigned_at: at }))).onConflict(oc => oc.columns(['user_id', 'area_code']).doNothing()).execute()
  })
}
