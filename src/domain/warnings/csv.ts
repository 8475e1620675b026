import type { CsvRowIssue } from '../happiness-list/csv'
import { parseCsv } from '../happiness-list/csv'
import { parseYuanToFen } from '../happiness-list/money'

/**
 * CSV import of department events (issue #19) by county staff, for departments without a feed.
 * UTF-8, comma separated, RFC 4180 quoting, first row = the header (columns in any order):
 *
 *   kind,source,external_id,id_number,occurred_at,amount_yuan,period,grade,category,level,status
 *
 * The first five are required; a row fills the columns of its kind and leaves the others empty:
 * - medical_spending (source yibao): amount_yuan (self-paid, at most 2 decimals), period
 *   ("2026-01" or "2026-01-03/2026-01-20")
 * - disability_certificate (canlian): grade 1–4, category (visual, hearing, speech, physical,
 *   intellectual, mental, multiple)
 * - death (mingzheng or gongan), unemployment (renshe): nothing more
 * - student (jiaoyu): level (preschool, compulsory, high_school, college), status (enrolled, dropped_out)
 * occurred_at: "2026-03-05", or an instant with its offset.
 */
export const EVENT_CSV_REQUIRED = ['kind', 'source', 'external_id', 'id_number', 'occurred_at'] as const
export const EVENT_CSV_COLUMNS = [...EVENT_CSV_REQUIRED, 'amount_yuan', 'period', 'grade', 'category', 'level', 'status'] as const
type Column = typeof EVENT_CSV_COLUMNS[number]

/** The CSV column of an event's field, for row errors as the spreadsheet names them. */
export const COLUMN_OF_FIELD: Record<string, Column> = {
  externalId: 'external_id',
  idNumber: 'id_number',
  occurredAt: 'occurred_at',
  amountFen: 'amount_yuan',
}

export interface CsvEvent {
  /** the spreadsheet's row (header = 1) */
  row: number
  /** the event as a feed would send it, not yet validated */
  raw: Record<string, unknown>
}

/** Reads the CSV into events to validate; problems of the file itself come with their row and column. */
export function readEventCsv(text: string): { events: CsvEvent[], issues: CsvRowIssue[], rows: number } {
  const rows = parseCsv(text)
  const header = (rows[0] ?? []).map(h => h.trim().toLowerCase())
  const missing = EVENT_CSV_REQUIRED.filter(c => !header.includes(c))
  if (missing.length > 0)
    return { events: [], issues: missing.map(c => ({ row: 1, field: c, code: 'validation_failed' })), rows: Math.max(rows.length - 1, 0) }
  const col = (r: string[], name: Column) => header.includes(name) ? (r[header.indexOf(name)] ?? '').trim() : ''
  const issues: CsvRowIssue[] = []
  const events: CsvEvent[] = []
  rows.slice(1).forEach((r, i) => {
    const row = i + 2
    const kind = col(r, 'kind')
    const raw: Record<string, unknown> = {
      kind,
      source: col(r, 'source'),
      externalId: col(r, 'external_id'),
      idNumber: col(r, 'id_number'),
      occurredAt: col(r, 'occurred_at'),
    }
    if (kind === 'medical_spending') {
      const amount = parseYuanToFen(col(r, 'amount_yuan'))
      if (amount === null) {
        issues.push({ row, field: 'amount_yuan', code: 'invalid_amount' })
        return
      }
      Object.assign(raw, { amountFen: amount, period: col(r, 'period') })
    }
    else if (kind === 'disability_certificate') {
      // Not a number stays text: the schema then names the column.
      const grade = col(r, 'grade')
      Object.assign(raw, { grade: /^\d+$/.test(grade) ? Number(grade) : grade, category: col(r, 'category') })
    }
    else if (kind === 'student') {
      Object.assign(raw, { level: col(r, 'level'), status: col(r, 'status') })
    }
    events.push({ row, raw })
  })
  return { events, issues, rows: rows.length - 1 }
}
