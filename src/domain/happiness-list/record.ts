import type { DepartmentCode, ItemCode } from '../items'
import type { BenefitKind, BenefitStatus } from './kinds'
import { z } from 'zod'
import { isValidIdNumber } from '../id-number'
import { DEPARTMENT_CODES, ITEM_CODES, ITEMS } from '../items'
import { BENEFIT_KINDS, BENEFIT_STATUSES, QUANTITY_KINDS } from './kinds'

// Issue #5: one benefit a household received (幸福清单), from any department.
//
// Amounts travel and are stored as INTEGER FEN (分, 1/100 yuan): sums are then exact integer
// additions on every dialect and in the browser, with no floating-point drift. Only the CSV
// import accepts yuan with up to two decimals ("886.50"), converted by parseYuanToFen without
// going through a float.

/**
 * Benefits that are not assistance items of the layered system but appear on the list
 * (policy brief §1 "社会力量" and home-care services). Kept here, not in items.ts, because the
 * application and routing code must not offer them as items to apply for; their names are with
 * the items' in the catalogs (itemNameKey of src/domain/vocabulary.ts).
 */
export const EXTRA_BENEFIT_ITEMS = ['charity', 'home_care'] as const
export const BENEFIT_ITEM_CODES = [...ITEM_CODES, ...EXTRA_BENEFIT_ITEMS] as const
export type BenefitItemCode = typeof BENEFIT_ITEM_CODES[number]

export function isBenefitItemCode(value: string): value is BenefitItemCode {
  return (BENEFIT_ITEM_CODES as readonly string[]).includes(value)
}

/** Charities (慈善总会, social organisations) push records too; they are no government department. */
export const EXTRA_BENEFIT_DEPARTMENTS = ['cishan'] as const
export const BENEFIT_DEPARTMENT_CODES = [...DEPARTMENT_CODES, ...EXTRA_BENEFIT_DEPARTMENTS] as const
export type BenefitDepartmentCode = typeof BENEFIT_DEPARTMENT_CODES[number]

/** The department of an approved item, for records made from entitlements. */
export function departmentOfItem(item: ItemCode): DepartmentCode {
  return ITEMS[item].department
}

export { BENEFIT_KINDS, BENEFIT_SOURCES, BENEFIT_STATUSES, QUANTITY_KINDS } from './kinds'
export type { BenefitKind, BenefitSource, BenefitStatus } from './kinds'

/** Above this, an amount is a typing error (10 million yuan in fen). */
export const MAX_AMOUNT_FEN = 1_000_000_000
export const MAX_MEMBERS_PER_RECORD = 20
export const MAX_EXTERNAL_ID_LENGTH = 100

const MONTH = /^\d{4}-(?:0[1-9]|1[0-2])$/
const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/

export function isValidDate(value: string): boolean {
  if (!DATE.test(value))
    return false
  const d = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value
}

/**
 * The period a record covers: a month "2026-01" or an ISO 8601 date interval
 * "2026-01-01/2026-06-30" (start ≤ end).
 */
export function isValidPeriod(value: string): boolean {
  if (MONTH.test(value))
    return true
  const [from, to, ...rest] = value.split('/')
  return rest.length === 0 && from !== undefined && to !== undefined && isValidDate(from) && isValidDate(to) && from <= to
}

/** One record as a department sends it (feed) or as a CSV row becomes. */
export const benefitRecordInput = z.object({
  /** The department's own id of the record: a resend with the same id updates, never duplicates. */
  externalId: z.string().trim().min(1).max(MAX_EXTERNAL_ID_LENGTH),
  /** ID numbers of the members concerned (at least one; all of one household). */
  idNumbers: z.array(z.string().trim().toUpperCase().refine(v => isValidIdNumber(v), { message: 'invalid_id_number' })).min(1).max(MAX_MEMBERS_PER_RECORD),
  item: z.string().refine(isBenefitItemCode, { message: 'unknown_item' }),
  kind: z.enum(BENEFIT_KINDS),
  /** Integer fen (886 yuan = 88600). Required for money kinds, optional for in-kind and services. */
  amountFen: z.number({ message: 'invalid_amount' }).int({ message: 'invalid_amount' }).min(0, { message: 'invalid_amount' }).max(MAX_AMOUNT_FEN, { message: 'invalid_amount' }).nullable().optional(),
  quantity: z.number().positive().max(1_000_000).nullable().optional(),
  unit: z.string().trim().min(1).max(20).nullable().optional(),
  period: z.string().refine(isValidPeriod),
  /** Date paid or delivered: the totals count a record in the year and quarter of this date. */
  paidOn: z.string().refine(isValidDate),
  status: z.enum(BENEFIT_STATUSES),
  reference: z.string().trim().max(200).nullable().optional(),
}).superRefine((r, ctx) => {
  const byQuantity = QUANTITY_KINDS.includes(r.kind)
  if (!byQuantity && (r.amountFen === undefined || r.amountFen === null))
    ctx.addIssue({ code: 'custom', path: ['amountFen'], message: 'invalid_amount' })
  if (byQuantity && (r.amountFen === undefined || r.amountFen === null) && (r.quantity == null || !r.unit))
    ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'validation_failed' })
})

export type BenefitRecordInput = z.infer<typeof benefitRecordInput>

/** What every record of the list is made of, whatever its source (amounts in fen). */
export interface BenefitRecord {
  item: BenefitItemCode
  department: BenefitDepartmentCode
  kind: BenefitKind
  amountFen: number | null
  quantity: number | null
  unit: string | null
  period: string
  paidOn: string
  status: BenefitStatus
}

export interface RecordIssue {
  field: string
  code: string
}

/** Validates one record; the issues name the field (idNumbers.0, amountFen) and a stable code. */
export function checkRecordInput(raw: unknown): { ok: true, record: BenefitRecordInput } | { ok: false, issues: RecordIssue[] } {
  const parsed = benefitRecordInput.safeParse(raw)
  if (parsed.success)
    return { ok: true, record: parsed.data }
  const issues = parsed.error.issues.map((i) => {
    const known = ['invalid_id_number', 'unknown_item', 'invalid_amount', 'validation_failed']
    return { field: i.path.join('.') || 'record', code: known.includes(i.message) ? i.message : 'validation_failed' }
  })
  return { ok: false, issues }
}

/** The kind of record an approved item makes (records from approvals carry no kind of their own). */
const ITEM_KINDS: Partial<Record<BenefitItemCode, BenefitKind>> = {
  medical: 'subsidy',
  education: 'subsidy',
  housing: 'subsidy',
  employment: 'subsidy',
  electricity: 'fee_waiver',
  funeral: 'fee_waiver',
  child_rehab: 'service',
  home_care: 'service',
  charity: 'in_kind',
}

export function itemKind(item: BenefitItemCode): BenefitKind {
  return ITEM_KINDS[item] ?? 'cash'
}
