import { z } from 'zod'
import { VERDICTS } from '../../../src/domain/diagnosis'
import { DEPARTMENT_CODES, ITEM_CODES } from '../../../src/domain/items'
import { FIGURE_KEYS, regionCodeSchema } from '../../../src/domain/regions'

// Response schemas of the diagnosis routes: they validate what leaves the server and feed
// the OpenAPI document that kiosk vendors and hotline channels read.

export const regionSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  parent: z.string().nullable(),
  demo: z.boolean().describe('Fictional figures for demos and tests, never law'),
  effectiveFrom: z.string().describe('ISO date'),
}).meta({ id: 'RegionSummary' })

export const regionListResponse = z.object({ regions: z.array(regionSummarySchema) })

export const regionParams = z.object({
  region: regionCodeSchema.describe('GB/T 2260 code, 6 digits; a code without its own data falls back to its nearest configured parent'),
})

const figureSourceSchema = z.object({
  source: z.string(),
  effectiveFrom: z.string(),
  regionCode: z.string().describe('The configured region the figure was taken from'),
})

const figureFields = Object.fromEntries(FIGURE_KEYS.map(key => [key, z.number()])) as Record<typeof FIGURE_KEYS[number], z.ZodNumber>

/** What a region's figures are and where they come from, in one line (the fields of both region shapes). */
const regionFigures = z.object({
  code: z.string().describe('The code asked for'),
  name: z.string().describe('Name of the nearest configured region'),
  nameEn: z.string(),
  configuredCode: z.string(),
  version: z.string(),
  source: z.string(),
  effectiveFrom: z.string(),
  demo: z.boolean(),
  ...figureFields,
})

export const resolvedRegionSchema = regionFigures.extend({
  sources: z.object(Object.fromEntries(FIGURE_KEYS.map(key => [key, figureSourceSchema])) as Record<typeof FIGURE_KEYS[number], typeof figureSourceSchema>),
}).meta({ id: 'ResolvedRegion' })

/**
 * The region in a diagnosis answer: the figures the verdicts were worked out with. Each figure's
 * own citation is in GET /api/regions/{code} (cached for an hour), not repeated in every answer:
 * it was 4 of an answer's 12 KB, the same in every answer of the region (issue #18).
 */
export const appliedRegionSchema = regionFigures.meta({
  id: 'AppliedRegion',
  description: 'The figures the verdicts were worked out with; each figure\'s citation: GET /api/regions/{code}',
})

export const diagnosisResultSchema = z.object({
  item: z.enum(ITEM_CODES),
  name: z.string().describe('The item\'s name in the request\'s language'),
  verdict: z.enum(VERDICTS),
  reasons: z.array(z.string()),
  members: z.array(z.number().int()).optional().describe('Indexes into answers.members the verdict is about'),
  documents: z.array(z.string()),
  department: z.object({ code: z.enum(DEPARTMENT_CODES), name: z.string() }),
  flip: z.string().optional().describe('The one answer that would change the verdict'),
}).meta({ id: 'DiagnosisResult' })

export const diagnosisResponse = z.object({
  region: appliedRegionSchema,
  results: z.array(diagnosisResultSchema),
})
