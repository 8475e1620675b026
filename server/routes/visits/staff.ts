import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { User } from '../../db/repos/users'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { areaContains } from '../../../src/domain/roles'
import { assignAreasBody, COVERAGE_PAGE_SIZE, coverageListQuery, coverageQuery, coverageSchema, fieldWorkerSchema, fieldWorkersResponse, leftAssistancePageSchema, notVisitedPageSchema, urgentFlagSchema, urgentFlagsResponse } from '../../../src/domain/visits/api'
import { areaNames, townsAndVillagesWithin } from '../../db/repos/areas'
import { writeAudit } from '../../db/repos/audit'
import { assignmentsOf, fieldWorkers, findFlag, headNames, resolveFlag, setAssignmentsWithin } from '../../db/repos/visits'
import { AppError, notFound } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { coverageOf, flagView, leftAssistancePage, notVisitedPage, urgentFlagsOf } from '../../services/visits/coverage'

const flagParams = z.object({ id: z.string().min(1).max(100) })
const workerParams = z.object({ id: z.string().min(1).max(100) })

function staffArea(user: User): string {
  if (!user.area_code)
    throw new AppError(403, 'forbidden')
  return user.area_code
}

/** Either area lies within the other: a county-wide worker touches every town of the county. */
function touches(a: string, b: string): boolean {
  return areaContains(a, b) || areaContains(b, a)
}

/**
 * Town and county staff: coverage of care visits per village for a quarter, households due a
 * visit, urgent flags from visits, and where volunteers and social workers may log visits.
 * Everything is limited to the staff member's area; elsewhere is "not found".
 */
