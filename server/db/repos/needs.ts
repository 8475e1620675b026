import type { ExpressionBuilder, Kysely } from 'kysely'
import type { NeedEventAction, NeedStatus } from '../../../src/domain/needs/state'
import type { Role } from '../../../src/domain/roles'
import type { Database, NeedEventTable, NeedTable } from '../schema'
import { randomUUID } from 'node:crypto'
import { fieldCipher } from '../../crypto/field-cipher'

// Small needs (微心愿, issue #6): the needs, their timeline, and the queries behind each side's list.
// Transitions are compare-and-set on the status, so of two volunteers claiming at once exactly one wins.
// Photos (of a home, of what was delivered) are stored sealed (issue #14): sealed here, opened here.

const sealPhoto = (photo: string | null) => photo === null ? null : fieldCipher().seal(photo)

export type NeedRow = NeedTable
export type NeedEventRow = NeedEventTable

/** A need as listed: without its photo, with the household's village and the claimer's role and organisation. */
export interface NeedListRow extends Omit<NeedRow, 'photo'> {
  has_photo: boolean
  area_code: string
  area_name: string
  claimer_role: Role | null
  claimer_organisation: string | null
}

export interface NeedEventListRow extends Omit<NeedEventRow, 'photo'> {
  has_photo: boolean
}

export interface NewNeedEvent {
  at: string
  action: NeedEventAction
  status: NeedStatus
  actor_id: string
  actor_role: Role
  actor_organisation: string | null
  note?: string | null
  rating?: number | null
  photo?: string | null
}

/** Stores a new need with the first step of its timeline ("posted"). */
export async function insertNeed(db: Kysely<Database>, need: NeedRow, organisation: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('needs').values({ ...need, photo: sealPhoto(need.photo) }).execute()
    await trx.insertInto('need_events').values({
      id: randomUUID(),
      need_id: need.id,
      seq: 1,
      at: need.created_at,
      action: 'post',
      status: need.status,
      actor_id: need.posted_by,
      actor_role: need.posted_by_role,
      actor_organisation: organisation,
      note: null,
      rating: null,
      photo: null,
    }).execute()
  })
}

export interface NeedChange {
  /** The status and claimer the need must still have: otherwise someone else changed it first. */
  from: NeedStatus
  fromClaimedBy: string | null
  set: Partial<Pick<NeedRow, 'status' | 'status_before_removal' | 'claimed_by' | 'rating' | 'comment' | 'removal_reason'>> & { status: NeedStatus, updated_at: string }
  event: NewNeedEvent
}

/**
 * Applies one transition and its timeline step in one transaction. False when the need no longer
 * had the expected status or claimer (a second claim lost the race, or a stale "delivered" after
 * the claim changed hands): nothing is written then.
 */
export function changeNeed(db: Kysely<Database>, needId: string, change: NeedChange): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let update = trx.updateTable('needs').set(change.set).where('id', '=', needId).where('status', '=', change.from)
    update = change.fromClaimedBy === null ? update.where('claimed_by', 'is', null) : update.where('claimed_by', '=', change.fromClaimedBy)
    const updated = await update.executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0)
      return false
    const last = await trx.selectFrom('need_events').select(eb => eb.fn.max('seq').as('seq')).where('need_id', '=', needId).executeTakeFirst()
    const { note = null, rating = null, photo = null, ...rest } = change.event
    await trx.insertInto('need_events').values({ id: randomUUID(), need_id: needId, seq: Number(last?.seq ?? 0) + 1, ...rest, note, rating, photo: sealPhoto(photo) }).execute()
    return true
  })
}

function listQuery(db: Kysely<Database>) {
  return db.selectFrom('needs')
    .innerJoin('households', 'households.id', 'needs.household_id')
    .innerJoin('areas', 'areas.code', 'households.area_code')
    .leftJoin('users as claimer', 'claimer.id', 'needs.claimed_by')
    .select([
      'needs.id',
      'needs.household_id',
      'needs.category',
      'needs.description',
      'needs.status',
      'needs.status_before_removal',
      'needs.posted_by',
      'needs.posted_by_role',
      'needs.claimed_by',
      'needs.rating',
      'needs.comment',
      'needs.removal_reason',
      'needs.created_at',
      'needs.updated_at',
      'households.area_code',
      'areas.name as area_name',
      'claimer.role as claimer_role',
      'claimer.organisation as claimer_organisation',
    ])
    .select(eb => eb.case().when('needs.photo', 'is not', null).then(1).else(0).end().as('has_photo'))
    .orderBy('needs.created_at', 'desc')
    .orderBy('needs.id')
}

