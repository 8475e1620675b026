import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { bindHouseholdBody, householdAccountsResponse, sessionResponse, staffBindHouseholdBody, staffBindHouseholdResponse } from '../../../src/domain/http/auth'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { maskMobile } from '../../../src/domain/mask'
import { areaContains } from '../../../src/domain/roles'
import { writeAudit } from '../../db/repos/audit'
import { householdSummaryRow } from '../../db/repos/households'
import { limitKey, takeAttempt } from '../../db/repos/rate-limits'
import { findOrCreateResident, householdAccounts, unbindUserHousehold } from '../../db/repos/users'
import { AppError, notFound, rateLimited } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { toSessionUser } from '../../services/auth/session-user'
import { bindToHousehold, registeredMember } from '../../services/household/binding'
import { contactRequestRoutes } from './contact-requests'

const HOUR_MS = 3_600_000
/**
 * Binding attempts per hour. Per account stops one phone guessing; per ID number stops many
 * fresh phone numbers trying the same person; per address stops one machine trying many people.
 * A village kiosk or office binds a few families an hour, far below the address limit.
 */
export const BIND_LIMITS = { perAccount: 10, perIdNumber: 5, perAddress: 30 } as const

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema, 429: apiErrorSchema, 503: apiErrorSchema }

export function householdRoutes({ db, adapters, config }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  /** Every limit is taken before the registry is asked, atomically, so 20 parallel guesses count as 20. */
  async function takeBindAttempts(limits: { key: string, limit: number }[]): Promise<void> {
    const now = new Date()
    for (const { key, limit } of limits) {
      const attempt = await takeAttempt(k, { key, limit, windowMs: HOUR_MS, now })
      if (!attempt.allowed)
        throw rateLimited(attempt.retryAfterSeconds)
    }
  }

  async function accountsSeenBy(userId: string, householdId: string) {
    const rows = await householdAccounts(k, householdId)
    return rows.map(r => ({ id: r.id, phoneMasked: r.phone ? maskMobile(r.phone) : null, boundAt: r.household_bound_at, boundVia: r.household_bound_via, you: r.id === userId }))
  }

  return async (app) => {
    // 请工作人员联系我 after a self-diagnosis (issue #19 1c).
    await app.register(contactRequestRoutes({ db, adapters, config }))

    app.post('/household/bind', {
      schema: {
        tags: ['household'],
        summary: 'Link the signed-in resident to their registered household: ID number and name, proven by the registry\'s phone for that member',
        body: bindHouseholdBody,
        response: { 200: sessionResponse, ...errors },
      },
    }, async (request) => {
      const user = signedInUser(request)
      if (user.household_id)
        throw new AppError(409, 'household_already_bound')
      const { idNumber, name } = request.body
      await takeBindAttempts([
        { key: limitKey(config.secret, 'bind-account', user.id), limit: BIND_LIMITS.perAccount },
        { key: limitKey(config.secret, 'bind-id-number', idNumber), limit: BIND_LIMITS.perIdNumber },
        { key: limitKey(config.secret, 'bind-address', request.ip), limit: BIND_LIMITS.perAddress },
      ])

      const household = await adapters.registry.findHouseholdByMember(idNumber)
      const member = registeredMember(household, idNumber, name)
      if (!household || !member) {
        await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'bind_failed', subjectType: 'household', subjectId: null, detail: 'no_match' })
        throw new AppError(404, 'household_not_found')
      }
      // What is printed on papers (ID number, name) is not proof; reaching the phone the registry
      // holds for that member is. Anyone else binds at the town office (POST /staff/household-bindings).
      if (!member.phone || member.phone !== user.phone) {
        await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'bind_failed', subjectType: 'household', subjectId: null, detail: 'no_proof' })
        throw new AppError(403, 'bind_proof_required')
      }
      const householdId = await bindToHousehold(db, user, household, member, 'registry_phone', user)
      return { user: await toSessionUser(db, { ...user, household_id: householdId }) }
    })

    app.get('/household/accounts', {
      schema: {
        tags: ['household'],
        summary: 'The accounts bound to the signed-in resident\'s household, with when and how each was bound',
        response: { 200: householdAccountsResponse, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      if (!user.household_id)
        throw new AppError(403, 'forbidden', {}, undefined, 'household_required')
      return { accounts: await accountsSeenBy(user.id, user.household_id) }
    })

    app.delete('/household/accounts/:id', {
      schema: {
        tags: ['household'],
        summary: 'Remove an account from the household (one a member does not know, or one\'s own)',
        params: z.object({ id: z.uuid() }),
        response: { 200: householdAccountsResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      if (!user.household_id)
        throw new AppError(403, 'forbidden', {}, undefined, 'household_required')
      if (!(await unbindUserHousehold(k, request.params.id, user.household_id)))
        throw notFound()
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'unbind', subjectType: 'user', subjectId: request.params.id })
      // Removing oneself leaves the household: the list is no longer this person's to see.
      return { accounts: request.params.id === user.id ? [] : await accountsSeenBy(user.id, user.household_id) }
    })

    app.post('/staff/household-bindings', {
      schema: {
        tags: ['household'],
        summary: 'Town staff bind a resident\'s mobile number to their household after seeing the member\'s ID card at the office',
        body: staffBindHouseholdBody,
        response: { 200: staffBindHouseholdResponse, ...errors },
      },
    }, async (request) => {
      const staff = signedInUser(request)
      const { phone, idNumber, name } = request.body
      const household = await adapters.registry.findHouseholdByMember(idNumber)
      const member = registeredMember(household, idNumber, name)
      // Outside the staff member's area is "not found" too: nobody learns where a person lives.
      if (!household || !member || !staff.area_code || !areaContains(staff.area_code, household.areaCode))
        throw new AppError(404, 'household_not_found')
      const account = await findOrCreateResident(k, phone)
      if (account.household_id)
        throw new AppError(409, 'household_already_bound')
      const householdId = await bindToHousehold(db, account, household, member, 'staff_checked_id_card', staff)
      return { household: (await householdSummaryRow(k, householdId))!, phoneMasked: maskMobile(phone) }
    })
  }
}