export function staffVisitRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  /** The field workers the staff member may manage: home area or an assignment touching the area. */
  async function workersOf(area: string) {
    const workers = await fieldWorkers(k)
    const assigned = await assignmentsOf(k, workers.map(w => w.id))
    const mine = workers.filter(w => (w.area_code !== null && touches(area, w.area_code)) || (assigned.get(w.id) ?? []).some(a => touches(area, a)))
    const names = await areaNames(k, [...mine.flatMap(w => w.area_code ?? []), ...mine.flatMap(w => assigned.get(w.id) ?? [])])
    const named = (code: string) => ({ code, name: names.get(code) ?? code })
    return mine.map(w => ({
      id: w.id,
      displayName: w.display_name,
      role: w.role,
      organisation: w.organisation ?? '',
      homeArea: w.area_code ? named(w.area_code) : null,
      assignedAreas: (assigned.get(w.id) ?? []).map(named),
    }))
  }

  return async (app) => {
    app.get('/staff/visits/coverage', {
      schema: {
        tags: ['visits'],
        summary: 'Care-visit coverage of a quarter per village of the staff member\'s area, households not visited in 90 days, households that left assistance in the last year (audited)',
        description: 'Quarter and days in China time. "Left assistance": the latest basic-living record (dibao, dibao_edge, expense_hardship, tekun) is a stopped one dated within the last year, with no later payment or approval of a basic-living item; such households stay due care visits for one more year.',
        querystring: coverageQuery,
        response: { 200: coverageSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const area = staffArea(user)
      const { quarter } = request.query
      const coverage = await coverageOf(k, area, quarter)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'visit_coverage_view', subjectType: 'area', subjectId: area, detail: `quarter=${quarter}` })
      return coverage
    })

    // The next pages of the coverage page's two lists ("显示更多"): the same households, masked
    // alike, and audited like the page (the list and the cursor in the detail).
    app.get('/staff/visits/coverage/not-visited', {
      schema: {
        tags: ['visits'],
        summary: `Households of the staff member's area not visited in 90 days, ${COVERAGE_PAGE_SIZE} at a time in register order, with the total (audited)`,
        description: 'The first page comes with GET /staff/visits/coverage; `after` is the `next` of the page before. A cursor that is no household of the area is 400.',
        querystring: coverageListQuery,
        response: { 200: notVisitedPageSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const area = staffArea(user)
      const { after } = request.query
      const page = await notVisitedPage(k, area, after)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'visit_coverage_view', subjectType: 'area', subjectId: area, detail: `list=notVisited90Days; after=${after ?? ''}; households=${page.households.length}` })
      return page
    })

    app.get('/staff/visits/coverage/left-assistance', {
      schema: {
        tags: ['visits'],
        summary: `Households of the staff member's area that left assistance in the last year, ${COVERAGE_PAGE_SIZE} at a time in register order, with the total (audited)`,
        description: 'The first page comes with GET /staff/visits/coverage; `after` is the `next` of the page before. A cursor that is no household of the area is 400.',
        querystring: coverageListQuery,
        response: { 200: leftAssistancePageSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const area = staffArea(user)
      const { after } = request.query
      const page = await leftAssistancePage(k, area, after)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'visit_coverage_view', subjectType: 'area', subjectId: area, detail: `list=leftAssistanceDue; after=${after ?? ''}; households=${page.households.length}` })
      return page
    })

    app.get('/staff/visits/flags', {
      schema: {
        tags: ['visits'],
        summary: 'Urgent needs found on visits in the staff member\'s area: unresolved first, then newest (at most 200; audited)',
        response: { 200: urgentFlagsResponse, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const area = staffArea(user)
      const flags = await urgentFlagsOf(k, area)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'visit_flags_view', subjectType: 'area', subjectId: area, detail: `flags=${flags.length}` })
      return { flags }
    })

    app.post('/staff/visits/flags/:id/resolve', {
      schema: {
        tags: ['visits'],
        summary: 'Mark an urgent flag as dealt with (audited); resolving again keeps the first time',
        params: flagParams,
        response: { 200: urgentFlagSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const area = staffArea(user)
      const flag = await findFlag(k, request.params.id)
      if (!flag || !areaContains(area, flag.area_code))
        throw notFound()
      await resolveFlag(k, flag.id, user.id, new Date().toISOString())
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'visit_flag_resolve', subjectType: 'household', subjectId: flag.household_id, detail: `visit=${flag.id}` })
      const resolved = (await findFlag(k, flag.id))!
      return flagView(resolved, await headNames(k, [resolved.household_id]))
    })

    app.get('/staff/field-workers', {
      schema: {
        tags: ['visits'],
        summary: 'Volunteers and social workers whose home area or assigned areas touch the staff member\'s area, and where they may log visits',
        response: { 200: fieldWorkersResponse, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const area = staffArea(signedInUser(request))
      return { workers: await workersOf(area), areas: await townsAndVillagesWithin(k, area) }
    })

    app.put('/staff/field-workers/:id/areas', {
      schema: {
        tags: ['visits'],
        summary: 'Set the areas (villages or towns) within the staff member\'s area where a volunteer or social worker may log visits (audited)',
        description: 'Replaces the worker\'s assignments within the staff member\'s area; assignments elsewhere stay. Every code must be an area within the staff member\'s area (400 otherwise); a worker not touching the area is 404.',
        params: workerParams,
        body: assignAreasBody,
        response: { 200: fieldWorkerSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const area = staffArea(user)
      const worker = (await workersOf(area)).find(w => w.id === request.params.id)
      if (!worker)
        throw notFound()
      const codes = [...new Set(request.body.areaCodes)]
      const known = await areaNames(k, codes)
      if (codes.some(c => !known.has(c) || !areaContains(area, c)))
        throw new AppError(400, 'validation_failed', {}, 'areaCodes', 'area_outside_staff_area')
      await setAssignmentsWithin(k, worker.id, area, codes, user.id, new Date().toISOString())
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'field_worker_areas_set', subjectType: 'user', subjectId: worker.id, detail: `within=${area}; areas=${codes.join(',')}` })
      // Without assignments left in the area a worker from elsewhere no longer touches it.
      return (await workersOf(area)).find(w => w.id === worker.id) ?? { ...worker, assignedAreas: worker.assignedAreas.filter(a => !areaContains(area, a.code)) }
    })
  }
}
