import type { Kysely } from 'kysely'
import type { Lang } from '../../../src/domain/lang'
import type { Database } from '../../db/schema'
import { BENEFIT_DEPARTMENT_CODES } from '../../../src/domain/happiness-list/record'
import { quarterRange } from '../../../src/domain/quarter'
import { benefitDepartmentKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'
import { householdCountsPerVillage, villagesIn } from '../../db/repos/benefits'
import { KeptCounts } from '../staff/kept-counts'

const reportedKey = (villageCode: string, department: string) => `${villageCode} ${department}`

/**
 * Per village and department of the area, how many distinct households have a record the
 * department delivered (feed or import) dated in the range; the months an approval generated are
 * nobody's report. Counted by the database (issue #18: at 100 000 households the rows it counts
 * were some 10 000, read and then filtered once per village and department).
 */
export async function reportedCountsInArea(db: Kysely<Database>, areaCode: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('benefit_records')
    .innerJoin('households', 'households.id', 'benefit_records.household_id')
    .select(['households.area_code', 'benefit_records.department', eb => eb.fn.count<number | string>('benefit_records.household_id').distinct().as('n')])
    .where('households.area_code', 'like', `${areaCode}%`)
    .where('benefit_records.source', '!=', 'approval')
    .where('benefit_records.paid_on', '>=', from)
    .where('benefit_records.paid_on', '<=', to)
    .groupBy(['households.area_code', 'benefit_records.department'])
    .execute()
  // PostgreSQL's count is a bigint, which pg hands over as a string.
  return new Map(rows.map(r => [reportedKey(r.area_code, r.department), Number(r.n)]))
}

interface CompletenessCounts {
  /** Households per area code. */
  households: Map<string, number>
  /** Households with a department's own record in the quarter, per area code and department. */
  reported: Map<string, number>
}

/**
 * The counts of the area's quarter, kept under the area's 'benefits' stamps (migration 026:
 * households and benefit records): a county's 100 000 households are counted when one of them,
 * or one of their records, changed, not on every view (issue #18).
 */
const keptCounts = new KeptCounts<CompletenessCounts>('benefits')

/** The counts of completenessOf, as the database holds them now, without anything kept (and for tests). */
export async function countCompleteness(k: Kysely<Database>, area: string, quarter: string): Promise<CompletenessCounts> {
  const range = quarterRange(quarter)!
  const [households, reported] = await Promise.all([householdCountsPerVillage(k, area), reportedCountsInArea(k, area, range.from, range.to)])
  return { households, reported }
}

/**
 * Completeness of a quarter per village of the area, as GET /staff/happiness-list/completeness
 * answers it and as the page's .xlsx export writes it (issue #16): both call this, so the two
 * cannot drift. The households, and per department those with a record of the department's own
 * in the quarter; counts only, no person. Reading writes nothing (issue #18); the counts are
 * kept while nothing they are made of changed (keptCounts), the villages read each time.
 */
export async function completenessOf(k: Kysely<Database>, area: string, quarter: string, lang: Lang) {
  const [villages, { households, reported }] = await Promise.all([villagesIn(k, area), keptCounts.get(k, area, quarter, () => countCompleteness(k, area, quarter))])
  const departments = BENEFIT_DEPARTMENT_CODES.map(d => ({ department: d, name: translate(lang, benefitDepartmentKey(d)) }))
  return {
    quarter,
    villages: villages.map(v => ({
      code: v.code,
      name: v.name,
      households: households.get(v.code) ?? 0,
      byDepartment: departments.map(d => ({ ...d, households: reported.get(reportedKey(v.code, d.department)) ?? 0 })),
    })),
  }
}

/** How many areas and quarters have their counts kept for the database (tests). */
export function keptCompletenessAreas(k: Kysely<Database>): number {
  return keptCounts.size(k)
}

export type Completeness = Awaited<ReturnType<typeof completenessOf>>
