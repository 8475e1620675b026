import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { Lang } from '../../../src/domain/lang'
import type { InvitationStatus } from '../../../src/domain/warnings/verification'
import type { InvitationRow } from '../../db/repos/warnings'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { text } from '../../../src/domain/text'
import { itemNameKey } from '../../../src/domain/vocabulary'
import { invitationAcceptResponse, invitationListResponse, invitationSchema } from '../../../src/domain/warnings/verification'
import { translate, word } from '../../catalog'
import { writeAudit } from '../../db/repos/audit'
import { answerInvitation, findInvitationOfHousehold, invitationItems, invitationReason, invitationsOfHousehold } from '../../db/repos/warnings'
import { AppError, notFound } from '../../errors'
import { signedInUser } from '../../plugins/session'

// The household's invitations of 政策找人 (issue #19): when town staff take a household in from a
// warning, the household sees "您家可能可以申请 …" with the plain reason, and answers: apply (the
// PWA opens the application form prefilled with the items), no thanks, or please call me. Only
// the household's own accounts see them: the warning itself, its signals and staff's notes never
// reach the household, nor anything of it a volunteer.

const idParams = z.object({ id: z.string().max(64) })
const errors = { 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema }

/** Invitations still waiting for the household's answer (a call requested still waits for one). */
const PENDING: readonly InvitationStatus[] = ['open', 'call_requested']

function invitationView(row: InvitationRow, lang: Lang) {
  const items = invitationItems(row)
  return {
    id: row.id,
    items: items.map(code => ({ code, name: translate(lang, itemNameKey(code)) })),
    title: word(lang, text('warnings.invitation.title', { items: items.map(code => text(itemNameKey(code))) })),
    reason: word(lang, invitationReason(row)),
    status: row.status,
    createdAt: row.created_at,
    callRequestedAt: row.call_requested_at,
  }
}

export function invitationRoutes({ db }: RouteContext): FastifyPluginAsyncZod {
  const k = db.kysely

  function householdOf(user: ReturnType<typeof signedInUser>): string {
    if (!user.household_id)
      throw new AppError(403, 'forbidden', {}, undefined, 'household_required')
    return user.household_id
  }

  /**
   * Moves the household's invitation from one of `from` to `to`, audited. Asking again for what
   * is already so (a second tap) answers as the first did; an answer given otherwise is 409.
   */
  async function answer(request: { params: { id: string }, lang: Lang } & Parameters<typeof signedInUser>[0], from: readonly InvitationStatus[], to: InvitationStatus) {
    const user = signedInUser(request)
    const householdId = householdOf(user)
    const row = await findInvitationOfHousehold(k, request.params.id, householdId)
    if (!row)
      throw notFound()
    if (row.status !== to) {
      if (!(await answerInvitation(k, row.id, from, to, new Date().toISOString())))
        throw new AppError(409, 'conflict', {}, undefined, 'invitation_answered')
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: `invitation_${to}`, subjectType: 'invitation', subjectId: row.id, detail: `warning=${row.warning_id}` })
    }
    const current = (await findInvitationOfHousehold(k, row.id, householdId))!
    return invitationView(current, request.lang)
  }

  return async (app) => {
    app.get('/household/invitations', {
      schema: {
        tags: ['household'],
        summary: 'Invitations to apply that staff sent the household after verifying a warning, still waiting for an answer, with the plain reason',
        response: { 200: invitationListResponse, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const householdId = householdOf(signedInUser(request))
      const rows = await invitationsOfHousehold(k, householdId, PENDING)
      return { invitations: rows.map(r => invitationView(r, request.lang)) }
    })

    app.post('/household/invitations/:id/decline', {
      schema: {
        tags: ['household'],
        summary: 'No thanks: the household declines the invitation',
        params: idParams,
        response: { 200: invitationSchema, ...errors },
      },
    }, async request => answer(request, PENDING, 'declined'))

    app.post('/household/invitations/:id/call-me', {
      schema: {
        tags: ['household'],
        summary: 'Please call me: shown to staff on the warning; the invitation stays open to accept or decline',
        params: idParams,
        response: { 200: invitationSchema, ...errors },
      },
    }, async request => answer(request, ['open'], 'call_requested'))

    app.post('/household/invitations/:id/accept', {
      schema: {
        tags: ['household'],
        summary: 'Accept: returns the items to tick in the application form, which the PWA prefills from the registry; the household then confirms and signs the application',
        params: idParams,
        response: { 200: invitationAcceptResponse, ...errors },
      },
    }, async (request) => {
      const invitation = await answer(request, PENDING, 'accepted')
      return { invitation, prefill: { items: invitation.items.map(i => i.code) } }
    })
  }
}
