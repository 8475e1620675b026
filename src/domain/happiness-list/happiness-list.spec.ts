import type { BenefitItemCode, BenefitKind, BenefitRecord } from './record'
import { describe, expect, it } from 'vitest'
import { readBenefitCsv } from './csv'
import { formatYuan, parseYuanToFen, THIN_SPACE } from './money'
import { checkRecordInput, isValidPeriod, itemKind } from './record'
import { inQuarter, monthsBetween, totalsOf, totalsPerYear } from './totals'

const T = THIN_SPACE

describe('parseYuanToFen', () => {
  it.each([
    ['886', 88_600],
    ['886.5', 88_650],
    ['886.50', 88_650],
    ['0.05', 5],
    [' 2658.01 ', 265_801],
    ['12.345', null],
    ['-1', null],
    ['1,000', null],
    ['', null],
    ['abc', null],
  ])('should read %j as %j fen', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen)
  })
})

describe('formatYuan', () => {
  it.each([
    [88_600, 'zh-CN', '886'],
    [265_800, 'zh-CN', `2${T}658`],
    [265_800, 'en', '2,658'],
    [1_234_567_89, 'zh-CN', `1${T}234${T}567.89`],
    [5, 'en', '0.05'],
    [-100_000, 'en', '-1,000'],
  ] as const)('should write %d fen in %s as %j', (fen, lang, text) => {
    expect(formatYuan(fen, lang)).toBe(text)
  })
})

describe('months and periods', () => {
  it('should list the months between two months, across a year', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    expect(monthsBetween('2026-03', '2026-02')).toEqual([])
  })

  it.each([
    ['2026-01', true],
    ['2026-13', false],
    ['2026-01-01/2026-06-30', true],
    ['2026-06-30/2026-01-01', false],
    ['2026-02-30/2026-03-01', false],
  ])('should accept %s as a period: %s', (period, ok) => {
    expect(isValidPeriod(period)).toBe(ok)
  })
})

describe('totals', () => {
  const r = (paidOn: string, amountFen: number | null, over: Partial<BenefitRecord> = {}): BenefitRecord => ({
    item: 'dibao',
    department: 'mingzheng',
    kind: 'cash',
    amountFen,
    quantity: null,
    unit: null,
    period: paidOn.slice(0, 7),
    paidOn,
    status: 'paid',
    ...over,
  })
  // Hand-computed: dibao 886.00 × 3 in Q1, 0.01 in Q2; medical 1 234.56 in Q4; recovered,
  // stopped and granted records and rice (no amount) add nothing to the money.
  const records = [
    r('2026-01-10', 88_600),
    r('2026-02-10', 88_600),
    r('2026-03-10', 88_600),
    r('2026-04-10', 1),
    r('2026-11-03', 123_456, { item: 'medical', department: 'yibao' }),
    r('2026-05-10', 88_600, { status: 'recovered' }),
    r('2026-06-10', 88_600, { status: 'stopped' }),
    r('2026-07-10', 88_600, { status: 'granted' }),
    r('2026-09-15', null, { item: 'charity', department: 'cishan', kind: 'in_kind', quantity: 10, unit: '公斤' }),
    r('2025-12-10', 50_000),
  ]

  it('should add a year exactly, per quarter, item and department', () => {
    expect(totalsOf(records.filter(x => x.paidOn.startsWith('2026')))).toEqual({
      amountFen: 389_257,
      records: 6,
      byQuarter: [
        { key: '2026-Q1', amountFen: 265_800, records: 3 },
        { key: '2026-Q2', amountFen: 1, records: 1 },
        { key: '2026-Q3', amountFen: 0, records: 1 },
        { key: '2026-Q4', amountFen: 123_456, records: 1 },
      ],
      byItem: [
        { key: 'dibao', amountFen: 265_801, records: 4 },
        { key: 'medical', amountFen: 123_456, records: 1 },
        { key: 'charity', amountFen: 0, records: 1 },
      ],
      byDepartment: [
        { key: 'mingzheng', amountFen: 265_801, records: 4 },
        { key: 'yibao', amountFen: 123_456, records: 1 },
        { key: 'cishan', amountFen: 0, records: 1 },
      ],
    })
  })

  it('should total per year', () => {
    expect(totalsPerYear(records)).toEqual([{ key: '2025', amountFen: 50_000, records: 1 }, { key: '2026', amountFen: 389_257, records: 6 }])
  })

  it('should keep sums of many fen exact (no floating point)', () => {
    const many = Array.from({ length: 1000 }, (_, i) => r('2026-01-10', 10 + (i % 3)))
    expect(totalsOf(many).amountFen).toBe(11_000 - 1)
    expect(records.filter(inQuarter('2026-Q1'))).toHaveLength(3)
  })
})

