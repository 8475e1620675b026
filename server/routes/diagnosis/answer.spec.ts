import type { DiagnosisAnswers, DiagnosisMember, DiagnosisResult } from '../../../src/domain/diagnosis'
import type { Lang } from '../../../src/domain/lang'
import type { ResolvedRegion } from '../../../src/domain/regions'
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../mock/seeded-random'
import { diagnose, diagnosisAnswersSchema, DISABILITY_GRADES, HOUSING_SITUATIONS, RECEIVABLE_ITEMS, RELATIONS, SEXES, STUDENT_LEVELS } from '../../../src/domain/diagnosis'
import { ITEMS } from '../../../src/domain/items'
import { LANGS } from '../../../src/domain/lang'
import { listRegions, resolveRegion } from '../../../src/domain/regions'
import { departmentKey, documentKey, itemNameKey } from '../../../src/domain/vocabulary'
import { translate, word } from '../../catalog'
import { serializerOf } from '../../serializer'
import { diagnosisAnswerJson } from './answer'
import { diagnosisResponse } from './schemas'

// answer.ts writes the diagnosis answer from parts written once; what goes out must be what the
// route sent when it returned the worded object and the response schema's serializer wrote it.

/** The answer as the route built it before answer.ts: the engine's results, worded. */
function wordedAnswer(lang: Lang, region: ResolvedRegion, results: DiagnosisResult[]) {
  const { sources: _citedElsewhere, ...applied } = region
  return {
    region: applied,
    results: results.map(result => ({
      ...result,
      name: translate(lang, itemNameKey(result.item)),
      reasons: result.reasons.map(reason => word(lang, reason)),
      flip: result.flip && word(lang, result.flip),
      documents: ITEMS[result.item].documents.map(document => translate(lang, documentKey(document))),
      department: { code: ITEMS[result.item].department, name: translate(lang, departmentKey(ITEMS[result.item].department)) },
    })),
  }
}

const random = seededRandom(18)
const int = (max: number) => Math.floor(random() * (max + 1))
const pick = <T>(values: readonly T[]): T => values[int(values.length - 1)]!
const chance = (p: number) => random() < p

// Every configured region, and codes below them that fall back to one.
const REGION_CODES = [...listRegions().map(r => r.code), '330106', '440106', '990101']

function member(index: number): DiagnosisMember {
  const age = int(100)
  const m: DiagnosisMember = {
    relation: index === 0 ? 'self' : pick(RELATIONS.slice(1)),
    age,
    monthlyIncome: chance(0.3) ? 0 : int(8000),
    canWork: age >= 16 && age < 60 && chance(0.7),
    disabilityGrade: chance(0.7) ? 0 : pick(DISABILITY_GRADES),
    seriousIllness: chance(0.2),
    student: age >= 3 && age <= 24 ? pick(STUDENT_LEVELS) : 'none',
    unemployed: chance(0.2),
    hasCapableSupporter: chance(0.5),
  }
  if (chance(0.6))
    m.sex = pick(SEXES)
  if (chance(0.2))
    m.jobStartedMonthsAgo = int(60)
  return m
}

function household(): DiagnosisAnswers {
  return {
    region: pick(REGION_CODES),
    receiving: RECEIVABLE_ITEMS.filter(() => chance(0.1)),
    members: Array.from({ length: 1 + int(7) }, (_, i) => member(i)),
    assets: { depositsPerCapita: chance(0.3) ? 0 : int(80_000), vehicles: chance(0.8) ? 0 : 1, extraHousing: chance(0.1) },
    monthlyRigidExpenses: { medical: chance(0.5) ? 0 : int(3000), education: chance(0.6) ? 0 : int(3000) },
    events: { suddenHardship: chance(0.15), disaster: chance(0.1) },
    housing: pick(HOUSING_SITUATIONS),
  }
}

const HOUSEHOLDS = 300
const households = Array.from({ length: HOUSEHOLDS }, household).map(h => diagnosisAnswersSchema.parse(h))
const writeResponse = serializerOf(diagnosisResponse)

describe('the diagnosis answer written from parts (answer.ts)', () => {
  it.each(LANGS)(`should be byte for byte what the response schema writes, for ${HOUSEHOLDS} generated households in %s`, (lang) => {
    for (const answers of households) {
      const region = resolveRegion(answers.region)!
      const results = diagnose(answers, region)
      const expected = wordedAnswer(lang, region, results)
      const text = diagnosisAnswerJson(lang, region, results)
      expect(text).toBe(writeResponse(expected))
      // The same answer as the object before (JSON.stringify orders the keys as they were built).
      expect(JSON.parse(text)).toStrictEqual(JSON.parse(JSON.stringify(expected)))
    }
  })

  it('should have met every verdict, members, flips and every region among the generated households', () => {
    const all = households.flatMap(answers => diagnose(answers, resolveRegion(answers.region)!))
    expect(new Set(all.map(r => r.verdict))).toEqual(new Set(['likely', 'possible', 'unlikely']))
    expect(all.some(r => r.members !== undefined)).toBe(true)
    expect(all.some(r => r.flip !== undefined)).toBe(true)
    expect(new Set(households.map(h => h.region))).toEqual(new Set(REGION_CODES))
  })

  it('should write a region object that is not frozen as it is at each call', () => {
    const region = resolveRegion('330106')!
    const results = diagnose(households[0]!, region)
    expect(JSON.parse(diagnosisAnswerJson('zh-CN', region, results)).region.name).toBe('杭州市')
    const changing = { ...region }
    expect(JSON.parse(diagnosisAnswerJson('zh-CN', changing, results)).region.name).toBe('杭州市')
    changing.name = '杭州市（新）'
    expect(JSON.parse(diagnosisAnswerJson('zh-CN', changing, results)).region.name).toBe('杭州市（新）')
  })
})
