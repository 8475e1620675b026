import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../src/domain/http/errors'
import { fieldLabel, isErrorCode, langOf, message } from './i18n'
import zhCN from './locales/zh-CN.json'

describe('server messages', () => {
  it.each([
    [undefined, 'zh-CN'],
    ['', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-HK', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['zh-TW', 'zh-TW'],
    ['zh-tw,zh;q=0.9,en;q=0.8', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-MO', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-Hant-CN', 'zh-TW'],
    ['zh-TWX', 'zh-CN'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['de-DE', 'zh-CN'],
  ] as const)('should read Accept-Language %j as %s', (header, lang) => {
    expect(langOf(header)).toBe(lang)
  })

  // The locale test (src/app/locales/locales.spec.ts) then checks that every language has them.
  it('should have a message in server/locales for every error code, and none for a code that is gone', () => {
    expect(Object.keys(zhCN.server.errors).sort()).toEqual([...ERROR_CODES].sort())
  })

  it('should know the error codes only', () => {
    expect(isErrorCode('invalid_mobile')).toBe(true)
    expect(isErrorCode('rate_limited_minutes')).toBe(false)
    expect(isErrorCode('constructor')).toBe(false)
  })

  it('should word errors, field names and case statuses in traditional characters for zh-TW', () => {
    expect(message('zh-TW', 'sms_code_wrong', { left: 2 })).toBe('驗證碼不正確，還可以再試 2 次')
    expect(message('zh-TW', 'invalid_id_number', { field: fieldLabel('zh-TW', 'members.0.idNumber') })).toBe('身份證號不正確，請核對 18 位身份證號')
    expect(message('zh-TW', 'invalid_transition', { status: 'checking', action: 'approve' })).toBe('該事項當前為“家庭經濟狀況核對中”，不能批准')
  })

  it('should name an item and its month in the reader\'s language', () => {
    expect(message('en', 'already_receiving', { item: 'dibao', since: '2025-03' })).toMatch(/^Your household already receives Minimum living allowance \(dibao\) \(since Mar 2025\) and/)
    expect(message('zh-CN', 'already_receiving', { item: 'dibao', since: '2025-03' })).toMatch(/^您家已在享受最低生活保障（低保）（自 2025年3月 起），/)
  })

  it('should prefer the precise wording of a detail to the code\'s own', () => {
    expect(message('zh-CN', 'rate_limited_minutes', { minutes: 3 })).toBe('操作太频繁，请 3 分钟后再试')
    expect(message('en', 'household_required')).toBe('Please link your household first')
  })

  it.each([
    ['members.0.name', '姓名'],
    ['authorisations.1', '核对授权书'],
    ['extraHousing', '其他住房'],
    ['forms.somethingNew', 'forms.somethingNew'],
    ['forms.constructor', 'forms.constructor'],
  ])('should label the field %s as %s', (field, label) => {
    expect(fieldLabel('zh-CN', field)).toBe(label)
  })
})
