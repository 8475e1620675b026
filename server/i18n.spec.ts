import { describe, expect, it } from 'vitest'
import { fieldLabel, langOf, message } from './i18n'

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

  it('should word errors, field names and case statuses in traditional characters for zh-TW', () => {
    expect(message('zh-TW', 'sms_code_wrong', { left: 2 })).toBe('驗證碼不正確，還可以再試 2 次')
    expect(message('zh-TW', 'invalid_id_number', { field: fieldLabel('zh-TW', 'members.0.idNumber') })).toBe('身份證號不正確，請核對 18 位身份證號')
    expect(message('zh-TW', 'invalid_transition', { status: 'checking', action: 'approve' })).toBe('該事項當前為“家庭經濟狀況核對中”，不能批准')
  })
})
