import type { Kysely } from 'kysely'
import type { Lang } from '../../../src/domain/lang'
import type { Database } from '../../db/schema'
import { BENEFIT_DEPARTMENT_CODES } from '../../../src/domain/happiness-list/record'
import { quarterRange } from '../../../src/domain/quarter'
import { benefitDepartmentKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'
import { householdCountsPerVillage, reportedInArea, villagesIn } from '../../db/repos/benefits'

/**
 * Completeness of a quarter per village of the area, as GET /staff/happiness-list/completeness
 * answers it and as the page's .xlsx export writes it (issue #16): both call this, so the two
 * cannot drift. The households, and per department those with a record of the department's own
 * in the quarter; counts only, no person. Reading writes nothing (issue #18).
 */
export async function completenessOf(k: Kysely<Database>, area: string, quarter: string, lang: Lang) {
  const range = quarterRange(quarter)!
  const [villages, households, reported] = await Promise.all([villagesIn(k, area), householdCountsPerVillage(k, area), reportedInArea(k, area, range.from, range.to)])
  return {
    quarter,
    villages: villages.map(v => ({
      code: v.code,
      name: v.name,
      households: households.get(v.code) ?? 0,
      byDepartment: BENEFIT_DEPARTMENT_CODES.map(d => ({
        department: d,
        name: translate(lang, benefitDepartmentKey(d)),
        households: reported.filter(r => r.area_code === v.code && r.department === d).length,
      })),
    })),
  }
}

export type Completeness = Awaited<ReturnType<typeof completenessOf>>
