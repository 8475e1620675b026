import type { FastifyReply } from 'fastify'
import type { Readable } from 'node:stream'
import type { Lang } from '../../../src/domain/lang'
import { PassThrough } from 'node:stream'
import ExcelJS from 'exceljs'
import { dateParts, shanghaiToday } from '../../../src/domain/time'
import { translate } from '../../catalog'

/**
 * The staff exports (issue #16): what a staff page shows, as an .xlsx made on the server with
 * exceljs, for town clerks who report upwards in spreadsheets. Text is written as text:
 *
 * - every text cell has the Text number format ('@'), so a spreadsheet keeps it as typed text
 *   when someone edits it;
 * - text that begins with = + - @ (or a tab or carriage return) gets a leading apostrophe, so it
 *   can never turn into a formula, also after the sheet is saved as CSV and opened again
 *   (OWASP "CSV injection"). Volunteers' urgent notes and names are typed by people.
 *
 * Dates are real date cells (Beijing calendar day), counts real numbers, so clerks can sort,
 * filter and sum.
 */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** What turns a typed cell into a formula in Excel, WPS or LibreOffice (and after a CSV round trip). */
const FORMULA_START = /^[=+\-@\t\r]/

/** "=HYPERLINK(…)" → "'=HYPERLINK(…)"; anything else as it is. */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

export type ColumnKind = 'text' | 'number' | 'percent' | 'date' | 'dateTime'

/** Headings and sheet names come worded in the reader's language (server.exports in server/locales). */
export interface Column<K extends string = string> {
  key: K
  header: string
  kind?: ColumnKind
  /** In characters; CJK characters count about two. */
  width?: number
}

/**
 * A text, a number, a percent (66.7 for 66.7 %), a date (YYYY-MM-DD as it is, an ISO instant as
 * its Beijing day), an instant (shown in Beijing time), or nothing. In a date column a text that
 * is no date ("从未探访") stays text.
 */
export type Cell = string | number | null

export interface Sheet<K extends string = string> {
  name: string
  columns: readonly Column<K>[]
  rows: readonly Record<K, Cell>[]
}

const FORMATS: Record<ColumnKind, string> = {
  text: '@',
  number: '0',
  percent: '0.0%',
  date: 'yyyy-mm-dd',
  dateTime: 'yyyy-mm-dd hh:mm',
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/

/**
 * A cell's value for exceljs. Excel dates have no time zone: a Date whose UTC fields are the
 * Beijing wall time is written as that day and time.
 */
function cellValue(kind: ColumnKind, value: Cell): ExcelJS.CellValue {
  if (value === null || value === '')
    return null
  if (typeof value === 'number')
    return kind === 'percent' ? value / 100 : value
  if ((kind === 'date' || kind === 'dateTime') && ISO_DATE.test(value)) {
    if (kind === 'dateTime')
      return new Date(Date.parse(value) + SHANGHAI_OFFSET_MS)
    const day = value.includes('T') ? shanghaiToday(new Date(value)) : value.slice(0, 10)
    const [y, m, d] = dateParts(day)
    return new Date(Date.UTC(y, m - 1, d))
  }
  return neutralise(value)
}

/** The number format of a cell: a text in a date column is still text. */
function formatOf(kind: ColumnKind, value: ExcelJS.CellValue): string {
  return typeof value === 'string' ? FORMATS.text : FORMATS[kind]
}

/** Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules). */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31)
}

/** A sheet with its header row (bold, frozen) and columns. Generic so that every column's key is a key of the rows. */
function openSheet<K extends string>(book: ExcelJS.Workbook, sheet: Pick<Sheet<K>, 'name' | 'columns'>): ExcelJS.Worksheet {
  const ws = book.addWorksheet(sheetName(sheet.name), { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = sheet.columns.map(c => ({ header: c.header, key: c.key, width: c.width ?? 14 }))
  ws.getRow(1).font = { bold: true }
  // The header row is text the server wrote; still text, never a formula.
  ws.getRow(1).eachCell((cell) => {
    cell.numFmt = '@'
  })
  return ws
}

/** A data row: each value as its column's kind writes it, with its number format. */
function addRow<K extends string>(ws: ExcelJS.Worksheet, columns: readonly Column<K>[], row: Record<K, Cell>): ExcelJS.Row {
  const added = ws.addRow({})
  columns.forEach((c, i) => {
    const kind = c.kind ?? 'text'
    const cell = added.getCell(i + 1)
    cell.value = cellValue(kind, row[c.key])
    cell.numFmt = formatOf(kind, cell.value)
  })
  return added
}

/** The header row filters the columns. */
function addFilter(ws: ExcelJS.Worksheet, columns: readonly Column[]): void {
  if (columns.length > 0)
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } }
}

