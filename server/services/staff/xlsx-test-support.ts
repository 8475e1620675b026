import type { LightMyRequestResponse } from 'fastify'
import ExcelJS from 'exceljs'
import { expect } from 'vitest'
import { XLSX_TYPE } from './xlsx'

/** One cell as read back: its value and what makes it text (type, number format). */
export interface ReadCell {
  value: ExcelJS.CellValue
  text: string
  type: ExcelJS.ValueType
  numFmt: string | undefined
  formula: string | undefined
}

export interface ReadSheet {
  name: string
  header: string[]
  /** Data rows (after the header), cell by cell. */
  rows: ReadCell[][]
}

/** Reads an export answer back with exceljs, as a spreadsheet program would open it. */
export async function readXlsx(res: LightMyRequestResponse): Promise<ReadSheet[]> {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200)
  expect(res.headers['content-type']).toBe(XLSX_TYPE)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
  return book.worksheets.map((ws) => {
    const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(v => String(v))
    const rows: ReadCell[][] = []
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r)
      rows.push(header.map((_, i) => {
        const cell = row.getCell(i + 1)
        return { value: cell.value, text: cell.text, type: cell.type, numFmt: cell.numFmt, formula: cell.formula }
      }))
    }
    return { name: ws.name, header, rows }
  })
}

/** A sheet's data as plain values per column header, for comparing with the page's JSON. */
export function records(sheet: ReadSheet): Record<string, ExcelJS.CellValue>[] {
  return sheet.rows.map(row => Object.fromEntries(sheet.header.map((h, i) => [h, row[i].value])))
}

/** Every text of the workbook, for "this name never appears" checks. */
export function allText(sheets: ReadSheet[]): string {
  return sheets.flatMap(s => [s.name, ...s.header, ...s.rows.flatMap(r => r.map(c => c.text))]).join('\n')
}

/** The file name a browser saves: the UTF-8 filename* of Content-Disposition. */
export function savedFileName(res: LightMyRequestResponse): string {
  const header = String(res.headers['content-disposition'] ?? '')
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)
  return star ? decodeURIComponent(star[1]) : ''
}
