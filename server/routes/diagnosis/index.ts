import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { RouteContext } from '../context'
import { diagnose, diagnosisAnswersSchema } from '../../../src/domain/diagnosis'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { listRegions, resolveRegion } from '../../../src/domain/regions'
import { AppError, notFound } from '../../errors'
import { diagnosisAnswerJson, regionJson } from './answer'
import { diagnosisResponse, regionListResponse, regionParams, resolvedRegionSchema } from './schemas'

/** What Fastify sends a serialised answer as: a string sent with it is not serialised again. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/**
 * Self-diagnosis (救助自诊) for other channels: kiosk vendors and hotline operators call the
 * same shared engine the PWA runs offline. Public on purpose (no sign-in, nothing stored);
 * POST needs the CSRF token like every state-changing call when it carries a cookie
 * (plugins/session.ts: a call without any cookie carries no authority to forge).
 */
// The URL parameter is named `region`, not `code`: validation errors name the field, and
// `code` is already the label of the SMS code ("验证码填写有误" would mislead).
export function diagnosisRoutes(_ctx: RouteContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/regions', {
      schema: {
        tags: ['diagnosis'],
        summary: 'Regions with their own assistance figures (GB/T 2260 codes)',
        response: { 200: regionListResponse, 400: apiErrorSchema },
      },
    }, async () => ({
      regions: listRegions().map(r => ({
        code: r.code,
        name: r.name,
        nameEn: r.nameEn,
        parent: r.parent,
        demo: r.demo === true,
        effectiveFrom: r.effectiveFrom,
      })),
    }))

    app.get('/regions/:region', {
      schema: {
        tags: ['diagnosis'],
        summary: 'The figures that apply to a region code, each with its source and effective date',
        params: regionParams,
        response: { 200: resolvedRegionSchema, 400: apiErrorSchema, 404: apiErrorSchema },
      },
    }, async (request, reply) => {
      const region = resolveRegion(request.params.region)
      if (!region)
        throw notFound()
      // Untyped: the region's JSON text, written once per region (answer.ts).
      return (reply as FastifyReply).type(JSON_CONTENT_TYPE).send(regionJson(region))
    })

    app.post('/diagnosis', {
      schema: {
        tags: ['diagnosis'],
        summary: 'Which assistance items a household may get, why, and what to prepare',
        description: 'One result for every item code, likely first. Reasons, documents and department names are in the language of Accept-Language (en; zh-TW, zh-HK, zh-Hant: 繁體中文; else zh-CN). A hint, never a decision: the office decides after the economic check and the home visit.',
        body: diagnosisAnswersSchema,
        response: { 200: diagnosisResponse, 400: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request, reply) => {
      const answers = request.body
      const region = resolveRegion(answers.region)
      if (!region)
        throw new AppError(400, 'validation_failed', {}, 'region')
      // Untyped: the answer goes out as the JSON text answer.ts writes, the bytes diagnosisResponse's serializer would.
      return (reply as FastifyReply).type(JSON_CONTENT_TYPE).send(diagnosisAnswerJson(request.lang, region, diagnose(answers, region)))
    })
  }
}
