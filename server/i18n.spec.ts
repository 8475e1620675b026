import { describe, expect, it } from 'vitest'
import { GLOSSARY, strays, unnamedInEnglish } from '../src/app/locales/glossary'
import { fieldLabel, langOf, message, messageCatalog } from './i18n'
import { textCatalog } from './services/applications/texts'

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

/** The server's own words (errors, field names, notifications, timeline notes) follow the screens' glossary. */
describe('one term per concept in server messages (glossary)', () => {
  const catalog = (lang: 'zh-CN' | 'en') => ({ ...messageCatalog(lang), ...textCatalog(lang) })

  it.each(GLOSSARY.flatMap(g => (['zh-CN', 'en'] as const).map(lang => [g.concept, lang] as const)))('should call %s one thing in %s', (concept, lang) => {
    const wording = GLOSSARY.find(g => g.concept === concept)![lang]
    expect(Object.entries(catalog(lang)).filter(([, text]) => strays(wording, text)).map(([key, text]) => `${key}: ${text}`)).toEqual([])
  })

  it.each(GLOSSARY.filter(g => g.sameKey).map(g => g.concept))('should name %s in English wherever Chinese names it', (concept) => {
    expect(unnamedInEnglish(GLOSSARY.find(g => g.concept === concept)!, catalog('zh-CN'), catalog('en'))).toEqual([])
  })

  it('should see every table, keys alike in each language', () => {
    const keys = (lang: 'zh-CN' | 'zh-TW' | 'en') => Object.keys({ ...messageCatalog(lang), ...textCatalog(lang) }).sort()
    expect(keys('en')).toEqual(keys('zh-CN'))
    expect(keys('zh-TW')).toEqual(keys('zh-CN'))
    expect(keys('zh-CN')).toEqual(expect.arrayContaining(['MESSAGES.invalid_household_code', 'DETAIL_MESSAGES.household_required', 'FIELD_LABELS.token', 'NOTIFICATIONS.household_bound']))
  })
})
