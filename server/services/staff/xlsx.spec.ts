import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { contentDisposition, exportFileNames, neutralise, workbook } from './xlsx'

async function readBack(buffer: Buffer) {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(buffer as unknown as ArrayBuffer)
  return book.worksheets[0]
}

describe('xlsx exports', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","点我")', '\'=HYPERLINK("http://evil.example","点我")'],
    ['+86 138', '\'+86 138'],
    ['-1+1', '\'-1+1'],
    ['@SUM(A1:A9)', '\'@SUM(A1:A9)'],
    ['\t=1+1', '\'\t=1+1'],
    ['\r=1+1', '\'\r=1+1'],
    ['王**', '王**'],
    ['1+1=2', '1+1=2'],
    ['', ''],
  ])('should neutralise %j as %j', (text, expected) => {
    expect(neutralise(text)).toBe(expected)
  })

  it('should write formula-looking text as Text with a leading apostrophe, never as a formula', async () => {
    const sheet = await readBack(await workbook([{
      name: '测试',
      columns: [{ key: 'a', header: '文字' }, { key: 'n', header: '数', kind: 'number' }],
      rows: [{ a: '=1+1', n: -3 }, { a: '@cmd', n: 0 }, { a: '-2', n: 5 }, { a: '+1', n: 1 }],
    }], 'zh-CN', '测试'))
    for (let r = 2; r <= 5; r++) {
      const cell = sheet.getCell(r, 1)
      expect(cell.type).toBe(ExcelJS.ValueType.String)
      expect(cell.formula).toBeUndefined()
      expect(cell.numFmt).toBe('@')
      expect(String(cell.value).startsWith('\'')).toBe(true)
    }
    // Numbers stay numbers (a count of -3 is no formula).
    expect(sheet.getCell(2, 2).value).toBe(-3)
    expect(sheet.getCell(2, 2).type).toBe(ExcelJS.ValueType.Number)
  })

  it('should write dates as Beijing days and instants as Beijing wall time, and a text in a date column as text', async () => {
    const sheet = await readBack(await workbook([{
      name: '日期',
      columns: [{ key: 'd', header: '日', kind: 'date' }, { key: 't', header: '时', kind: 'dateTime' }],
      // 16:30 UTC on 30 November is 00:30 on 1 December in Beijing.
      rows: [{ d: '2026-11-30T16:30:00.000Z', t: '2026-11-30T16:30:00.000Z' }, { d: '从未探访', t: null }],
    }], 'zh-CN', '日期'))
    expect((sheet.getCell(2, 1).value as Date).toISOString()).toBe('2026-12-01T00:00:00.000Z')
    expect(sheet.getCell(2, 1).numFmt).toBe('yyyy-mm-dd')
    expect((sheet.getCell(2, 2).value as Date).toISOString()).toBe('2026-12-01T00:30:00.000Z')
    expect(sheet.getCell(3, 1).value).toBe('从未探访')
    expect(sheet.getCell(3, 1).numFmt).toBe('@')
    expect(sheet.getCell(3, 2).value).toBeNull()
  })

  it('should name the file in UTF-8 with an ASCII fallback', () => {
    const names = exportFileNames('server.exports.queue.title', { code: '339901001', name: '安乐镇' }, 'zh-CN', [], new Date('2026-12-04T17:00:00Z'))
    expect(names).toEqual({ fileName: '待审核事项-安乐镇-2026-12-05.xlsx', asciiName: 'review_queue-339901001-2026-12-05.xlsx' })
    expect(contentDisposition(names.fileName, names.asciiName)).toBe(
      `attachment; filename="review_queue-339901001-2026-12-05.xlsx"; filename*=UTF-8''${encodeURIComponent('待审核事项-安乐镇-2026-12-05.xlsx')}`,
    )
  })
})
