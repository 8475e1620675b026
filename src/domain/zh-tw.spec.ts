import type { Lang } from './lang'
import { describe, expect, it } from 'vitest'
import { diagnose } from './diagnosis/engine'
import zhCN from './locales/zh-CN.json'
import zhTW from './locales/zh-TW.json'
import { resolveRegion } from './regions/resolve'
import { wordIn } from './words-test-support'

// 繁體中文 (issue #7): the domain's words in traditional characters.
// Conversion is character for character, so a zh-TW text is as long as its zh-CN one.
const SIMPLIFIED = /[们这说请为过时发会个后门问对开关见长车东书买卖与专业实应级边缘资产医疗费难残证额务员际补贴养护儿统该岁劳动]/

/** Every message of a catalog, by key. */
function messages(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string')
    return [[prefix, node]]
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) => messages(value, prefix ? `${prefix}.${key}` : key))
}

describe('zh-TW labels', () => {
  it('should write the names of items, documents, departments and statuses in traditional characters', () => {
    const tw = new Map(messages(zhTW))
    for (const [key, zh] of messages(zhCN)) {
      expect(tw.get(key), key).not.toMatch(SIMPLIFIED)
      expect(tw.get(key)?.length, key).toBe(zh.length)
    }
  })

  it('should word the self-diagnosis reasons in traditional characters', () => {
    const answers = {
      region: '440106',
      receiving: [],
      members: [{ relation: 'self', age: 72, monthlyIncome: 400, canWork: false, disabilityGrade: 2, seriousIllness: true, student: 'none', unemployed: false, hasCapableSupporter: false }],
      assets: { depositsPerCapita: 1000, vehicles: 0, extraHousing: false },
      monthlyRigidExpenses: { medical: 300, education: 0 },
      events: { suddenHardship: true, disaster: true },
      housing: 'unsafe',
    }
    const results = diagnose(answers as never, resolveRegion(answers.region)!)
    // Reasons and flips as shown, nested texts (members, the edge line) worded too.
    const shown = (lang: Lang) => results.map(r => [...r.reasons, ...(r.flip ? [r.flip] : [])].map(t => wordIn(lang, t)).join('\n'))
    const tw = shown('zh-TW')
    expect(tw.join('\n')).not.toMatch(SIMPLIFIED)
    expect(tw.join('\n')).toContain('低於')
    expect(tw.map(text => text.length)).toEqual(shown('zh-CN').map(text => text.length))
  })
})
