import type { Kysely } from 'kysely'
import type { BenefitDepartmentCode, BenefitItemCode, BenefitRecord, BenefitRecordInput, RecordIssue } from '../../../src/domain/happiness-list/record'
import type { Bucket } from '../../../src/domain/happiness-list/totals'
import type { Lang } from '../../../src/domain/lang'
import type { ListedBenefit, NewBenefit } from '../../db/repos/benefits'
import type { Database } from '../../db/schema'
import { statusOf, supersedeGranted } from '../../../src/domain/happiness-list/granted'
import { totalsOf } from '../../../src/domain/happiness-list/totals'
import { benefitDepartmentKey, itemNameKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'
import { fieldCipher } from '../../crypto/field-cipher'
import { memberRefsOf, storedMemberIds } from '../../crypto/member-refs'
import { householdsOfIdNumbers } from '../../db/repos/benefits'
import { fieldLabel, message } from '../../i18n'

// Shared by the feed and the CSV import: records as sent → rows of benefit_records, with every
// problem found (unknown member, members of two households, the same record twice).

export interface Located<T> { at: number, record: T }
export interface LocatedIssue extends RecordIssue { at: number }

export async function resolveRecords(
  db: Kysely<Database>,
  records: readonly Located<BenefitRecordInput & { department: BenefitDepartmentCode }>[],
  origin: Pick<NewBenefit, 'source' | 'credential_id' | 'import_batch_id'>,
): Promise<{ rows: NewBenefit[], issues: LocatedIssue[] }> {
  const households = await householdsOfIdNumbers(db, records.flatMap(r => r.record.idNumbers))
  const issues: LocatedIssue[] = []
  const rows: NewBenefit[] = []
  const seen = new Set<string>()
  for (const { at, record: r } of records) {
    const before = issues.length
    const key = `${r.department}\u0000${r.externalId}`
    if (seen.has(key))
      issues.push({ at, field: 'externalId', code: 'duplicate_record' })
    seen.add(key)
    r.idNumbers.forEach((id, i) => {
      if (!households.has(id))
        issues.push({ at, field: `idNumbers.${i}`, code: 'unknown_member' })
    })
    const owners = new Set(r.idNumbers.map(id => households.get(id)).filter(Boolean))
    if (owners.size > 1)
      issues.push({ at, field: 'idNumbers', code: 'mixed_households' })
    if (issues.length > before)
      continue
    rows.push({
      household_id: [...owners][0]!,
      department: r.department,
      external_id: r.externalId,
      item: r.item,
      kind: r.kind,
      amount_fen: r.amountFen ?? null,
      quantity: r.quantity ?? null,
      unit: r.unit ?? null,
      period: r.period,
      paid_on: r.paidOn,
      member_ids: storedMemberIds(r.idNumbers),
      status: r.status,
      reference: r.reference ?? null,
      ...origin,
    })
  }
  return { rows, issues }
}

export function issueMessage(lang: Lang, issue: RecordIssue): string {
  return message(lang, issue.code as Parameters<typeof message>[1], { field: fieldLabel(lang, issue.field) })
}

/**
 * The household's names by the blind index of their ID numbers, for recordView: a record holds
 * no ID number in clear. Made once per list, not per record (issue #18).
 */
export function namesByIndex(members: readonly { id_number: string, name: string }[]): Map<string, string> {
  return new Map(members.map(m => [fieldCipher().index('id_number', m.id_number), m.name]))
}

/**
 * The records of ONE household as the list shows them: approval months the paying department
 * has reported on are replaced by its records (supersedeGranted, src/domain/happiness-list/granted.ts).
 */
export function asListed<R extends ListedBenefit>(rows: readonly R[]): R[] {
  return supersedeGranted(rows.map(row => ({ row, item: row.item, department: row.department, amountFen: row.amount_fen, period: row.period, source: row.source }))).map(x => x.row)
}

/**
 * Records as shown, for one reader. The household sees its members' names (namesByIndex); a
 * member not among them shows as the masked ID number. ID numbers are never shown in full
 * outside the household. A list repeats the same items, departments and members on every line:
 * each is translated or looked up once per list (issue #18).
 */
export function recordViews(rows: readonly ListedBenefit[], lang: Lang, byIndex: ReadonlyMap<string, string>) {
  const itemNames = new Map<BenefitItemCode, string>()
  const departmentNames = new Map<BenefitDepartmentCode, string>()
  const membersOf = new Map<string, string[]>()
  return rows.map((r) => {
    const record = asRecord(r)
    let itemName = itemNames.get(record.item)
    if (itemName === undefined)
      itemNames.set(record.item, itemName = translate(lang, itemNameKey(record.item)))
    let departmentName = departmentNames.get(record.department)
    if (departmentName === undefined)
      departmentNames.set(record.department, departmentName = translate(lang, benefitDepartmentKey(record.department)))
    let members = membersOf.get(r.member_ids)
    if (members === undefined)
      membersOf.set(r.member_ids, members = memberRefsOf(r.member_ids).map(ref => byIndex.get(ref.h) ?? ref.m))
    return { id: r.id, ...record, itemName, departmentName, source: r.source, reference: r.reference, members }
  })
}

/** One record as shown (recordViews). */
export function recordView(r: ListedBenefit, lang: Lang, byIndex: ReadonlyMap<string, string>) {
  return recordViews([r], lang, byIndex)[0]
}

/** The totals of a list (year, quarter, item, department) with the names of items and departments. */
export function totalsView(records: readonly BenefitRecord[], lang: Lang) {
  const t = totalsOf(records)
  const named = <K extends string>(buckets: Bucket<K>[], name: (k: K) => string) => buckets.map(b => ({ ...b, name: name(b.key) }))
  return {
    amountFen: t.amountFen,
    records: t.records,
    byQuarter: named(t.byQuarter, k => k),
    byItem: named(t.byItem, k => translate(lang, itemNameKey(k))),
    byDepartment: named(t.byDepartment, k => translate(lang, benefitDepartmentKey(k))),
  }
}

/**
 * A row as the pure totals functions take it. The columns hold codes that only the feed,
 * the import and the approval code write, all of them checked against the domain lists.
 * Numbers are converted because PostgreSQL may return numeric columns as strings. Approval
 * records read as granted, also those an older version stored as "paid" (statusOf).
 */
export function asRecord(r: ListedBenefit): BenefitRecord {
  return {
    item: r.item,
    department: r.department,
    kind: r.kind,
    amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
    quantity: r.quantity === null ? null : Number(r.quantity),
    unit: r.unit,
    period: r.period,
    paidOn: r.paid_on,
    status: statusOf(r.status, r.source),
  }
}
