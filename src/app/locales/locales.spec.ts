import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { localeFolders } from '../../../scripts/locales-zh-tw'
import { LOCALES } from '../i18n'
import { GLOSSARY, strays, unnamedInEnglish, usesTerm } from './glossary'

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null)
    return [prefix]
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

function placeholders(text: unknown): string[] {
  // Names, not occurrences: a plural form ("one | {n} items") may use a name in one branch only.
  return typeof text === 'string' ? [...new Set([...text.matchAll(/\{(\w+)\}/g)].map(m => m[1]))].sort() : []
}

const get = (obj: unknown, path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], obj)

/** zh-CN is the reference; every other language must match it key for key. */
const OTHERS = LOCALES.filter(l => l !== 'zh-CN')

describe.each(localeFolders())('locale files in $dir', ({ dir, namespace }) => {
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

  it.runIf(namespace !== null)('should keep the messages under the folder\'s own name', () => {
    for (const locale of LOCALES)
      expect(Object.keys(read(locale)), locale).toEqual([namespace])
  })
})

/** Every message of a locale file, by key. */
function messages(dir: string, locale: string): Record<string, string> {
  const data: unknown = JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8'))
  return Object.fromEntries(keys(data).map(key => [key, String(get(data, key))]))
}

const concept = (name: string) => GLOSSARY.find(g => g.concept === name)!

describe('one term per concept (glossary)', () => {
  const everything = (locale: 'zh-CN' | 'en') => localeFolders().flatMap(({ dir }) => Object.entries(messages(dir, locale)).map(([key, text]) => [`${dir} ${key}`, text] as const))

  it.each(GLOSSARY.flatMap(g => (['zh-CN', 'en'] as const).map(locale => [g.concept, locale] as const)))('should call %s one thing in %s', (name, locale) => {
    const wording = concept(name)[locale]
    const all = everything(locale)
    expect(all.filter(([, text]) => strays(wording, text)).map(([where, text]) => `${where}: ${text}`)).toEqual([])
    // The term itself is in use: a glossary of words nobody shows would guard nothing.
    expect(all.some(([, text]) => usesTerm(wording, text)), wording.term).toBe(true)
  })

  it.each(GLOSSARY.filter(g => g.sameKey).map(g => g.concept))('should name %s in English wherever Chinese names it', (name) => {
    const unnamed = localeFolders().flatMap(({ dir }) => unnamedInEnglish(concept(name), messages(dir, 'zh-CN'), messages(dir, 'en')).map(line => `${dir} ${line}`))
    expect(unnamed).toEqual([])
    // The rule applies somewhere: a pattern that matches no Chinese message would guard nothing.
    expect(everything('zh-CN').some(([, text]) => concept(name).sameKey!.zh.test(text))).toBe(true)
  })

  it('should catch the synonyms it lists', () => {
    const en = (name: string) => concept(name).en
    expect(strays(en('微心愿'), 'Small needs')).toBe(true)
    expect(strays(en('微心愿'), 'Post a need')).toBe(true)
    expect(strays(en('微心愿'), 'no need to apply again')).toBe(false)
    expect(strays(en('微心愿'), 'What help is needed')).toBe(false)
    expect(strays(concept('微心愿')['zh-CN'], '发布小心愿')).toBe(true)
  })

  it.each([
    ['Scan household code', true],
    ['Hold the household\'s code inside the frame', true],
    ['This is not a happiness code', true],
    ['Happiness code valid', true],
    ['Scan Happiness Code', false],
    ['your household\'s Happiness Code', false],
    ['check Happiness Codes offline', false],
    ['Your household has a new code', false],
  ] as const)('should tell %j apart from the name Happiness Code: stray %s', (text, stray) => {
    expect(strays(concept('幸福码').en, text)).toBe(stray)
  })

  it.each([
    ['Bind household', true],
    ['Bound accounts', true],
    ['You would need to bind again', true],
    ['your household is bound', true],
    ['Link your household', false],
    ['Linked: {phone}', false],
    ['Outbound visits', false],
  ] as const)('should tell %j apart from link: stray %s', (text, stray) => {
    expect(strays(concept('绑定').en, text)).toBe(stray)
  })

  it('should ask for the term in the English of a key whose Chinese names it, except where it says why not', () => {
    const code = concept('幸福码')
    expect(unnamedInEnglish(code, { a: '扫幸福码', b: '一户一码', c: '扫码', [Object.keys(code.sameKey!.except!)[0]]: '幸福码' }, { a: 'Scan the code', b: 'One code per household', c: 'Scan' })).toEqual(['a: Scan the code', 'b: One code per household'])
    expect(unnamedInEnglish(concept('绑定'), { a: '去绑定', b: '已绑定' }, { a: 'Link', b: 'Bound' })).toEqual(['b: Bound'])
  })
})
