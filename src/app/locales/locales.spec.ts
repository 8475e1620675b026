import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LOCALES } from '../i18n'

/** Every folder of locale files: the frame's and each feature's that has any. */
function localeFolders(): string[] {
  const features = readdirSync('src/features').map(f => join('src/features', f, 'locales')).filter((dir) => {
    try {
      return readdirSync(dir).length > 0
    }
    catch {
      return false
    }
  })
  return ['src/app/locales', ...features]
}

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null)
    return [prefix]
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

function placeholders(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]).sort() : []
}

const get = (obj: unknown, path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], obj)

/** zh-CN is the reference; every other language must match it key for key. */
const OTHERS = LOCALES.filter(l => l !== 'zh-CN')

describe.each(localeFolders())('locale files in %s', (dir) => {
  const read = (locale: string) => JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8'))
  const zh = read('zh-CN')

  it('should have a file for every language', () => {
    expect(LOCALES.filter(l => !existsSync(join(dir, `${l}.json`)))).toEqual([])
  })

  it.each(OTHERS)('should have the same keys in %s', (locale) => {
    expect(keys(read(locale)).sort()).toEqual(keys(zh).sort())
  })

  it.each(OTHERS)('should use the same placeholders in %s', (locale) => {
    const other = read(locale)
    for (const key of keys(zh))
      expect(placeholders(get(other, key)), key).toEqual(placeholders(get(zh, key)))
  })

  it.each(LOCALES)('should have no empty message in %s', (locale) => {
    const messages = read(locale)
    for (const key of keys(zh))
      expect(String(get(messages, key) ?? '').trim(), key).not.toBe('')
  })

  it('should write 繁體中文 in traditional characters', () => {
    // A few simplified characters that differ from their traditional form and are common in our texts.
    const simplified = /[们这说请为过时发会个后门问对开关见长车东书买卖体与专业师乐实]/
    for (const key of keys(zh))
      expect(String(get(read('zh-TW'), key)), key).not.toMatch(simplified)
  })

  it.runIf(dir !== 'src/app/locales')('should keep a feature\'s messages under its own name', () => {
    for (const locale of LOCALES)
      expect(Object.keys(read(locale)), locale).toEqual([dir.split('/')[2]])
  })
})

/**
 * One term per concept in each language (issue #16: English said both "Small needs" and "Small
 * wishes" for 微心愿). Each concept has the term to use and the synonyms that must not appear
 * anywhere on screen; zh-TW is converted from zh-CN, so it follows. Add a concept here when a
 * second word for it turns up.
 */
const GLOSSARY: { 'concept': string, 'zh-CN': { term: string, avoid: RegExp }, 'en': { term: string, avoid: RegExp } }[] = [
  {
    'concept': '微心愿',
    'zh-CN': { term: '微心愿', avoid: /小心愿|微愿望|小需求/ },
    // "need" as a thing posted ("a need", "open needs"); "no need to…" is a verb and fine.
    'en': { term: 'small wish', avoid: /\bsmall needs?\b|\bmicro[- ]?wish|\b(?:a|the|this|these|those|open|your|my|any) needs?\b(?! to\b)/i },
  },
  {
    'concept': '长辈版',
    'zh-CN': { term: '长辈版', avoid: /老年版|老人版|长者版|关怀版|大字版|适老版/ },
    'en': { term: 'large text', avoid: /\b(?:elder(?:ly)?|senior|old[- ]age) (?:mode|version)\b/i },
  },
  {
    'concept': '幸福清单',
    'zh-CN': { term: '幸福清单', avoid: /惠民清单|福利清单|救助清单/ },
    'en': { term: 'happiness list', avoid: /\b(?:benefits?|welfare|assistance) list\b/i },
  },
]

/** Every message of a locale file, with its key. */
function messages(dir: string, locale: string): [string, string][] {
  const data: unknown = JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8'))
  return keys(data).map(key => [key, String(get(data, key))])
}

describe('one term per concept (glossary)', () => {
  const everything = (locale: 'zh-CN' | 'en') => localeFolders().flatMap(dir => messages(dir, locale).map(([key, text]) => [`${dir} ${key}`, text] as const))

  it.each(GLOSSARY.flatMap(g => (['zh-CN', 'en'] as const).map(locale => [g.concept, locale] as const)))('should call %s one thing in %s', (concept, locale) => {
    const { term, avoid } = GLOSSARY.find(g => g.concept === concept)![locale]
    const all = everything(locale)
    expect(all.filter(([, text]) => avoid.test(text)).map(([where, text]) => `${where}: ${text}`)).toEqual([])
    // The term itself is in use: a glossary of words nobody shows would guard nothing.
    expect(all.some(([, text]) => text.toLowerCase().includes(term.toLowerCase())), term).toBe(true)
  })

  it('should catch the synonyms it lists', () => {
    const en = (concept: string) => GLOSSARY.find(g => g.concept === concept)!.en.avoid
    expect(en('微心愿').test('Small needs')).toBe(true)
    expect(en('微心愿').test('Post a need')).toBe(true)
    expect(en('微心愿').test('no need to apply again')).toBe(false)
    expect(en('微心愿').test('What help is needed')).toBe(false)
    expect(GLOSSARY.find(g => g.concept === '微心愿')!['zh-CN'].avoid.test('发布小心愿')).toBe(true)
  })
})
