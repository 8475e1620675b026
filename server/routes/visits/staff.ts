import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { User } from '../../db/repos/users'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { maskName } from '../../../src/domain/mask'
import { areaContains } from '../../../src/domain/roles'
import { assignAreasBody, coverageQuery, coverageSchema, fieldWorkerSchema, fieldWorkersResponse, urgentFlagSchema, urgentFlagsResponse } from '../../../src/domain/visits/api'
import { areaNames, townsAndVillagesWithin } from '../../db/repos/areas'
import { writeAudit } from '../../db/repos/audit'
import { householdCountsPerVillage, villagesIn } from '../../db/repos/benefits'
import { assignmentsOf, fieldWorkers, findFlag, flagsOfArea, headNames, householdsOfArea, householdsThatLeft, lastVisits, resolveFlag, setAssignmentsWithin, visitedHouseholds } from '../../db/repos/visits'
import { AppError, notFound } from '../../errors'
import { chinaDate, chinaQuarter, MS_PER_DAY, oneYearBefore } from './time'

/** A household not visited for this many days is listed for the staff to send someone. */
export const NOT_VISITED_DAYS = 90

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

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round(part * 1000 / whole) / 10
}

/**
 * Town and county staff: coverage of care visits per village for a quarter, households due a
 * visit, urgent flags from visits, and where volunteers and social workers may log visits.
 * Everything is limited to the staff member's area; elsewhere is "not found".
 */
export function staffVisitRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  function flagView(f: NonNullable<Awaited<ReturnType<typeof findFlag>>>, heads: Map<string, string>) {
    return {
      id: f.id,
      visitedAt: f.visited_at,
      maskedHeadName: maskName(heads.get(f.household_id) ?? ''),
      villageName: f.village_name,
      householdId: f.household_id,
      visitorName: f.visitor_name,
      organisation: f.organisation,
      urgentNote: f.urgent_note,
      resolvedAt: f.flag_resolved_at,
    }
  }

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
      role: w.role as 'volunteer' | 'social_worker',
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
      const user = request.user!
      const area = staffArea(user)
      const { quarter } = request.query
      const range = chinaQuarter(quarter)!
      const now = new Date()
      const today = chinaDate(now)
      const [villages, counts, households, visited, last, left] = await Promise.all([
        villagesIn(k, area),
        householdCountsPerVillage(k, area),
        householdsOfArea(k, area),
        visitedHouseholds(k, area, range.from, range.to),
        lastVisits(k, area),
        householdsThatLeft(k, area, oneYearBefore(today)),
      ])
      const dueSince = new Date(now.getTime() - NOT_VISITED_DAYS * MS_PER_DAY).toISOString()
      const notVisited = households.filter(h => (last.get(h.id) ?? '') < dueSince)
      const leftDue = households.filter(h => left.has(h.id))
      const heads = await headNames(k, [...notVisited, ...leftDue].map(h => h.id))
      const visitedPerVillage = new Map<string, number>()
      for (const h of households) {
        if (visited.has(h.id))
          visitedPerVillage.set(h.area_code, (visitedPerVillage.get(h.area_code) ?? 0) + 1)
      }
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'visit_coverage_view', subjectType: 'area', subjectId: area, detail: `quarter=${quarter}` })
      return {
        quarter,
        villages: villages.map((v) => {
          const total = counts.get(v.code) ?? 0
          const seen = visitedPerVillage.get(v.code) ?? 0
          return { code: v.code, name: v.name, households: total, visited: seen, percent: percent(seen, total) }
        }),
        notVisited90Days: notVisited.map(h => ({ householdId: h.id, maskedHeadName: maskName(heads.get(h.id) ?? ''), villageName: h.village_name, lastVisitedAt: last.get(h.id) ?? null })),
        leftAssistanceDue: leftDue.map(h => ({ householdId: h.id, maskedHeadName: maskName(heads.get(h.id) ?? ''), villageName: h.village_name, leftOn: left.get(h.id)!, lastVisitedAt: last.get(h.id) ?? null })),
      }
    })

    app.get('/staff/visits/flags', {
      schema: {
        tags: ['visits'],
        summary: 'Urgent needs found on visits in the staff member\'s area: unresolved first, then newest (at most 200; audited)',
        response: { 200: urgentFlagsResponse, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = request.user!
      const area = staffArea(user)
      const flags = await flagsOfArea(k, area)
      const heads = await headNames(k, flags.map(f => f.household_id))
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'visit_flags_view', subjectType: 'area', subjectId: area, detail: `flags=${flags.length}` })
      return { flags: flags.map(f => flagView(f, heads)) }
    })

    app.post('/staff/visits/flags/:id/resolve', {
      schema: {
        tags: ['visits'],
        summary: 'Mark an urgent flag as dealt with (audited); resolving again keeps the first time',
        params: flagParams,
        response: { 200: urgentFlagSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request) => {
      const user = request.user!
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
      const area = staffArea(request.user!)
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
      const user = request.user!
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
