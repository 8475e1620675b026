import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Bucket } from '../../../src/domain/happiness-list/totals'
import type { Lang } from '../../../src/domain/lang'
import type { Db } from '../../db'
import type { BenefitRow } from '../../db/repos/benefits'
import type { RouteContext } from '../context'
import { completenessQuery, happinessListResponse, listQuery, quarterListSchema, quarterParams, villageCompletenessSchema, villageQuarterParams, villageQuarterResponse } from '../../../src/domain/happiness-list/api'
import { supersedeGranted } from '../../../src/domain/happiness-list/granted'
import { BENEFIT_DEPARTMENT_CODES } from '../../../src/domain/happiness-list/record'
import { describeSummary, paymentSummaries } from '../../../src/domain/happiness-list/summary'
import { inQuarter, inYear, totalsOf } from '../../../src/domain/happiness-list/totals'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { quarterOf, quarterRange } from '../../../src/domain/quarter'
import { areaContains } from '../../../src/domain/roles'
import { dateParts, shanghaiToday } from '../../../src/domain/time'
import { benefitDepartmentKey, itemNameKey } from '../../../src/domain/vocabulary'
import { translate, word } from '../../catalog'
import { concernsMember } from '../../crypto/member-refs'
import { writeAudit } from '../../db/repos/audit'
import { findArea, householdIdsOfVillage, householdMembers, householdsWithArea, lastReportsOfHousehold, recordsForYear, recordsOfHouseholds } from '../../db/repos/benefits'
import { AppError, notFound } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { residentHousehold } from '../../services/applications/access'
import { completenessOf } from '../../services/happiness-list/completeness'
import { asRecord, namesByIndex, recordView } from '../../services/happiness-list/records'
import { codeUrlsOf } from '../../services/household-code/codes'

/**
 * The records of ONE household as the list shows them: approval months the paying department
 * has reported on are replaced by its records (supersedeGranted, src/domain/happiness-list/granted.ts).
 */
function asListed(rows: readonly BenefitRow[]): BenefitRow[] {
  return supersedeGranted(rows.map(row => ({ row, ...asRecord(row), source: row.source }))).map(x => x.row)
}

/** What a department delivered; the months an approval generated are no report of anybody. */
const fromDepartment = (r: BenefitRow) => r.source !== 'approval'

/**
 * A payment may be made ahead of the month it is for (December's on 28 November): the records of
 * a quarter are settled against those of this many months before it as well.
 */
const PAID_AHEAD_MONTHS = 12

function totalsView(records: BenefitRow[], lang: Lang) {
  const t = totalsOf(records.map(asRecord))
  const named = <K extends string>(buckets: Bucket<K>[], name: (k: K) => string) => buckets.map(b => ({ ...b, name: name(b.key) }))
  return {
    amountFen: t.amountFen,
    records: t.records,
    byQuarter: named(t.byQuarter, k => k),
    byItem: named(t.byItem, k => translate(lang, itemNameKey(k))),
    byDepartment: named(t.byDepartment, k => translate(lang, benefitDepartmentKey(k))),
  }
}

/** Departments with a record of their own dated in the quarter, in the fixed department order. */
function departmentsReported(records: BenefitRow[], quarter: string, lang: Lang) {
  const within = inQuarter(quarter)
  const reported = new Set(records.filter(r => fromDepartment(r) && within({ paidOn: r.paid_on })).map(r => r.department))
  return BENEFIT_DEPARTMENT_CODES.filter(d => reported.has(d)).map(d => ({ department: d, name: translate(lang, benefitDepartmentKey(d)) }))
}

/**
 * The printable quarterly list (一户一单) of each household: names, never ID numbers, and the
 * household code's URL for the QR in the corner (made where the household has none yet).
 */
async function quarterLists(db: Db, householdIds: string[], quarter: string, lang: Lang, origin: string) {
  const k = db.kysely
  const range = quarterRange(quarter)!
  const [year, month] = dateParts(range.from)
  const ahead = new Date(Date.UTC(year, month - 1 - PAID_AHEAD_MONTHS, 1)).toISOString().slice(0, 10)
  const [households, members, records, codeUrls] = await Promise.all([
    householdsWithArea(k, householdIds),
    householdMembers(k, householdIds),
    // Later payments too: a month of the quarter may be paid after it.
    recordsOfHouseholds(k, householdIds, { from: ahead, to: '9999-12-31' }),
    codeUrlsOf(db, householdIds, origin),
  ])
  return households.map((h) => {
    const own = members.filter(m => m.household_id === h.id)
    const names = namesByIndex(own)
    const rows = asListed(records.filter(r => r.household_id === h.id)).filter(r => r.paid_on >= range.from && r.paid_on <= range.to)
    return {
      quarter,
      household: { id: h.id, areaName: h.area_name, address: h.address, headName: (own.find(m => m.is_head === 1) ?? own[0])?.name ?? '' },
      members: own.map(m => ({ name: m.name, relation: m.relation })),
      records: rows.map(r => recordView(r, lang, names)),
      totals: totalsView(rows, lang),
      departmentsReported: departmentsReported(rows, quarter, lang),
      codeUrl: codeUrls.get(h.id)!,
    }
  })
}

