import { beforeAll, describe, expect, it } from 'vitest'
import { loadLocaleMessages, loadMessages, MESSAGE_FOLDERS, textOf } from '../../app/i18n'
import { describePaid } from '../../domain/happiness-list/summary'
import { dateText, keepNumbersWhole, NARROW_NO_BREAK_SPACE as N, periodText, recordAmountText, syncedAtText, yuanText } from './format'

describe('happiness-list wording', () => {
  // As on screen: the list's messages are loaded (by its route) before anything is worded, in each language.
  beforeAll(async () => {
    await loadMessages(MESSAGE_FOLDERS)
    await loadLocaleMessages('en')
  })

  it.each([
    ['2026-01', 'zh-CN', '2026年1月'],
    ['2026-01', 'en', 'Jan 2026'],
    ['2026-01-01/2026-06-30', 'zh-CN', '2026年1月1日 至 2026年6月30日'],
    ['2026-01-01/2026-06-30', 'en', 'Jan 1, 2026 to Jun 30, 2026'],
  ] as const)('should word the period %s in %s through time.ts', (period, lang, text) => {
    expect(periodText(period, lang)).toBe(text)
  })

  it('should write a calendar day as written, never shifted by the device\'s zone', () => {
    expect(dateText('2026-01-10', 'zh-CN')).toBe('2026年1月10日')
    expect(dateText('2026-01-10', 'en')).toBe('Jan 10, 2026')
  })

  it('should write an instant in Beijing time', () => {
    expect(syncedAtText('2026-11-20T02:05:00.000Z', 'zh-CN')).toBe('2026年11月20日 10:05')
    expect(syncedAtText('2026-12-31T16:30:00.000Z', 'en')).toBe('Jan 1, 2027, 00:30')
  })

  it.each([
    [{ amountFen: 265_800, quantity: null, unit: null }, 'zh-CN', `2${N}658 元`],
    [{ amountFen: 265_800, quantity: null, unit: null }, 'en', '2,658 yuan'],
    [{ amountFen: null, quantity: 10, unit: '公斤' }, 'zh-CN', '10 公斤'],
    [{ amountFen: 33_333, quantity: 4, unit: '次' }, 'zh-CN', '4 次，333.33 元'],
  ] as const)('should word what a record gave: %j in %s', (record, lang, text) => {
    expect(recordAmountText(record, lang)).toBe(text)
  })

  it('should keep grouped digits on one line, leaving other spaces alone', () => {
    const summary = { item: 'dibao', department: 'mingzheng', frequency: 'month', paid: [{ from: '2026-01', to: '2026-11', amountFen: 102_000, payments: 11 }], paidFen: 1_122_000, payments: 11, granted: [], grantedFen: 0 } as const
    expect(keepNumbersWhole(textOf(describePaid({ ...summary, paid: [...summary.paid], granted: [] }, 'zh-CN')!)))
      .toBe(`2026年1月 至 2026年11月 每月 1${N}020 元，共已发放 11${N}220 元`)
  })

  it('should write money with the domain helper', () => {
    expect(yuanText(5, 'zh-CN')).toBe('0.05 元')
  })
})
