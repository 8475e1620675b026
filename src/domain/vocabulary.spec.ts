import { describe, expect, it } from 'vitest'
import { CASE_ACTIONS, CASE_STATUSES } from './application/case-status'
import { CHECK_SOURCES } from './application/check-report'
import { BENEFIT_DEPARTMENT_CODES, BENEFIT_ITEM_CODES } from './happiness-list/record'
import { DEPARTMENT_CODES, DOCUMENT_CODES, ITEMS, LAYERS } from './items'
import zhCN from './locales/zh-CN.json'
import { NEED_ACTIONS, NEED_STATUSES } from './needs/state'
import { actorKey, benefitDepartmentKey, caseActionKey, caseStatusKey, checkSourceKey, departmentKey, departmentShortKey, documentKey, itemNameKey, layerKey, needActionKey, needStatusKey } from './vocabulary'

// The locale test (src/app/locales) holds every language to zh-CN key for key; this holds zh-CN
// to the codes: each code has its words, and no words are left for a code that is gone.

function messageAt(key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], zhCN)
}

const domain: Record<string, unknown> = zhCN.domain

describe.each([
  ['items', BENEFIT_ITEM_CODES, itemNameKey],
  ['documents', DOCUMENT_CODES, documentKey],
  ['layers', LAYERS, layerKey],
  ['departments', DEPARTMENT_CODES, departmentKey],
  ['departmentShort', DEPARTMENT_CODES, departmentShortKey],
  ['benefitDepartments', BENEFIT_DEPARTMENT_CODES, benefitDepartmentKey],
  ['caseStatus', CASE_STATUSES, caseStatusKey],
  ['caseAction', CASE_ACTIONS, caseActionKey],
  ['actor', ['resident', 'system'] as const, actorKey],
  ['checkSources', CHECK_SOURCES, checkSourceKey],
  ['needStatus', NEED_STATUSES, needStatusKey],
  ['needAction', NEED_ACTIONS, needActionKey],
] as [string, readonly string[], (code: never) => string][])('domain.%s', (group, codes, keyOf) => {
  it('should word every code', () => {
    expect(codes.filter(code => typeof messageAt(keyOf(code as never)) !== 'string')).toEqual([])
  })

  it('should word nothing but the codes', () => {
    expect(Object.keys(domain[group] as object).filter(code => !codes.includes(code))).toEqual([])
  })
})

describe('documents', () => {
  it('should each be asked for by some item', () => {
    const asked = new Set(Object.values(ITEMS).flatMap(item => item.documents))
    expect(DOCUMENT_CODES.filter(code => !asked.has(code))).toEqual([])
  })
})
