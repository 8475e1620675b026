import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { User } from '../../db/repos/users'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { householdCodeResponse, publishedKeysResponse, regenerateBody, verifyBody, verifyResponse } from '../../../src/domain/household-code/api'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { areaContains } from '../../../src/domain/roles'
import { writeAudit } from '../../db/repos/audit'
import { bumpHouseholdCode, revokedCodes } from '../../db/repos/household-codes'
import { findHousehold } from '../../db/repos/households'
import { limitKey, takeAttempt } from '../../db/repos/rate-limits'
import { AppError, notFound, rateLimited } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { householdCodeOf, nowToTheSecond, signedCode } from '../../services/household-code/codes'
import { resolveHouseholdToken } from '../../services/household-code/resolve'
import { publishedKeys, retireSigningKey, rotateSigningKey } from '../../services/household-code/signing'

// The happiness code (幸福码, issue #6): one signed code per household. The server signs; the PWA
// and POST /verify check with the same shared function, so both reject the same tokens.

const invalidCode = () => new AppError(400, 'invalid_household_code')
const keyParams = z.object({ keyId: z.coerce.number().int().min(1).max(255) })

/** A verifier checks a code per scan; offline checks need no server at all. */
export const VERIFY_PER_ADDRESS_PER_MINUTE = 60
const MS_PER_MINUTE = 60_000

export function householdCodeRoutes({ db, config }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  /** Residents act on their own household; staff on a household of their area. Elsewhere is "not found". */
  async function householdFor(user: User, requestedId: string | undefined): Promise<string> {
    if (user.role === 'resident') {
      if (!user.household_id)
        throw new AppError(403, 'forbidden', {}, undefined, 'household_code_requires_household')
      if (requestedId && requestedId !== user.household_id)
        throw notFound()
      return user.household_id
    }
    if (!requestedId)
      throw new AppError(400, 'validation_failed', {}, 'householdId', 'household_id_required')
    const household = await findHousehold(k, requestedId)
    if (!household || !user.area_code || !areaContains(user.area_code, household.area_code))
      throw notFound()
    return household.id
  }

  return async (app) => {
    app.get('/household-code/keys', {
      schema: {
        tags: ['household-code'],
        summary: 'Public keys and revoked code versions, for verifying happiness codes offline',
        description: 'Public: the PWA caches this and refreshes it when online.',
        response: { 200: publishedKeysResponse, 400: apiErrorSchema },
      },
    }, async () => ({ keys: await publishedKeys(db), revoked: await revokedCodes(k) }))

    app.get('/household-code', {
      schema: {
        tags: ['household-code'],
        summary: 'The signed-in resident\'s household code (made on first request)',
        response: { 200: householdCodeResponse, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const householdId = await householdFor(signedInUser(request), undefined)
      return signedCode(db, await householdCodeOf(db, householdId), config.publicUrl)
    })

    app.post('/household-code/regenerate', {
      schema: {
        tags: ['household-code'],
        summary: 'Make a new version of a household\'s code; the old version stops working everywhere (audited)',
        description: 'Residents regenerate their own household\'s code; town and county staff any household of their area (householdId required).',
        body: regenerateBody,
        response: { 200: householdCodeResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const householdId = await householdFor(user, request.body.householdId)
      const current = await householdCodeOf(db, householdId)
      const next = await bumpHouseholdCode(k, householdId, Number(current.version), nowToTheSecond())
      if (!next)
        throw new AppError(409, 'conflict')
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'household_code_regenerate', subjectType: 'household', subjectId: householdId, detail: `version=${next.version}` })
      return signedCode(db, next, config.publicUrl)
    })

    app.post('/staff/household-code/keys/rotate', {
      schema: {
        tags: ['household-code'],
        summary: 'Start signing codes with a new key (county staff, audited); older keys keep verifying until retired',
        response: { 200: publishedKeysResponse, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const keyId = await rotateSigningKey(db)
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'household_code_key_rotate', subjectType: 'signing_key', subjectId: String(keyId), detail: null })
      return { keys: await publishedKeys(db), revoked: await revokedCodes(k) }
    })

    app.post('/staff/household-code/keys/:keyId/retire', {
      schema: {
        tags: ['household-code'],
        summary: 'Retire an older key (county staff, audited): codes signed with it stop working; the newest key cannot be retired',
        params: keyParams,
        response: { 200: publishedKeysResponse, 401: apiErrorSchema, 403: apiErrorSchema, 409: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const { keyId } = request.params
      if (!await retireSigningKey(db, keyId, new Date().toISOString()))
        throw new AppError(409, 'conflict', {}, undefined, 'signing_key_not_retirable')
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'household_code_key_retire', subjectType: 'signing_key', subjectId: String(keyId), detail: null })
      return { keys: await publishedKeys(db), revoked: await revokedCodes(k) }
    })

    app.post('/household-code/verify', {
      schema: {
        tags: ['household-code'],
        summary: 'Check a happiness code on the server (the same check the PWA makes offline)',
        description: 'Anonymous; at most 60 checks per address and minute (429 with the wait).',
        body: verifyBody,
        response: { 200: verifyResponse, 400: apiErrorSchema, 429: apiErrorSchema },
      },
    }, async (request) => {
      // Anonymous and touching the database: a cap per address keeps a script from hammering it.
      const attempt = await takeAttempt(k, { key: limitKey(config.secret, 'code-verify-address', request.ip), limit: VERIFY_PER_ADDRESS_PER_MINUTE, windowMs: MS_PER_MINUTE, now: new Date() })
      if (!attempt.allowed)
        throw rateLimited(attempt.retryAfterSeconds)
      // The same check as a scan at the door (visits, needs): a genuine, current code of a known household.
      const code = await resolveHouseholdToken(db, request.body.token)
      if (!code)
        throw invalidCode()
      return { valid: true as const, version: code.version }
    })
  }
}
