import type { Kysely } from 'kysely'
import type { z } from 'zod'
import type { happinessListResponse } from '../../../src/domain/happiness-list/api'
import type { BenefitItemCode } from '../../../src/domain/happiness-list/record'
import type { Lang } from '../../../src/domain/lang'
import type { Database } from '../../db/schema'
import { createHash, randomUUID } from 'node:crypto'
import { BENEFIT_DEPARTMENT_CODES } from '../../../src/domain/happiness-list/record'
import { describeSummary, paymentSummaries } from '../../../src/domain/happiness-list/summary'
import { inYear } from '../../../src/domain/happiness-list/totals'
import { quarterOf, quarterRange } from '../../../src/domain/quarter'
import { benefitDepartmentKey, itemNameKey } from '../../../src/domain/vocabulary'
import { translate, word } from '../../catalog'
import { concernsMember } from '../../crypto/member-refs'
import { householdMembers, lastReportsOfHousehold, recordsForYear } from '../../db/repos/benefits'
import { AppError } from '../../errors'
import { asListed, asRecord, namesByIndex, recordViews, totalsView } from './records'

// A resident's happiness list (GET /api/happiness-list): computed from the household's records,
// and kept, as sent, under the household's stamp (migration 021), so that reading it again costs
// a look at the stamp instead of reading and adding up every record (issue #18). The stamp changes
// with every write to the household's records or members, whoever makes it, and the day is part
// of the key (the current quarter, "this month" in the summaries, the default year), so a kept
// list is never older than what the database holds.

export interface ListParams {
  year: number
  item?: BenefitItemCode
  /** A member's id as given in the list's `members`. */
  member?: string
}

export type HappinessList = z.input<typeof happinessListResponse>

/**
 * The list of `params.year` as of `today` (Beijing, YYYY-MM-DD), without its `updatedAt` (the
 * moment it is sent). 400 when `member` is not one of the household's.
 */
export async function computeResidentList(db: Kysely<Database>, householdId: string, params: ListParams, lang: Lang, today: string): Promise<Omit<HappinessList, 'updatedAt'>> {
  const { year, item, member } = params
  const quarter = String(year) === today.slice(0, 4) ? quarterOf(today) : `${year}-Q4`
  const { from: quarterFrom, to: end } = quarterRange(quarter)!
  const yearBefore = `${Number(end.slice(0, 4)) - 1}${end.slice(4)}`
  // Only what this year's list needs is read; completeness is counted in SQL.
  const [members, stored, lastReports] = await Promise.all([
    householdMembers(db, [householdId]),
    recordsForYear(db, householdId, year),
    lastReportsOfHousehold(db, householdId, yearBefore, end),
  ])
  const memberRow = member === undefined ? undefined : members.find(m => m.id === member)
  if (member !== undefined && !memberRow)
    throw new AppError(400, 'validation_failed', {}, 'member')
  const concerns = memberRow && concernsMember(memberRow.id_number)
  const inTheYear = inYear(year)
  const rows = asListed(stored).filter(r => inTheYear({ paidOn: r.paid_on })
    && (item === undefined || r.item === item)
    && (concerns === undefined || concerns(r.member_ids)))
  const records = rows.map(asRecord)
  const currentMonth = today.slice(0, 7)
  return {
    year,
    summaries: paymentSummaries(records).map(m => ({ ...m, itemName: translate(lang, itemNameKey(m.item)), text: word(lang, describeSummary(m, lang, currentMonth)) })),
    members: members.map(m => ({ id: m.id, name: m.name, relation: m.relation })),
    records: recordViews(rows, lang, namesByIndex(members)),
    totals: totalsView(records, lang),
    completeness: {
      quarter,
      // Expected: the departments that reported in the 12 months up to the quarter's end.
      departments: BENEFIT_DEPARTMENT_CODES.filter(d => lastReports.has(d)).map(d => ({ department: d, name: translate(lang, benefitDepartmentKey(d)), reported: lastReports.get(d)! >= quarterFrom })),
    },
  }
}

/**
 * A list as sent, cut around its `updatedAt`: that says when the device got the list (the PWA
 * shows it as "更新于 …"), so it is the moment of each answer, put between the two parts.
 */
export interface SentList {
  head: Buffer
  tail: Buffer
  /** Weak: the same list, not the same bytes (updatedAt differs). */
  etag: string
}