/** One sheet, header row frozen and filterable. */
function addSheet<K extends string>(book: ExcelJS.Workbook, sheet: Sheet<K>): void {
  const ws = openSheet(book, sheet)
  for (const row of sheet.rows)
    addRow(ws, sheet.columns, row)
  addFilter(ws, sheet.columns)
}

/** The workbook: one sheet per table of the page. */
export async function workbook(sheets: readonly Sheet[], lang: Lang, title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.creator = translate(lang, 'server.exports.creator')
  book.title = title
  book.created = new Date()
  for (const sheet of sheets)
    addSheet(book, sheet)
  return Buffer.from(await book.xlsx.writeBuffer())
}

/** A sheet whose rows come one at a time (read from the database a page at a time, say). */
export interface StreamedSheet<K extends string = string> extends Pick<Sheet<K>, 'name' | 'columns'> {
  rows: Iterable<Record<K, Cell>> | AsyncIterable<Record<K, Cell>>
}

/** Rows written between two looks at whether the reader keeps up. */
const ROWS_PER_PACE_CHECK = 100

/**
 * True once the reader has taken what was written; false when the stream is gone. It first lets
 * the compression run (it works between turns of the event loop), so that what is waiting shows.
 */
async function readerKeepsUp(out: PassThrough): Promise<boolean> {
  await new Promise(resolve => setImmediate(resolve))
  if (out.destroyed)
    return false
  if (!out.writableNeedDrain)
    return true
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done)
      out.off('close', done)
      resolve(!out.destroyed)
    }
    out.on('drain', done)
    out.on('close', done)
  })
}

/**
 * The workbook as a stream, for sheets too long to hold (issue #18): exceljs's streaming writer
 * writes and compresses each row as it comes and lets it go, and every ROWS_PER_PACE_CHECK rows
 * waits while the reader (the HTTP answer) has not taken what came out of the compressor. The
 * pace is coarse (exceljs hands rows to the compressor without waiting, so what the compressor
 * has not reached yet is held too), but what is held no longer grows with the number of rows.
 * Same cells, formats, frozen and filtered header as workbook(). A failure while writing (a
 * database error) ends the stream with that error; a reader that went away stops the writing.
 */
export function workbookStream(sheets: readonly StreamedSheet[], lang: Lang, title: string): Readable {
  const out = new PassThrough()
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  book.creator = translate(lang, 'server.exports.creator')
  book.title = title
  book.created = new Date()
  const write = async () => {
    for (const sheet of sheets) {
      const ws = openSheet(book, sheet)
      let written = 0
      for await (const row of sheet.rows) {
        addRow(ws, sheet.columns, row).commit()
        if (++written % ROWS_PER_PACE_CHECK === 0 && !await readerKeepsUp(out))
          return
      }
      addFilter(ws, sheet.columns)
      ws.commit()
    }
    await book.commit()
  }
  write().catch(error => out.destroy(error))
  return out
}

/** RFC 5987 value: percent-encoded UTF-8, with the characters encodeURIComponent leaves alone too. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * `attachment` with an ASCII name for old clients and the real (Chinese) name as filename*
 * (RFC 6266), e.g. 待审核事项-安乐镇-2026-12-05.xlsx.
 */
export function contentDisposition(fileName: string, asciiName: string): string {
  const ascii = asciiName.replace(/[^\w.-]/g, '_')
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(fileName)}`
}

/**
 * "待审核事项-安乐镇-2026-12-05.xlsx" and "review-queue-339901001-2026-12-05.xlsx": what (the key of
 * its title, worded in `lang` and in English for the ASCII name), where, when (Beijing day).
 */
export function exportFileNames(what: string, area: { code: string, name: string }, lang: Lang, extra: string[] = [], now = new Date()): { fileName: string, asciiName: string } {
  const day = shanghaiToday(now)
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_')
  return {
    fileName: `${[translate(lang, what), area.name, ...extra, day].map(safe).join('-')}.xlsx`,
    asciiName: `${[translate('en', what).toLowerCase(), area.code, ...extra, day].map(safe).join('-')}.xlsx`,
  }
}

/** Sends a workbook (made, or streamed by workbookStream): never cached (personal data, even masked), never sniffed. */
export function sendXlsx(reply: FastifyReply, body: Buffer | Readable, names: { fileName: string, asciiName: string }): FastifyReply {
  return reply
    .header('Content-Type', XLSX_TYPE)
    .header('Content-Disposition', contentDisposition(names.fileName, names.asciiName))
    .header('Cache-Control', 'no-store')
    .header('X-Content-Type-Options', 'nosniff')
    .send(body)
}
