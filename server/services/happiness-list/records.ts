import type { Kysely } from 'kysely'
import type { BenefitDepartmentCode, BenefitRecord, BenefitRecordInput, RecordIssue } from '../../../src/domain/happiness-list/record'
import type { Lang } from '../../../src/domain/lang'
import type { BenefitRow, NewBenefit } from '../../db/repos/benefits'
import type { Database } from '../../db/schema'
import { statusOf } from '../../../src/domain/happiness-list/granted'
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
 * A record as shown. The household sees its members' names (namesByIndex); a member not among
 * them shows as the masked ID number. ID numbers are never shown in full outside the household.
 */
export function recordView(r: BenefitRow, lang: Lang, byIndex: ReadonlyMap<string, string>) {
  const refs = memberRefsOf(r.member_ids)
  const record = asRecord(r)
  return {
    id: r.id,
    ...record,
    itemName: translate(lang, itemNameKey(record.item)),
    departmentName: translate(lang, benefitDepartmentKey(record.department)),
    source: r.source,
    reference: r.reference,
    members: refs.map(ref => byIndex.get(ref.h) ?? ref.m),
  }
}

/**
 * A row as the pure totals functions take it. The columns hold codes that only the feed,
 * the import and the approval code write, all of them checked against the domain lists.
 * Numbers are converted because PostgreSQL may return numeric columns as strings. Approval
 * records read as granted, also those an older version stored as "paid" (statusOf).
 */
export function asRecord(r: BenefitRow): BenefitRecord {
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
