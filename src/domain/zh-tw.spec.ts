import { describe, expect, it } from 'vitest'
import { CHECK_SOURCE_NAMES } from './application/check-report'
import { ACTOR_NAMES, CASE_ACTION_NAMES, CASE_STATUS_NAMES, DEPARTMENT_SHORT_NAMES } from './application/labels'
import { diagnose } from './diagnosis/engine'
import { BENEFIT_DEPARTMENT_NAMES } from './happiness-list/record'
import { DEPARTMENTS, ITEMS, LAYER_NAMES } from './items'
import { NEED_ACTION_NAMES, NEED_STATUS_NAMES } from './needs/labels'
import { resolveRegion } from './regions/resolve'

// 繁體中文 (issue #7): every shared label table has zh-TW, the zh-CN text in traditional characters.
// Conversion is character for character, so a zh-TW text is as long as its zh-CN one.
const SIMPLIFIED = /[们这说请为过时发会个后门问对开关见长车东书买卖与专业实应级边缘资产医疗费难残证额务员际补贴养护儿统该岁劳动]/

const TABLES = { LAYER_NAMES, DEPARTMENT_SHORT_NAMES, CASE_STATUS_NAMES, CASE_ACTION_NAMES, ACTOR_NAMES, CHECK_SOURCE_NAMES, BENEFIT_DEPARTMENT_NAMES, NEED_STATUS_NAMES, NEED_ACTION_NAMES }

describe('zh-TW labels', () => {
  it.each(Object.entries(TABLES))('should write %s in traditional characters', (_, table) => {
    for (const [code, names] of Object.entries(table as Record<string, Record<'zh-CN' | 'zh-TW', string>>)) {
      expect(names['zh-TW'], code).not.toMatch(SIMPLIFIED)
      expect(names['zh-TW'].length, code).toBe(names['zh-CN'].length)
    }
  })

  it('should name items, departments and documents in traditional characters', () => {
    for (const item of Object.values(ITEMS)) {
      expect(item.name['zh-TW'], item.code).not.toMatch(SIMPLIFIED)
      expect(item.documents['zh-TW'].map(d => d.length), item.code).toEqual(item.documents['zh-CN'].map(d => d.length))
      for (const doc of item.documents['zh-TW'])
        expect(doc, item.code).not.toMatch(SIMPLIFIED)
    }
    for (const [code, d] of Object.entries(DEPARTMENTS))
      expect(d.name['zh-TW'], code).not.toMatch(SIMPLIFIED)
  })

  it('should give the self-diagnosis reasons in traditional characters', () => {
    const answers = {
      region: '440106',
      receiving: [],
      members: [{ relation: 'self', age: 72, monthlyIncome: 400, canWork: false, disabilityGrade: 2, seriousIllness: true, student: 'none', unemployed: false, hasCapableSupporter: false }],
      assets: { depositsPerCapita: 1000, vehicles: 0, extraHousing: false },
      monthlyRigidExpenses: { medical: 300, education: 0 },
      events: { suddenHardship: true, disaster: true },
      housing: 'unsafe',
    }
    const region = resolveRegion(answers.region)!
    const zh = diagnose(answers as never, region, 'zh-CN')
    const tw = diagnose(answers as never, region, 'zh-TW')
    expect(tw.map(r => r.verdict)).toEqual(zh.map(r => r.verdict))
    const text = tw.flatMap(r => [...r.reasons, r.flip ?? '', ...r.documents, r.department.name]).join('\n')
    expect(text).not.toMatch(SIMPLIFIED)
    expect(text).toContain('低於')
    expect(tw.map(r => r.reasons.join('').length)).toEqual(zh.map(r => r.reasons.join('').length))
  })
})
