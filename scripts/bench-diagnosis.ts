/**
 * `npm run bench:diagnosis`: throughput of the self-diagnosis engine (households per second)
 * on generated answer sets, each checked against the answers schema first. The figure goes
 * into issue #3: kiosks and hotline channels call the same engine over the API.
 */
import type { DiagnosisAnswers, DiagnosisMember } from '../src/domain/diagnosis'
import type { ResolvedRegion } from '../src/domain/regions'
import { performance } from 'node:perf_hooks'
import { diagnose, diagnosisAnswersSchema, HOUSING_SITUATIONS, RELATIONS, STUDENT_LEVELS } from '../src/domain/diagnosis'
import { resolveRegion } from '../src/domain/regions'

const HOUSEHOLDS = 5_000
const ROUNDS = 7
const WARMUP_ROUNDS = 2
const SEED = 20_240_601
const MAX_MEMBERS = 6
const MAX_AGE = 95
const MAX_INCOME = 6_000
const MAX_DEPOSITS = 60_000
const MAX_EXPENSE = 2_000
const REGIONS = ['330106', '330100', '330000', '440106', '990000']

// mulberry32: a small seeded PRNG, so that every run measures the same households.
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6D2B79F5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const random = prng(SEED)
const int = (max: number) => Math.floor(random() * (max + 1))
const pick = <T>(values: readonly T[]): T => values[int(values.length - 1)]
const chance = (p: number) => random() < p

function member(index: number): DiagnosisMember {
  const age = int(MAX_AGE)
  const m: DiagnosisMember = {
    relation: index === 0 ? 'self' : pick(RELATIONS.slice(1)),
    age,
    monthlyIncome: chance(0.3) ? 0 : int(MAX_INCOME),
    canWork: age >= 16 && age < 60 && chance(0.8),
    disabilityGrade: chance(0.85) ? 0 : pick([1, 2, 3, 4] as const),
    seriousIllness: chance(0.15),
    student: age >= 3 && age <= 24 ? pick(STUDENT_LEVELS) : 'none',
    unemployed: chance(0.2),
    hasCapableSupporter: chance(0.6),
  }
  if (chance(0.2))
    m.jobStartedMonthsAgo = int(48)
  return m
}

function household(): DiagnosisAnswers {
  return {
    region: pick(REGIONS),
    receiving: chance(0.2) ? [pick(['dibao', 'dibao_edge', 'tekun'] as const)] : [],
    members: Array.from({ length: 1 + int(MAX_MEMBERS - 1) }, (_, i) => member(i)),
    assets: { depositsPerCapita: int(MAX_DEPOSITS), vehicles: chance(0.85) ? 0 : 1, extraHousing: chance(0.1) },
    monthlyRigidExpenses: { medical: chance(0.6) ? 0 : int(MAX_EXPENSE), education: chance(0.7) ? 0 : int(MAX_EXPENSE) },
    events: { suddenHardship: chance(0.1), disaster: chance(0.05) },
    housing: pick(HOUSING_SITUATIONS),
  }
}

const households = Array.from({ length: HOUSEHOLDS }, household)
for (const h of households) {
  const checked = diagnosisAnswersSchema.safeParse(h)
  if (!checked.success)
    throw new Error(`generated answers are invalid: ${checked.error.message}`)
}

/** One pass as the API does it: validate, resolve the region, diagnose. */
function pass(withValidation: boolean): number {
  let likely = 0
  for (const h of households) {
    if (withValidation)
      diagnosisAnswersSchema.parse(h)
    const region = resolveRegion(h.region) as ResolvedRegion
    likely += diagnose(h, region).filter(r => r.verdict === 'likely').length
  }
  return likely
}

function measure(withValidation: boolean): { perSecond: number, likely: number } {
  for (let i = 0; i < WARMUP_ROUNDS; i++)
    pass(withValidation)
  const rates: number[] = []
  let likely = 0
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now()
    likely = pass(withValidation)
    rates.push(HOUSEHOLDS / ((performance.now() - start) / 1000))
  }
  rates.sort((a, b) => a - b)
  return { perSecond: rates[Math.floor(ROUNDS / 2)], likely }
}

const engine = measure(false)
const withSchema = measure(true)
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
console.log(`self-diagnosis engine, ${HOUSEHOLDS} generated households (1–${MAX_MEMBERS} members, ${REGIONS.length} regions), median of ${ROUNDS} rounds`)
console.log(`  engine (resolve region + diagnose):  ${fmt(engine.perSecond)} households/s`)
console.log(`  with answers-schema validation:     ${fmt(withSchema.perSecond)} households/s`)
console.log(`  likely verdicts per household:     ${(engine.likely / HOUSEHOLDS).toFixed(2)}`)
