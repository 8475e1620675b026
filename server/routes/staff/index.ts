import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { ApplicationDiagnosis, Declaration, RemovedMember } from '../../../src/domain/application/schemas'
import type { ItemCode } from '../../../src/domain/items'
import type { RouteContext } from '../context'
import { z } from 'zod'
import { ADULT_AGE } from '../../../src/domain/age'
import { amountGuide, amountGuideInYuan } from '../../../src/domain/application/amounts'
import { allowedActions } from '../../../src/domain/application/case-status'
import { checkReportSchema } from '../../../src/domain/application/check-report'
import { idParams } from '../../../src/domain/application/resident-api'
import { MAX_MEMBERS } from '../../../src/domain/application/schemas'
import { auditQuery, auditResponse, revealBody, revealResponse, staffActionBody, staffActionResponse, staffCaseResponse, staffQueueResponse } from '../../../src/domain/application/staff-api'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { ageFromIdNumber } from '../../../src/domain/id-number'
import { maskIdNumber, maskMobile, maskName } from '../../../src/domain/mask'
import { fenToYuan, yuanToFen } from '../../../src/domain/money'
import { resolveRegion } from '../../../src/domain/regions'
import { applicationAuthorisations, applicationMembers, confirmApplicationMember, findApplication, registeredMembers } from '../../db/repos/applications'
import { applicationAttachments } from '../../db/repos/attachments'
import { caseAuditEntries, writeAudit } from '../../db/repos/audit'
import { infoAnswersOfCase } from '../../db/repos/cases'
import { AppError, notFound } from '../../errors'
import { signedInUser } from '../../plugins/session'
import { staffCase, staffScope } from '../../services/applications/access'
import { caseView } from '../../services/applications/views'
import { actOnCase } from '../../services/applications/workflow'
import { buildCheckReport } from '../../services/staff/check-report'
import { queueQuery, queueRows } from '../../services/staff/queue'
import { staffExportRoutes } from './export'

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema }

/**
 * Town and county staff: the queue of their department in their area, the case page (masked
 * personal data; revealing asks for a reason), the economic check and decisions. Every view of
 * personal data is audited. Volunteers and social workers get 403; cases outside the area or
 * department are 404, so their existence is not given away.
 */
/** The declaration signed with the application; null on applications made before it was asked. */
function declarationOf(stored: string | null): Declaration | null {
  return stored === null ? null : JSON.parse(stored) as Declaration
}

/** Only the verdicts, which the resident chose to share (older rows may hold more). */
function sharedDiagnosis(stored: string | null) {
  return stored === null ? null : { verdicts: (JSON.parse(stored) as ApplicationDiagnosis).verdicts }
}

/** The amount guide of the item with the figures of the application's region (amounts.ts), in fen. */
function guideOf(item: ItemCode, regionCode: string, members: readonly { monthly_income_fen: number }[]) {
  const region = resolveRegion(regionCode)
  if (!region)
    return null
  const guide = amountGuide(item, region, members.map(m => ({ monthlyIncomeFen: m.monthly_income_fen })))
  return guide && { guide, regionName: `${region.name}（${region.version}）` }
}

/** The guide as the case page shows it: yuan, with the region it came from. */
function guideView(found: ReturnType<typeof guideOf>) {
  return found && { ...amountGuideInYuan(found.guide), regionName: found.regionName }
}