describe('checkRecordInput', () => {
  const valid = { externalId: 'YB-1', idNumbers: ['339901194803150028'], item: 'medical', kind: 'cash', amountFen: 100, period: '2026-01', paidOn: '2026-01-10', status: 'paid' }
  it.each([
    [{}, 'ok'],
    [{ amountFen: 1.5 }, 'amountFen:invalid_amount'],
    [{ amountFen: -1 }, 'amountFen:invalid_amount'],
    [{ amountFen: undefined }, 'amountFen:invalid_amount'],
    [{ idNumbers: ['339901194803150029'] }, 'idNumbers.0:invalid_id_number'],
    [{ idNumbers: [] }, 'idNumbers:validation_failed'],
    [{ item: 'lottery' }, 'item:unknown_item'],
    [{ paidOn: '2026-02-30' }, 'paidOn:validation_failed'],
    [{ kind: 'in_kind', amountFen: null, quantity: 10, unit: '公斤' }, 'ok'],
    [{ kind: 'service', amountFen: null }, 'quantity:validation_failed'],
  ])('should check %j → %s', (over, expected) => {
    const result = checkRecordInput({ ...valid, ...over })
    expect(result.ok ? 'ok' : result.issues.map(i => `${i.field}:${i.code}`).join(',')).toBe(expected)
  })

  it.each<[BenefitItemCode, BenefitKind]>([['dibao', 'cash'], ['medical', 'subsidy'], ['electricity', 'fee_waiver'], ['child_rehab', 'service']])('should give approved %s the kind %s', (item, kind) => {
    expect(itemKind(item)).toBe(kind)
  })
})

describe('readBenefitCsv', () => {
  const header = 'department,external_id,id_numbers,item,kind,amount_yuan,quantity,unit,period,paid_on,status,reference'

  it('should read quoted fields, a BOM, CRLF and several ID numbers', () => {
    const csv = `\uFEFF${header}\r\nmingzheng,MZ-1,339901197506080012;339901197809200026,dibao,cash,886.50,,,2026-01,2026-01-10,paid,"低保, ""一月"""\r\n`
    const read = readBenefitCsv(csv)
    expect(read.issues).toEqual([])
    expect(read.rows).toBe(1)
    expect(read.records).toEqual([{ row: 2, department: 'mingzheng', externalId: 'MZ-1', idNumbers: ['339901197506080012', '339901197809200026'], item: 'dibao', kind: 'cash', amountFen: 88_650, quantity: null, unit: null, period: '2026-01', paidOn: '2026-01-10', status: 'paid', reference: '低保, "一月"' }])
  })

  it('should name the missing columns of a wrong header', () => {
    expect(readBenefitCsv('department,external_id\nx,y').issues.map(i => i.field)).toEqual(['id_numbers', 'item', 'kind', 'amount_yuan', 'quantity', 'unit', 'period', 'paid_on', 'status', 'reference'])
  })

  it.each([
    ['mingzheng,MZ-2,339901197506080012,dibao,cash,88x,,,2026-01,2026-01-10,paid,', 'amount_yuan:invalid_amount'],
    ['police,MZ-3,339901197506080012,dibao,cash,1,,,2026-01,2026-01-10,paid,', 'department:validation_failed'],
    ['mingzheng,MZ-4,339901197506080013,dibao,cash,1,,,2026-01,2026-01-10,paid,', 'id_numbers:invalid_id_number'],
    ['mingzheng,MZ-5,339901197506080012,bingo,cash,1,,,2026-01,2026-01-10,paid,', 'item:unknown_item'],
  ])('should report the row %s as %s', (line, expected) => {
    const read = readBenefitCsv(`${header}\n${line}`)
    expect(read.issues.map(i => `${i.row}:${i.field}:${i.code}`)).toEqual([`2:${expected}`])
    expect(read.records).toEqual([])
  })
})
