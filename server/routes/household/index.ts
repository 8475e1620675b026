import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { bindHouseholdBody, sessionResponse } from '../../../src/domain/http/auth'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { writeAudit } from '../../db/repos/audit'
import { upsertHouseholdFromRegistry } from '../../db/repos/households'
import { setUserHousehold } from '../../db/repos/users'
import { AppError } from '../../errors'
import { requireRole } from '../../plugins/session'
import { toSessionUser } from '../auth/session-user'

/** Binding attempts a resident may make per hour: stops guessing who lives where. */
const BIND_MAX_FAILURES_PER_HOUR = 10

export function householdRoutes({ db, adapters }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely
  return async (app) => {
    app.post('/household/bind', {
      preHandler: requireRole('resident'),
      schema: {
        tags: ['household'],
        summary: 'Link the signed-in resident to their registered household (ID number + name)',
        body: bindHouseholdBody,
        response: { 200: sessionResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema, 429: apiErrorSchema },
      },
    }, async (request) => {
      const user = request.user!
      if (user.household_id)
        throw new AppError(409, 'household_already_bound')

      const hourAgo = new Date(Date.now() - 3_600_000).toISOString()
      const failures = await k.selectFrom('audit_log').select(eb => eb.fn.countAll<number>().as('n')).where('action', '=', 'bind_failed').where('actor_id', '=', user.id).where('at', '>', hourAgo).executeTakeFirstOrThrow()
      if (Number(failures.n) >= BIND_MAX_FAILURES_PER_HOUR)
        throw new AppError(429, 'rate_limited', { seconds: 3600 })

      const { idNumber, name } = request.body
      const household = await adapters.registry.findHouseholdByMember(idNumber)
      const member = household?.members.find(m => m.idNumber === idNumber)
      if (!household || !member || member.name !== name) {
        await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'bind_failed', subjectType: 'household', subjectId: null })
        throw new AppError(404, 'household_not_found')
      }
      const householdId = await upsertHouseholdFromRegistry(k, household)
      await setUserHousehold(k, user.id, householdId)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'bind', subjectType: 'household', subjectId: householdId })
      return { user: await toSessionUser(db, { ...user, household_id: householdId }) }
    })
  }
}