export function staffRoutes(ctx: RouteContext): FastifyPluginAsyncZod {
  const { db, adapters } = ctx
  const k = db.kysely

  async function loadApplication(applicationId: string) {
    const application = await findApplication(k, applicationId)
    if (!application)
      throw new AppError(404, 'not_found')
    return application
  }

  return async (app) => {
    app.get('/staff/cases', {
      schema: {
        tags: ['staff'],
        summary: 'The review queue: cases of the staff member\'s department in their town (or county), oldest first unless sorted',
        querystring: queueQuery,
        response: { 200: staffQueueResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async request => ({ cases: await queueRows(k, staffScope(signedInUser(request)), request.query, request.lang) }))

    await app.register(staffExportRoutes(ctx))

    app.get('/staff/cases/:id', {
      schema: {
        tags: ['staff'],
        summary: 'The case page: application, masked members, attachments, authorisations, answers, allowed actions (audited)',
        params: idParams,
        response: { 200: staffCaseResponse, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const c = await staffCase(db, user, request.params.id)
      const application = await loadApplication(c.application_id)
      const [members, attachments, authorisations, answers, registry] = await Promise.all([
        applicationMembers(k, application.id),
        applicationAttachments(k, application.id),
        applicationAuthorisations(k, application.id),
        infoAnswersOfCase(k, c.id),
        registeredMembers(k, application.household_id),
      ])
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'case_view', subjectType: 'case', subjectId: c.id })
      const declaration = declarationOf(application.declaration)
      return {
        case: await caseView(db, c, request.lang),
        application: {
          id: application.id,
          householdId: application.household_id,
          number: application.number,
          submittedAt: application.created_at,
          reason: application.reason,
          address: application.address,
          region: application.region,
          applicant: {
            nameMasked: maskName(application.applicant_name),
            idMasked: maskIdNumber(application.applicant_id_number),
            phoneMasked: maskMobile(application.applicant_phone),
          },
          members: members.map(m => ({
            index: m.position,
            nameMasked: maskName(m.name),
            idMasked: maskIdNumber(m.id_number),
            relation: m.relation,
            age: ageFromIdNumber(m.id_number),
            monthlyIncome: fenToYuan(m.monthly_income_fen),
            disabilityGrade: m.disability_grade,
            seriousIllness: m.serious_illness === 1,
            student: m.student,
            registryStatus: m.registry_status,
          })),
          attachments: attachments.map(a => ({ id: a.id, type: a.type, size: a.size })),
          authorisations: authorisations.map(a => ({ nameMasked: maskName(a.name), agreedAt: a.agreed_at, recordedAt: a.recorded_at })),
          infoAnswers: answers.map(a => ({ at: a.at, text: a.text, attachmentIds: JSON.parse(a.attachment_ids) as string[] })),
          diagnosis: sharedDiagnosis(application.diagnosis),
          declaration: declaration && { ...declaration, depositsPerCapita: fenToYuan(Math.round(yuanToFen(declaration.depositsTotal) / Math.max(1, members.length))) },
          removedMembers: (JSON.parse(application.removed_members) as RemovedMember[]).map((m) => {
            const registered = registry.find(r => r.id_number === m.idNumber)
            return { nameMasked: maskName(registered?.name ?? ''), idMasked: maskIdNumber(m.idNumber), relation: registered?.relation ?? 'other', reason: m.reason, note: m.note ?? null }
          }),
        },
        amountGuide: guideView(guideOf(c.item, application.region, members)),
        allowedActions: allowedActions(c.status, 'staff'),
      }
    })

    app.post('/staff/cases/:id/reveal', {
      schema: {
        tags: ['staff'],
        summary: 'Show one masked value in full; needs a reason, which is audited',
        params: idParams,
        body: revealBody,
        response: { 200: revealResponse, ...errors },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const c = await staffCase(db, user, request.params.id)
      const application = await loadApplication(c.application_id)
      const { target, memberIndex, reason } = request.body
      let value: string
      if (target === 'applicant_id') {
        value = application.applicant_id_number
      }
      else if (target === 'applicant_phone') {
        value = application.applicant_phone
      }
      else {
        const member = (await applicationMembers(k, application.id)).find(m => m.position === memberIndex)
        if (!member)
          throw new AppError(400, 'validation_failed', {}, 'memberIndex')
        value = member.id_number
      }
      // The reason and what was shown, never the value itself.
      const detail = `target=${target}${target === 'member_id' ? `:${memberIndex}` : ''}; reason=${reason}`
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'reveal', subjectType: 'case', subjectId: c.id, detail })
      return { value }
    })

    app.post('/staff/cases/:id/members/:index/confirm', {
      schema: {
        tags: ['staff'],
        summary: 'Confirm that a member who is not in the registered household lives with the applicant (after seeing proof)',
        description: 'Until every such member is confirmed, the economic check is refused (409). Audited.',
        params: idParams.extend({ index: z.coerce.number().int().min(0).max(MAX_MEMBERS) }),
        response: { 200: z.object({ registryStatus: z.literal('confirmed') }), 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const c = await staffCase(db, user, request.params.id)
      if (!(await confirmApplicationMember(k, c.application_id, request.params.index, user.id, new Date().toISOString())))
        throw notFound()
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'member_confirm', subjectType: 'case', subjectId: c.id, detail: `member=${request.params.index}` })
      return { registryStatus: 'confirmed' as const }
    })

    app.get('/staff/cases/:id/check-report', {
      schema: {
        tags: ['staff'],
        summary: 'The household economic check (核对): what every source found per member, with flags (audited)',
        description: 'Refused with 409 unless every adult member signed the authorisation for the check.',
        params: idParams,
        response: { 200: checkReportSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const c = await staffCase(db, user, request.params.id)
      const application = await loadApplication(c.application_id)
      const [members, authorisations] = await Promise.all([applicationMembers(k, application.id), applicationAuthorisations(k, application.id)])
      // 一证一书: no check without the authorisation of every adult (ages as of today).
      const signed = new Set(authorisations.map(a => a.id_number))
      if (members.some(m => (ageFromIdNumber(m.id_number) ?? 0) >= ADULT_AGE && !signed.has(m.id_number)))
        throw new AppError(409, 'conflict', {}, undefined, 'check_not_authorised')
      // Nobody outside the registered household is checked before staff confirmed they live together.
      if (members.some(m => m.registry_status === 'unconfirmed'))
        throw new AppError(409, 'conflict', {}, undefined, 'members_unconfirmed')

      const result = await adapters.economicCheck.check({
        applicationId: application.id,
        subjects: members.map(m => ({ idNumber: m.id_number, name: m.name })),
      })
      await writeAudit(k, { actorId: user.id, actorRole: user.role, action: 'check_report_view', subjectType: 'case', subjectId: c.id })
      return buildCheckReport({
        lang: request.lang,
        members: members.map(m => ({ name: m.name, idNumber: m.id_number, monthlyIncome: fenToYuan(m.monthly_income_fen) })),
        applicantIdNumber: application.applicant_id_number,
        result,
        region: resolveRegion(application.region),
        edge: c.item === 'dibao_edge',
        declared: declarationOf(application.declaration),
      })
    })

    app.post('/staff/cases/:id/actions', {
      schema: {
        tags: ['staff'],
        summary: 'Accept, check, review, ask for information, approve or reject a case',
        description: 'Invalid transitions are refused with 409. Approving a hardship item (dibao, dibao_edge, tekun, expense_hardship) starts the household\'s waiting items; when every hardship item of an application ended without approval, its waiting items are rejected by the system. An approval creates an entitlement.',
        params: idParams,
        body: staffActionBody,
        response: { 200: staffActionResponse, ...errors },
      },
    }, async (request) => {
      const user = signedInUser(request)
      const c = await staffCase(db, user, request.params.id)
      const body = request.body
      // Amounts are checked once approving is possible at all (otherwise the 409 says why not).
      if (body.action === 'approve' && allowedActions(c.status, 'staff').includes('approve')) {
        const application = await loadApplication(c.application_id)
        const guide = guideOf(c.item, application.region, await applicationMembers(k, application.id))?.guide
        if (body.monthlyAmount === undefined && guide)
          throw new AppError(400, 'validation_failed', {}, 'monthlyAmount')
        if (body.monthlyAmount !== undefined && !guide)
          throw new AppError(400, 'amount_not_applicable', { item: c.item }, 'monthlyAmount')
        if (body.monthlyAmount !== undefined && guide && yuanToFen(body.monthlyAmount) > guide.maxFen)
          throw new AppError(400, 'amount_above_max', { max: fenToYuan(guide.maxFen) }, 'monthlyAmount')
      }
      const updated = await actOnCase(db, c, {
        action: body.action,
        actor: 'staff',
        user,
        note: body.note ?? null,
        reason: body.reason ?? null,
        // Yuan as typed (at most two decimals, staffActionBody) → fen, once.
        monthlyAmountFen: body.monthlyAmount === undefined ? null : yuanToFen(body.monthlyAmount),
        startDate: body.startDate ?? null,
      })
      return { case: await caseView(db, updated, request.lang), allowedActions: allowedActions(updated.status, 'staff') }
    })

    app.get('/staff/audit', {
      schema: {
        tags: ['staff'],
        summary: 'Audit log of the cases the staff member may see: transitions, views, reveals (newest first)',
        querystring: auditQuery,
        response: { 200: auditResponse, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const scope = staffScope(signedInUser(request))
      const { subjectType, subjectId } = request.query
      if (subjectType && subjectType !== 'case')
        return { entries: [] }
      const rows = await caseAuditEntries(k, scope, subjectId)
      return {
        entries: rows.map(r => ({
          at: r.at,
          actorRole: r.actor_role,
          actorName: r.actor_name,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          detail: r.detail,
        })),
      }
    })
  }
}