/** Most needs one list shows: a village has far fewer open at once. */
const LIST_LIMIT = 500

async function run(q: ReturnType<typeof listQuery>): Promise<NeedListRow[]> {
  const rows = await q.limit(LIST_LIMIT).execute()
  return rows.map(r => ({ ...r, has_photo: Number(r.has_photo) === 1 }))
}

function inAreas(areas: readonly string[]) {
  return (eb: ExpressionBuilder<Database & { claimer: Database['users'] }, 'needs' | 'households' | 'areas' | 'claimer'>) =>
    eb.or(areas.map(a => eb('households.area_code', 'like', `${a}%`)))
}

export function needsOfHousehold(db: Kysely<Database>, householdId: string): Promise<NeedListRow[]> {
  return run(listQuery(db).where('needs.household_id', '=', householdId))
}

export function openNeedsInAreas(db: Kysely<Database>, areas: readonly string[]): Promise<NeedListRow[]> {
  if (areas.length === 0)
    return Promise.resolve([])
  return run(listQuery(db).where('needs.status', '=', 'open').where(inAreas(areas)))
}

export function needsClaimedBy(db: Kysely<Database>, userId: string): Promise<NeedListRow[]> {
  return run(listQuery(db).where('needs.claimed_by', '=', userId))
}

export function needsInArea(db: Kysely<Database>, area: string, status?: NeedStatus): Promise<NeedListRow[]> {
  let q = listQuery(db).where(inAreas([area]))
  if (status)
    q = q.where('needs.status', '=', status)
  return run(q)
}

export async function findNeedRow(db: Kysely<Database>, id: string): Promise<NeedListRow | undefined> {
  const [row] = await run(listQuery(db).where('needs.id', '=', id))
  return row
}

/** The timelines of the given needs, each in order. */
export async function eventsOfNeeds(db: Kysely<Database>, needIds: readonly string[]): Promise<NeedEventListRow[]> {
  if (needIds.length === 0)
    return []
  const rows = await db.selectFrom('need_events')
    .select(['id', 'need_id', 'seq', 'at', 'action', 'status', 'actor_id', 'actor_role', 'actor_organisation', 'note', 'rating'])
    .select(eb => eb.case().when('photo', 'is not', null).then(1).else(0).end().as('has_photo'))
    .where('need_id', 'in', [...needIds])
    .orderBy('need_id')
    .orderBy('seq')
    .execute()
  return rows.map(r => ({ ...r, has_photo: Number(r.has_photo) === 1 }))
}

/** The need's own photo and the photos of its timeline steps (by seq). */
export async function photosOfNeed(db: Kysely<Database>, needId: string): Promise<{ photo: string | null, events: { seq: number, photo: string }[] }> {
  const need = await db.selectFrom('needs').select('photo').where('id', '=', needId).executeTakeFirst()
  const events = await db.selectFrom('need_events').select(['seq', 'photo']).where('need_id', '=', needId).where('photo', 'is not', null).orderBy('seq').execute()
  const open = (photo: string) => fieldCipher().open(photo)
  return { photo: need?.photo ? open(need.photo) : null, events: events.map(e => ({ seq: Number(e.seq), photo: open(e.photo!) })) }
}

/** Head of each household, by household id (the first member when none is marked head). */
export async function headNames(db: Kysely<Database>, householdIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(householdIds)]
  if (ids.length === 0)
    return new Map()
  const rows = await db.selectFrom('household_members').select(['household_id', 'name', 'is_head']).where('household_id', 'in', ids).orderBy('is_head', 'desc').orderBy('birth_date').orderBy('id').execute()
  const names = new Map<string, string>()
  for (const r of rows) {
    if (!names.has(r.household_id))
      names.set(r.household_id, r.name)
  }
  return names
}

/** The household a happiness code reference names. */
export async function householdOfCodeRef(db: Kysely<Database>, ref: string): Promise<{ id: string, area_code: string } | undefined> {
  return db.selectFrom('household_codes')
    .innerJoin('households', 'households.id', 'household_codes.household_id')
    .select(['households.id', 'households.area_code'])
    .where('household_codes.ref', '=', ref)
    .executeTakeFirst()
}
