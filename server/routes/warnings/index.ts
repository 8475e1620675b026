import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Relation } from '../../../src/domain/diagnosis/options'
import type { FigureBasis } from '../../../src/domain/warnings/rules'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { maskName } from '../../../src/domain/mask'
import { shanghaiToday } from '../../../src/domain/time'
import { warningDetailResponse, warningQueueQuery, warningQueueResponse } from '../../../src/domain/warnings/api'
import { funnelQuery, funnelResponse, MAX_FUNNEL_MONTHS, verifyWarningBody, verifyWarningResponse } from '../../../src/domain/warnings/verification'
import { word } from '../../catalog'
import { writeAudit } from '../../db/repos/audit'
import { signalDayOf } from '../../db/repos/signals'
import { decisionsOf, figuresOf, findWarningInArea, invitationOfWarning, signalsOfWarnings, suggestionsOf, textsOf, warningsInArea } from '../../db/repos/warnings'
import { AppError, notFound } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { staffScope } from '../../services/applications/access'
import { warningFunnel } from '../../services/warnings/funnel'
import { decideWarning } from '../../services/warnings/verify'
import { decisionView, mayReadSignal, mayViewWarning, signalViews, staffInvitationView, warningSummary } from '../../services/warnings/views'

const idParams = z.object({ id: z.string().max(64) })

/** Months from one "YYYY-MM" to another: 0 for the same month. */
function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number]
  const [ty, tm] = to.split('-').map(Number) as [number, number]
  return (ty - fy) * 12 + (tm - fm)
}

/**
 * The warning queue of 政策找人 (issue #19): the warnings of the staff member's town (or county),
 * due first, and a warning's page with the signals behind it. Like the case queue and case page:
 * the list names no one in full, and every view of a warning's page is audited. Warnings outside
 * the area, or not for the department, are 404. 民政 of the town verifies a warning once (a
 * department it refers the warning to decides once more), and the funnel counts what came of them.
 */
export function warningRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  /** Heads of the households (masked) and the members' relations, for the views. */
  async function householdsOf(householdIds: readonly string[]) {
    if (householdIds.length === 0)
      return { heads: new Map<string, string>(), relations: new Map<string, Relation>() }
    const members = await k.selectFrom('household_members').select(['id', 'household_id', 'name', 'relation', 'is_head']).where('household_id', 'in', [...new Set(householdIds)]).execute()
    return {
      heads: new Map(members.filter(m => Number(m.is_head) === 1).map(m => [m.household_id, maskName(m.name)])),
      relations: new Map(members.map(m => [m.id, m.relation])),
    }
  }

  return async (app) => {
    app.get('/staff/warnings', {
      schema: {
        tags: ['warnings'],
        summary: 'The warning queue: warnings of households in the staff member\'s town (or county), due first; other departments see those that suggest their items',
        querystring: warningQueueQuery,
        response: { 200: warningQueueResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const scope = staffScope(user)
      const rows = (await warningsInArea(k, scope.areaCode, request.query)).filter(r => mayViewWarning(scope.department, suggestionsOf(r), r.referred_to))
      const [{ heads }, signals] = await Promise.all([householdsOf(rows.map(r => r.household_id)), signalsOfWarnings(k, rows.map(r => r.id))])
      const today = shanghaiToday()
      // The list is audited as a whole (who looked at which area's queue); it holds no signal's content.
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'warning_queue_view', subjectType: 'area', subjectId: scope.areaCode, detail: `department=${scope.department}; count=${rows.length}` })
      return {
        warnings: rows.map(r => warningSummary(r, request.lang, { headMasked: heads.get(r.household_id) ?? '', signalCount: signals.filter(s => s.warning_id === r.id).length, today })),
      }
    })

    app.get('/staff/warnings/:id', {
      schema: {
        tags: ['warnings'],
        summary: 'A warning: its rule, figures, text and suggestions, and the signals behind it (audited); sensitive signals only for 民政 and the department that sent them',
        params: idParams,
        response: { 200: warningDetailResponse, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const scope = staffScope(user)
      const row = await findWarningInArea(k, request.params.id, scope.areaCode)
      if (!row || !mayViewWarning(scope.department, suggestionsOf(row), row.referred_to))
        throw notFound()
      const [{ heads, relations }, signals, decisions, invitation] = await Promise.all([householdsOf([row.household_id]), signalsOfWarnings(k, [row.id]), decisionsOf(k, [row.id]), invitationOfWarning(k, row.id)])
      // The figures and text are read from the signals: withheld when any of them is.
      const readable = signals.every(s => mayReadSignal(scope.department, s))
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'warning_view', subjectType: 'warning', subjectId: row.id, detail: `signals=${signals.length}; withheld=${signals.filter(s => !mayReadSignal(scope.department, s)).length}` })
      return {
        ...warningSummary(row, request.lang, { headMasked: heads.get(row.household_id) ?? '', signalCount: signals.length, today: shanghaiToday() }),
        text: readable ? word(request.lang, textsOf(row).staff) : null,
        figures: readable ? figuresOf(row) : null,
        basis: JSON.parse(row.basis) as FigureBasis[],
        // A volunteer's referral comes with its visit (issue #19): part of this audited view.
        signals: await signalViews(k, signals, request.lang, scope.department, relations),
        decisions: decisions.map(d => decisionView(d, request.lang, signals.find(s => s.id === row.signal_id)?.occurred_on ?? row.raised_on)),
        invitation: invitation ? staffInvitationView(invitation) : null,
      }
    })

    app.post('/staff/warnings/:id/verify', {
      schema: {
        tags: ['warnings'],
        summary: 'Decide a warning once: taken in (invites the household with the confirmed items), referred to a department, not eligible (a reason from the list) or could not reach; 民政 of the town first, then the department it was referred to (audited)',
        params: idParams,
        body: verifyWarningBody,
        response: { 200: verifyWarningResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const scope = staffScope(user)
      const row = await findWarningInArea(k, request.params.id, scope.areaCode)
      if (!row)
        throw notFound()
      const decided = await decideWarning(k, row, { ...user, department: scope.department }, request.body)
      return {
        id: row.id,
        status: decided.status,
        decision: decisionView(decided.decision, request.lang, await signalDayOf(k, row.signal_id)),
        invitation: decided.invitation ? staffInvitationView(decided.invitation) : null,
      }
    })

    app.get('/staff/warnings/funnel', {
      schema: {
        tags: ['warnings'],
        summary: 'The funnel by village and month of raising: issued, verified, taken in, referred, not eligible, could not reach, and the median days from signal to decision; the town\'s for town staff, the county\'s for county staff',
        querystring: funnelQuery,
        response: { 200: funnelResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const scope = staffScope(signedInUser(request))
      const { from, to } = request.query
      if (from > to || monthsBetween(from, to) >= MAX_FUNNEL_MONTHS)
        throw new AppError(400, 'validation_failed', { max: MAX_FUNNEL_MONTHS }, 'to', 'funnel_range')
      return { from, to, rows: await warningFunnel(k, scope.areaCode, from, to) }
    })
  }
}
