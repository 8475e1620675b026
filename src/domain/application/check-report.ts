import { z } from 'zod'

/**
 * The household economic check (家庭经济状况核对): the data sources the policy brief lists
 * (户籍, 社保, 不动产, 车辆, 公积金, 银行, 工商/纳税). Money is yuan; income is per month.
 * The server's adapter returns these shapes; the report shows them to staff with flags where
 * they differ from the application.
 */
export const CHECK_SOURCES = ['huji', 'shebao', 'budongchan', 'cheliang', 'gongjijin', 'yinhang', 'gongshang'] as const
export type CheckSource = typeof CHECK_SOURCES[number]

const money = z.number().min(0)

export const CHECK_FOUND_SCHEMAS = {
  huji: z.object({ registered: z.boolean(), areaCode: z.string().nullable(), householdRef: z.string().nullable() }),
  shebao: z.object({ insured: z.boolean(), monthlyWage: money.describe('Wage from the contribution base'), monthlyPension: money }),
  budongchan: z.object({ properties: z.number().int().min(0), totalAreaM2: money }),
  cheliang: z.object({ vehicles: z.number().int().min(0), estimatedValue: money }),
  gongjijin: z.object({ monthlyContribution: money }),
  yinhang: z.object({ deposits: money, financialAssets: money }),
  gongshang: z.object({ businesses: z.number().int().min(0), monthlyTaxableIncome: money }),
} as const satisfies Record<CheckSource, z.ZodType>

export type CheckFound = { [S in CheckSource]: z.infer<typeof CHECK_FOUND_SCHEMAS[S]> }

/** One source's answer about one person. */
export type SourceFinding = { [S in CheckSource]: { source: S, found: CheckFound[S] } }[CheckSource]

export const CHECK_FLAG_KINDS = [
  'income_mismatch',
  'vehicle',
  'business',
  'not_registered',
  'other_household',
  'extra_property',
  'deposits_over_limit',
] as const
export type CheckFlagKind = typeof CHECK_FLAG_KINDS[number]

export const checkFlagSchema = z.object({ kind: z.enum(CHECK_FLAG_KINDS), text: z.string() })

function sourceReport<S extends CheckSource>(source: S) {
  return z.object({
    source: z.literal(source),
    sourceName: z.string(),
    /** One line in the reader's language. */
    summary: z.string(),
    found: CHECK_FOUND_SCHEMAS[source],
  })
}

const sourceReportSchema = z.discriminatedUnion('source', [
  sourceReport('huji'),
  sourceReport('shebao'),
  sourceReport('budongchan'),
  sourceReport('cheliang'),
  sourceReport('gongjijin'),
  sourceReport('yinhang'),
  sourceReport('gongshang'),
])

export const checkReportSchema = z.object({
  generatedAt: z.string(),
  members: z.array(z.object({
    index: z.number().int(),
    nameMasked: z.string(),
    declaredMonthlyIncome: z.number(),
    /** Income the sources found: wage + pension + business income. */
    foundMonthlyIncome: z.number(),
    sources: z.array(sourceReportSchema),
    flags: z.array(checkFlagSchema),
  })),
  householdFlags: z.array(checkFlagSchema),
}).meta({ id: 'CheckReport' })

export type CheckFlag = z.infer<typeof checkFlagSchema>
export type CheckReport = z.infer<typeof checkReportSchema>