/**
 * The happiness list: the household's own (resident), a quarter's list on paper, and for town
 * and county staff the completeness per village and a village's lists for printing. Reading
 * writes nothing: approvals' months are written when decided and as months begin (writeGrantedMonths). Volunteers
 * and social workers see no amounts at all (403).
 */
export function listRoutes({ db, config }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  function staffArea(user: { area_code: string | null }): string {
    if (!user.area_code)
      throw new AppError(403, 'forbidden')
    return user.area_code
  }

  return async (app) => {
    app.get('/happiness-list', {
      schema: {
        tags: ['happiness-list'],
        summary: 'The household\'s happiness list for a year: records, totals (year, quarter, item, department), completeness of the current quarter',
        description: 'Amounts in integer fen. Totals count paid records by their date paid. An approval\'s months are "granted" (已核定, not paid, never counted) until the paying department\'s feed or import reports on the month (same household, item and department, the month within the record\'s period); the department\'s record then replaces the granted month. Members are named, never identified by ID number. Completeness: departments that reported for the household in the 12 months up to the quarter\'s end, and whether they reported in the quarter.',
        querystring: listQuery,
        response: { 200: happinessListResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const household = await residentHousehold(db, signedInUser(request))
      const today = shanghaiToday()
      const { year = Number(today.slice(0, 4)), item, member } = request.query
      const quarter = String(year) === today.slice(0, 4) ? quarterOf(today) : `${year}-Q4`
      const { from: quarterFrom, to: end } = quarterRange(quarter)!
      const yearBefore = `${Number(end.slice(0, 4)) - 1}${end.slice(4)}`
      // Only what this year's list needs is read (issue #18); completeness is counted in SQL.
      const [members, stored, lastReports] = await Promise.all([
        householdMembers(k, [household.id]),
        recordsForYear(k, household.id, year),
        lastReportsOfHousehold(k, household.id, yearBefore, end),
      ])
      const memberRow = member === undefined ? undefined : members.find(m => m.id === member)
      if (member !== undefined && !memberRow)
        throw new AppError(400, 'validation_failed', {}, 'member')
      const concerns = memberRow && concernsMember(memberRow.id_number)
      const names = namesByIndex(members)
      const records = asListed(stored).filter(r => inYear(year)({ paidOn: r.paid_on })
        && (item === undefined || r.item === item)
        && (concerns === undefined || concerns(r.member_ids)))
      return {
        year,
        summaries: paymentSummaries(records.map(asRecord)).map(m => ({ ...m, itemName: translate(request.lang, itemNameKey(m.item)), text: word(request.lang, describeSummary(m, request.lang, today.slice(0, 7))) })),
        members: members.map(m => ({ id: m.id, name: m.name, relation: m.relation })),
        records: records.map(r => recordView(r, request.lang, names)),
        totals: totalsView(records, request.lang),
        completeness: {
          quarter,
          // Expected: the departments that reported in the 12 months up to the quarter's end.
          departments: BENEFIT_DEPARTMENT_CODES.filter(d => lastReports.has(d)).map(d => ({ department: d, name: translate(request.lang, benefitDepartmentKey(d)), reported: lastReports.get(d)! >= quarterFrom })),
        },
        updatedAt: new Date().toISOString(),
      }
    })

    app.get('/happiness-list/quarters/:quarter', {
      schema: {
        tags: ['happiness-list'],
        summary: 'The household\'s printable quarterly list (一户一单), e.g. /happiness-list/quarters/2026-Q4',
        params: quarterParams,
        response: { 200: quarterListSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const household = await residentHousehold(db, signedInUser(request))
      const [list] = await quarterLists(db, [household.id], request.params.quarter, request.lang, config.publicUrl)
      return list
    })

    app.get('/staff/happiness-list/completeness', {
      schema: {
        tags: ['happiness-list'],
        summary: 'Completeness of a quarter per village of the staff member\'s area: households, and households with records from each department',
        querystring: completenessQuery,
        response: { 200: villageCompletenessSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const area = staffArea(signedInUser(request))
      return completenessOf(k, area, request.query.quarter, request.lang)
    })

    app.get('/staff/happiness-list/village/:areaCode/quarter/:quarter', {
      schema: {
        tags: ['happiness-list'],
        summary: 'The quarterly lists of every household of a village in the staff member\'s area, for printing in one go (audited)',
        params: villageQuarterParams,
        response: { 200: villageQuarterResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const { areaCode, quarter } = request.params
      const village = await findArea(k, areaCode)
      // Outside the area is "not found", like cases: nobody learns what exists elsewhere.
      if (!village || village.level !== 'village' || !areaContains(staffArea(user), areaCode))
        throw notFound()
      const ids = (await householdIdsOfVillage(k, areaCode)).map(h => h.id)
      const lists = await quarterLists(db, ids, quarter, request.lang, config.publicUrl)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'happiness_list_print', subjectType: 'area', subjectId: areaCode, detail: `quarter=${quarter}; households=${lists.length}` })
      return { quarter, village: { code: village.code, name: village.name }, lists }
    })
  }
}
