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
