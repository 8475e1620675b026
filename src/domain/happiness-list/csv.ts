import type { BenefitRecordInput, RecordIssue } from './record'
import { parseYuanToFen } from './money'
import { BENEFIT_DEPARTMENT_CODES, checkRecordInput } from './record'

/**
 * CSV import of benefit records by county staff, for departments without a feed. UTF-8, comma
 * separated, RFC 4180 quoting, first row = this header (columns in any order, all present):
 *
 *   department,external_id,id_numbers,item,kind,amount_yuan,quantity,unit,period,paid_on,status,reference
 *
 * - department: mingzheng, yibao, jiaoyu, … cishan (BENEFIT_DEPARTMENT_CODES)
 * - id_numbers: one or more 18-character ID numbers separated by ";"
 * - amount_yuan: yuan with at most 2 decimals ("886", "886.50"); empty for in-kind/service
 * - period: "2026-01" or "2026-01-01/2026-06-30"; paid_on: "2026-01-10"
 * - status: granted | paid | stopped | recovered; reference: free text, may be empty
 */
export const CSV_COLUMNS = ['department', 'external_id', 'id_numbers', 'item', 'kind', 'amount_yuan', 'quantity', 'unit', 'period', 'paid_on', 'status', 'reference'] as const
export const MAX_CSV_BYTES = 2 * 1024 * 1024
export const CSV_ID_SEPARATOR = ';'

/** Rows of a CSV text (RFC 4180: quoted fields may hold commas, quotes "" and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const src = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < src.length; i++) {
    const c = src[i]
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"'
        i++
      }
      else if (c === '"') {
        quoted = false
      }
      else {
        field += c
      }
    }
    else if (c === '"') {
      quoted = true
    }
    else if (c === ',') {
      row.push(field)
      field = ''
    }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n')
        i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    }
    else {
      field += c
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter(r => r.some(f => f.trim() !== ''))
}

export interface CsvRowIssue extends RecordIssue {
  /** 1-based line of the data (the header is row 1, the first record row 2), as a spreadsheet shows it. */
  row: number
}

export interface CsvRecord extends BenefitRecordInput {
  department: typeof BENEFIT_DEPARTMENT_CODES[number]
  row: number
}

const FIELD_OF_COLUMN: Record<string, string> = {
  externalId: 'external_id',
  idNumbers: 'id_numbers',
  amountFen: 'amount_yuan',
  paidOn: 'paid_on',
}

/** Reads the CSV into records; every problem is reported with its row and column. */
export function readBenefitCsv(text: string): { records: CsvRecord[], issues: CsvRowIssue[], rows: number } {
  const rows = parseCsv(text)
  const issues: CsvRowIssue[] = []
  const records: CsvRecord[] = []
  const header = (rows[0] ?? []).map(h => h.trim().toLowerCase())
  const missing = CSV_COLUMNS.filter(c => !header.includes(c))
  if (missing.length > 0)
    return { records, issues: missing.map(c => ({ row: 1, field: c, code: 'validation_failed' })), rows: Math.max(rows.length - 1, 0) }
  const col = (r: string[], name: typeof CSV_COLUMNS[number]) => (r[header.indexOf(name)] ?? '').trim()

  rows.slice(1).forEach((r, i) => {
    const row = i + 2
    const department = col(r, 'department')
    const rowIssues: CsvRowIssue[] = []
    if (!(BENEFIT_DEPARTMENT_CODES as readonly string[]).includes(department))
      rowIssues.push({ row, field: 'department', code: 'validation_failed' })
    const amountText = col(r, 'amount_yuan')
    const amountFen = amountText === '' ? null : parseYuanToFen(amountText)
    if (amountText !== '' && amountFen === null)
      rowIssues.push({ row, field: 'amount_yuan', code: 'invalid_amount' })
    const quantityText = col(r, 'quantity')
    const quantity = quantityText === '' ? null : Number(quantityText)
    const checked = checkRecordInput({
      externalId: col(r, 'external_id'),
      idNumbers: col(r, 'id_numbers').split(CSV_ID_SEPARATOR).map(s => s.trim()).filter(Boolean),
      item: col(r, 'item'),
      kind: col(r, 'kind'),
      amountFen: amountText !== '' && amountFen === null ? undefined : amountFen,
      quantity,
      unit: col(r, 'unit') || null,
      period: col(r, 'period'),
      paidOn: col(r, 'paid_on'),
      status: col(r, 'status'),
      reference: col(r, 'reference') || null,
    })
    if (!checked.ok) {
      for (const issue of checked.issues) {
        const [name = issue.field] = issue.field.split('.')
        const field = FIELD_OF_COLUMN[name] ?? name
        // A bad amount is already reported once, from the text.
        if (!(field === 'amount_yuan' && rowIssues.some(x => x.field === 'amount_yuan')))
          rowIssues.push({ row, field, code: issue.code })
      }
    }
    issues.push(...rowIssues)
    if (checked.ok && rowIssues.length === 0)
      records.push({ ...checked.record, department: department as CsvRecord['department'], row })
  })
  return { records, issues, rows: rows.length - 1 }
}