/** Kept lists together stay under this; the least recently read go first. */
export const MAX_KEPT_BYTES = 32 * 1024 * 1024

/**
 * Part of every ETag: another process, or this one after a deploy, may word or shape the same
 * records differently, so its tags never match this one's.
 */
const PROCESS_TAG = randomUUID()

/** A value no list contains, put where updatedAt goes to find the place in the serialized list. */
const UPDATED_AT_MARK = `updatedAt:${randomUUID()}`

export interface ListKey {
  householdId: string
  /** happinessListStampOf, read before the list's rows; undefined: nothing may be kept. */
  stamp: string | undefined
  today: string
  lang: Lang
  params: ListParams
}

function keyText({ householdId, stamp, today, lang, params }: ListKey): string {
  return [householdId, stamp, today, lang, params.year, params.item ?? '', params.member ?? ''].join('\u0000')
}

/** The ETag of the list under `key`, or undefined when the household has no stamp yet. */
export function listEtag(key: ListKey): string | undefined {
  if (key.stamp === undefined)
    return undefined
  return `W/"${createHash('sha256').update(`${PROCESS_TAG}\u0000${keyText(key)}`).digest('base64url').slice(0, 32)}"`
}

/** Whether an If-None-Match header names `etag` (weak comparison, RFC 9110 §13.1.2). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch)
    return false
  const opaque = etag.replace(/^W\//, '')
  return ifNoneMatch.split(',').some(tag => tag.trim().replace(/^W\//, '') === opaque)
}

/** The whole answer: the kept list with this moment as its updatedAt. */
export function sentBody(list: SentList, now = new Date()): Buffer {
  return Buffer.concat([list.head, Buffer.from(JSON.stringify(now.toISOString())), list.tail])
}

/**
 * Cuts a serialized list (its updatedAt set to the mark) around the mark. The serializer is the
 * route's, so the list is checked and shaped as every other answer is.
 */
function cut(serialized: string, etag: string): SentList {
  const mark = JSON.stringify(UPDATED_AT_MARK)
  const at = serialized.indexOf(mark)
  if (at < 0 || serialized.includes(mark, at + 1))
    throw new Error('the serialized happiness list does not hold its updatedAt exactly once')
  return { head: Buffer.from(serialized.slice(0, at)), tail: Buffer.from(serialized.slice(at + mark.length)), etag }
}

/**
 * The lists computed for residents, kept by key (household, stamp, day, language, filter). A list
 * being computed is shared by the requests that ask for it meanwhile.
 */
export class ResidentListCache {
  private readonly kept = new Map<string, SentList>()
  private readonly computing = new Map<string, Promise<SentList>>()
  private bytes = 0

  constructor(private readonly maxBytes = MAX_KEPT_BYTES) {}

  /**
   * The list under `key`: kept, or computed by `compute` and serialized by `serialize` (which
   * must keep the updatedAt it is given as a JSON string).
   */
  async get(key: ListKey, compute: () => Promise<Omit<HappinessList, 'updatedAt'>>, serialize: (list: HappinessList) => string): Promise<SentList> {
    const etag = listEtag(key)
    const make = async () => cut(serialize({ ...await compute(), updatedAt: UPDATED_AT_MARK }), etag ?? '')
    if (etag === undefined)
      return make()
    const text = keyText(key)
    const kept = this.kept.get(text)
    if (kept) {
      // Read again: the most recently read go last, the first to go are the first in the map.
      this.kept.delete(text)
      this.kept.set(text, kept)
      return kept
    }
    let pending = this.computing.get(text)
    if (!pending) {
      pending = make()
      this.computing.set(text, pending)
      pending.then(list => this.keep(text, list), () => {}).finally(() => this.computing.delete(text))
    }
    return pending
  }

  /** How many lists are kept (tests). */
  get size(): number {
    return this.kept.size
  }

  private keep(text: string, list: SentList): void {
    const size = list.head.length + list.tail.length
    if (size > this.maxBytes)
      return
    this.kept.set(text, list)
    this.bytes += size
    for (const [oldest, old] of this.kept) {
      if (this.bytes <= this.maxBytes)
        break
      this.kept.delete(oldest)
      this.bytes -= old.head.length + old.tail.length
    }
  }
}
