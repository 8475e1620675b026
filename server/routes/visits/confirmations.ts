import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { User } from '../../db/repos/users'
import type { RouteContext } from '../context'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { maskName } from '../../../src/domain/mask'
import { areaContains } from '../../../src/domain/roles'
import { pendingVisitsResponse, visitDecisionParams, visitDecisionSchema } from '../../../src/domain/visits/confirmation'
import { writeAudit } from '../../db/repos/audit'
import { findConfirmation, headNames, pendingVisitsOfArea } from '../../db/repos/visits'
import { AppError, notFound } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { decideHeldVisit } from '../../services/visits/referral'

/** More than a town clerk works through at once; the oldest come first. */
const PENDING_LIMIT = 200

function staffArea(user: User): string {
  if (!user.area_code)
    throw new AppError(403, 'forbidden')
  return user.area_code
}

/**
 * Issue #16: visits logged with a code version regenerated before the visit wait here for town
 * 民政 staff of the household's area. Confirmed, a visit counts like any other (coverage,
 * histories, urgent flags); rejected, it counts nowhere and its visitor is told. Each decision
 * is taken once and audited; so is every look at the list.
 */
export function visitConfirmationRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  return async (app) => {
    app.get('/staff/visits/confirmations', {
      schema: {
        tags: ['visits'],
        summary: 'Visits waiting for confirmation in the staff member\'s area: logged with a happiness code regenerated before the visit (audited)',
        response: { 200: pendingVisitsResponse, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const area = staffArea(user)
      const rows = await pendingVisitsOfArea(k, area, PENDING_LIMIT)
      const heads = await headNames(k, rows.map(r => r.household_id))
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'visit_confirmations_view', subjectType: 'area', subjectId: area, detail: `visits=${rows.length}` })
      return {
        visits: rows.map(r => ({
          id: r.id,
          visitedAt: r.visited_at,
          receivedAt: r.received_at,
          type: r.type,
          householdId: r.household_id,
          maskedHeadName: maskName(heads.get(r.household_id) ?? ''),
          villageName: r.village_name,
          visitorName: r.visitor_name,
          visitorRole: r.visitor_role,
          organisation: r.organisation,
          urgent: Number(r.urgent) === 1,
          urgentNote: r.urgent_note,
          codeVersion: Number(r.code_version),
          codeRevokedAt: r.code_revoked_at,
          currentVersion: Number(r.current_version),
          withReferral: r.with_referral,
        })),
      }
    })

    for (const [action, decision] of [['confirm', 'confirmed'], ['reject', 'rejected']] as const) {
      app.post(`/staff/visits/confirmations/:id/${action}`, {
        schema: {
          tags: ['visits'],
          summary: decision === 'confirmed'
            ? 'Confirm a waiting visit: it then counts like any other, and a referral sent with it raises its warning now (audited)'
            : 'Reject a waiting visit: it counts nowhere, a referral sent with it is dropped, and its visitor sees it refused (audited)',
          description: 'Once per visit: 409 when it was decided already (by another clerk too). 404 outside the staff member\'s area.',
          params: visitDecisionParams,
          response: { 200: visitDecisionSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
        },
      }, async (request) => {
        const user = signedInUser(request)
        const area = staffArea(user)
        const visit = await findConfirmation(k, request.params.id)
        if (!visit || !areaContains(area, visit.area_code))
          throw notFound()
        const at = new Date().toISOString()
        if (!await decideHeldVisit(k, visit.id, decision, user.id, at))
          throw new AppError(409, 'conflict')
        await writeAudit(k, { actorId: user.id, actorRole: user.role, action: decision === 'confirmed' ? 'visit_confirm' : 'visit_reject', subjectType: 'household', subjectId: visit.household_id, detail: `visit=${visit.id}; version=${visit.code_version}` })
        return { id: visit.id, status: decision === 'confirmed' ? 'accepted' as const : 'rejected' as const, decidedAt: at }
      })
    }
  }
}
