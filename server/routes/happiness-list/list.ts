import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Lang } from '../../../src/domain/lang'
import type { Db } from '../../db'
import type { ListedBenefit } from '../../db/repos/benefits'
import type { HappinessList } from '../../services/happiness-list/resident-list'
import type { RouteContext } from '../context'
import { completenessQuery, happinessListResponse, listQuery, quarterListSchema, quarterParams, villageCompletenessSchema, villageQuarterParams, villageQuarterResponse } from '../../../src/domain/happiness-list/api'
import { BENEFIT_DEPARTMENT_CODES } from '../../../src/domain/happiness-list/record'
import { inQuarter } from '../../../src/domain/happiness-list/totals'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { quarterRange } from '../../../src/domain/quarter'
import { areaContains } from '../../../src/domain/roles'
import { dateParts, shanghaiToday } from '../../../src/domain/time'
import { benefitDepartmentKey } from '../../../src/domain/vocabulary'
import { translate } from '../../catalog'
import { writeAudit } from '../../db/repos/audit'
import { findArea, householdIdsOfVillage, householdMembers, householdsWithArea, householdWithListStamp, recordsOfHouseholds } from '../../db/repos/benefits'
import { AppError, notFound } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { householdRequired, residentHousehold } from '../../services/applications/access'
import { completenessOf } from '../../services/happiness-list/completeness'
import { asListed, asRecord, namesByIndex, recordViews, totalsView } from '../../services/happiness-list/records'
import { computeResidentList, listEtag, matchesEtag, ResidentListCache, sentBody } from '../../services/happiness-list/resident-list'
import { codeUrlsOf } from '../../services/household-code/codes'

/** What a department delivered; the months an approval generated are no report of anybody. */
const fromDepartment = (r: ListedBenefit) => r.source !== 'approval'

/**
 * A payment may be made ahead of the month it is for (December's on 28 November): the records of
 * a quarter are settled against those of this many months before it as well.
 */
const PAID_AHEAD_MONTHS = 12

/** Departments with a record of their own dated in the quarter, in the fixed department order. */
function departmentsReported(records: ListedBenefit[], quarter: string, lang: Lang) {
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
      records: recordViews(rows, lang, names),
      totals: totalsView(rows.map(asRecord), lang),
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
  const residentLists = new ResidentListCache()

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
        description: 'Amounts in integer fen. Totals count paid records by their date paid. An approval\'s months are "granted" (已核定, not paid, never counted) until the paying department\'s feed or import reports on the month (same household, item and department, the month within the record\'s period); the department\'s record then replaces the granted month. Members are named, never identified by ID number. Completeness: departments that reported for the household in the 12 months up to the quarter\'s end, and whether they reported in the quarter. The answer carries a weak ETag; sent back in If-None-Match it is answered 304 (no body) while the list is unchanged.',
        querystring: listQuery,
        response: { 200: happinessListResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request, reply) => {
      const user = signedInUser(request)
      // The household (as residentHousehold finds it) and its stamp in one query (issue #18).
      // The stamp before the rows: a list computed after reading it is at least as new as the stamp.
      const household = user.household_id ? await householdWithListStamp(k, user.household_id) : undefined
      if (!household)
        throw householdRequired()
      const today = shanghaiToday()
      const { year = Number(today.slice(0, 4)), item, member } = request.query
      const key = { householdId: household.id, stamp: household.stamp, today, lang: request.lang, params: { year, item, member } }
      // Untyped: what goes out is a bare 304, or the list serialized by the route's own serializer when computed.
      const untyped = reply as FastifyReply
      const etag = listEtag(key)
      if (etag) {
        untyped.header('etag', etag)
        // A device that kept this very list may ask whether it changed: no records are read then.
        if (matchesEtag(request.headers['if-none-match'], etag))
          return untyped.code(304).send()
      }
      const list = await residentLists.get(key, () => computeResidentList(k, household.id, key.params, request.lang, today), (value: HappinessList) => reply.serialize(value) as string)
      return untyped.type('application/json; charset=utf-8').send(sentBody(list))
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
