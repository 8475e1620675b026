import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Every locale file of the app and of each feature, grouped by folder. */
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

describe.each(localeFolders())('locale files in %s', (dir) => {
  const zh = JSON.parse(readFileSync(join(dir, 'zh-CN.json'), 'utf8'))
  const en = JSON.parse(readFileSync(join(dir, 'en.json'), 'utf8'))

  it('should have the same keys in every language', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })

  it('should use the same placeholders in every language', () => {
    const get = (obj: unknown, path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], obj)
    for (const key of keys(zh))
      expect(placeholders(get(en, key)), key).toEqual(placeholders(get(zh, key)))
  })

  it('should have no empty message', () => {
    const get = (obj: unknown, path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], obj)
    for (const key of keys(zh)) {
      expect(String(get(zh, key)).trim(), key).not.toBe('')
      expect(String(get(en, key)).trim(), key).not.toBe('')
    }
  })

  it.runIf(dir !== 'src/app/locales')('should keep a feature\'s messages under its own name', () => {
    expect(Object.keys(zh)).toEqual([dir.split('/')[2]])
  })
})
