import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { DiagnosisResult } from '../../../src/domain/diagnosis'
import type { DepartmentCode, ItemCode } from '../../../src/domain/items'
import type { Lang } from '../../../src/domain/lang'
import type { RouteContext } from '../context'
import { diagnose, diagnosisAnswersSchema } from '../../../src/domain/diagnosis'
import { apiErrorSchema } from '../../../src/domain/http/errors'
import { ITEMS } from '../../../src/domain/items'
import { listRegions, resolveRegion } from '../../../src/domain/regions'
import { departmentKey, documentKey, itemNameKey } from '../../../src/domain/vocabulary'
import { translate, word } from '../../catalog'
import { AppError, notFound } from '../../errors'
import { diagnosisResponse, regionListResponse, regionParams, resolvedRegionSchema } from './schemas'

/**
 * Self-diagnosis (救助自诊) for other channels: kiosk vendors and hotline operators call the
 * same shared engine the PWA runs offline. Public on purpose (no sign-in, nothing stored);
 * POST still needs the CSRF token like every state-changing call.
 */
/** Shared by every response in the language: read, never changed. */
interface ItemWords {
  name: string
  documents: string[]
  department: { code: DepartmentCode, name: string }
}

// An item's name, documents and department read the same in every result of a language: worded
// once per language and item, not for each of the 17 results of every request (issue #18).
const itemWords = new Map<Lang, Map<ItemCode, ItemWords>>()

function wordsOf(lang: Lang, item: ItemCode): ItemWords {
  let byItem = itemWords.get(lang)
  if (!byItem) {
    byItem = new Map()
    itemWords.set(lang, byItem)
  }
  let words = byItem.get(item)
  if (!words) {
    const { department, documents } = ITEMS[item]
    words = {
      name: translate(lang, itemNameKey(item)),
      documents: documents.map(document => translate(lang, documentKey(document))),
      department: { code: department, name: translate(lang, departmentKey(department)) },
    }
    byItem.set(item, words)
  }
  return words
}

/** A result as channels without our catalogs need it: worded, with what to bring and where to go. */
function wordResult(lang: Lang, result: DiagnosisResult) {
  const { name, documents, department } = wordsOf(lang, result.item)
  return {
    ...result,
    name,
    reasons: result.reasons.map(reason => word(lang, reason)),
    flip: result.flip && word(lang, result.flip),
    documents,
    department,
  }
}

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
    }, async (request) => {
      const region = resolveRegion(request.params.region)
      if (!region)
        throw notFound()
      return region
    })

    app.post('/diagnosis', {
      schema: {
        tags: ['diagnosis'],
        summary: 'Which assistance items a household may get, why, and what to prepare',
        description: 'One result for every item code, likely first. Reasons, documents and department names are in the language of Accept-Language (en; zh-TW, zh-HK, zh-Hant: 繁體中文; else zh-CN). A hint, never a decision: the office decides after the economic check and the home visit.',
        body: diagnosisAnswersSchema,
        response: { 200: diagnosisResponse, 400: apiErrorSchema, 403: apiErrorSchema },
      },
    }, async (request) => {
      const answers = request.body
      const region = resolveRegion(answers.region)
      if (!region)
        throw new AppError(400, 'validation_failed', {}, 'region')
      const results = diagnose(answers, region).map(result => wordResult(request.lang, result))
      return { region, results }
    })
  }
}
