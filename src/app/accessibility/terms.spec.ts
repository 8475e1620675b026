import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BENEFIT_ITEM_CODES } from '../../domain/happiness-list/record'
import { ITEM_CODES } from '../../domain/items'
import domainZhCN from '../../domain/locales/zh-CN.json'
import { TERM_IDS, termOfItem } from './terms'

const DIR = 'src/features/accessibility/locales'
const LOCALE_FILES = readdirSync(DIR).filter(f => f.endsWith('.json'))

interface Term { name: string, explain: string }
function terms(file: string): Record<string, Term> {
  return JSON.parse(readFileSync(join(DIR, file), 'utf8')).accessibility.terms
}

describe('glossary', () => {
  it('should be written in Chinese, English and traditional Chinese', () => {
    expect(LOCALE_FILES).toEqual(expect.arrayContaining(['zh-CN.json', 'en.json', 'zh-TW.json']))
  })

  it('should explain every item code and every other benefit of the happiness list', () => {
    for (const code of [...ITEM_CODES, ...BENEFIT_ITEM_CODES])
      expect(termOfItem(code), code).not.toBeNull()
    expect(termOfItem('lottery')).toBeNull()
    expect(termOfItem('toString')).toBeNull()
  })

  it.each(LOCALE_FILES)('should have a name and a one-line explanation of every term in %s, and nothing else', (file) => {
    const entries = terms(file)
    expect(Object.keys(entries).sort()).toEqual([...TERM_IDS].sort())
    for (const id of TERM_IDS) {
      const { name, explain } = entries[id]
      expect(name?.trim(), `${file} ${id}.name`).toBeTruthy()
      expect(explain?.trim(), `${file} ${id}.explain`).toBeTruthy()
      expect(explain, `${file} ${id}.explain`).not.toMatch(/\n/)
      // Plain words, not a paragraph.
      expect(explain.length, `${file} ${id}.explain`).toBeLessThanOrEqual(file === 'en.json' ? 200 : 70)
    }
    for (const code of ITEM_CODES)
      expect(entries[termOfItem(code)!], `${file} ${code}`).toBeDefined()
  })

  it('should explain without numbers of its own (amounts and multiples are region data)', () => {
    for (const file of LOCALE_FILES) {
      for (const [id, { explain }] of Object.entries(terms(file)))
        expect(explain, `${file} ${id}`).not.toMatch(/\d/)
    }
  })

  it('should name each item the way the app names it', () => {
    const zh = terms('zh-CN.json')
    for (const code of BENEFIT_ITEM_CODES)
      expect(domainZhCN.domain.items[code].name, code).toContain(zh[code].name.replace(/认定$/, ''))
  })
})
