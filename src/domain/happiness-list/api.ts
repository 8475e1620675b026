import { z } from 'zod'
import { apiErrorSchema } from '../http/errors'
import { QUARTER_PATTERN } from '../quarter'
import { MAX_CSV_BYTES } from './csv'
import { BENEFIT_DEPARTMENT_CODES, BENEFIT_ITEM_CODES, BENEFIT_KINDS, BENEFIT_SOURCES, BENEFIT_STATUSES } from './record'
import { PAYMENT_FREQUENCIES } from './summary'

// Request and response shapes of the happiness-list API (issue #5). Amounts are integer fen.

/** A department sends at most this many records per call; one transaction each. */
export const MAX_FEED_RECORDS = 1000
export const FEED_TOKEN_PREFIX = 'xfm_feed_'

const department = z.enum(BENEFIT_DEPARTMENT_CODES)
const quarter = z.string().regex(QUARTER_PATTERN)

export const feedCredentialBody = z.object({
  department,
  name: z.string().trim().min(1).max(100),
})

export const feedCredentialSchema = z.object({
  id: z.string(),
  department,
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
}).meta({ id: 'FeedCredential' })

/** The token is shown once; only its SHA-256 is stored. */
export const feedCredentialCreated = feedCredentialSchema.extend({ token: z.string() })
export const feedCredentialList = z.object({ credentials: z.array(feedCredentialSchema) })
export const idParams = z.object({ id: z.string().max(64) })

export const feedHeaders = z.object({
  authorization: z.string().max(500).optional().describe('Bearer <token> of a feed credential'),
})

export const feedBody = z.object({
  records: z.array(z.unknown()).min(1).max(MAX_FEED_RECORDS).describe('Up to 1,000 records, each a BenefitRecordInput (amountFen in integer fen). Accepted or rejected as a whole.'),
})

export const upsertCounts = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
})

export const recordErrorSchema = z.object({
  index: z.number().int(),
  field: z.string(),
  code: z.string(),
  message: z.string(),
})

/** 400 of a feed: nothing was stored; every record at fault is listed (absent when the batch itself is malformed). */
export const feedRejectedSchema = apiErrorSchema.extend({ errors: z.array(recordErrorSchema).optional() }).meta({ id: 'FeedRejected' })

/** UTF-8 bytes, not characters: a Chinese character takes three. */
const utf8Length = (text: string) => new TextEncoder().encode(text).length

export const importPreviewBody = z.object({
  filename: z.string().trim().max(200).optional(),
  csv: z.string().min(1).max(MAX_CSV_BYTES).refine(text => utf8Length(text) <= MAX_CSV_BYTES),
})
export const importCommitBody = importPreviewBody

export const rowErrorSchema = z.object({
  row: z.number().int(),
  field: z.string(),
  code: z.string(),
  message: z.string(),
})
export const importPreviewResponse = z.object({
  rows: z.number().int(),
  errors: z.array(rowErrorSchema),
  fileHash: z.string(),
})
export const importRejectedSchema = apiErrorSchema.extend({ errors: z.array(rowErrorSchema).optional() }).meta({ id: 'ImportRejected' })

export const listQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  item: z.enum(BENEFIT_ITEM_CODES).optional(),
  /** A member's id as given in `members` (never an ID number). */
  member: z.string().max(64).optional(),
})

const bucket = <T extends z.ZodType>(key: T) => z.object({ key, name: z.string(), amountFen: z.number().int(), records: z.number().int() })

export const totalsSchema = z.object({
  amountFen: z.number().int(),
  records: z.number().int(),
  byQuarter: z.array(bucket(z.string())),
  byItem: z.array(bucket(z.enum(BENEFIT_ITEM_CODES))),
  byDepartment: z.array(bucket(department)),
}).meta({ id: 'HappinessTotals' })

export const recordViewSchema = z.object({
  id: z.string(),
  item: z.enum(BENEFIT_ITEM_CODES),
  itemName: z.string(),
  department,
  departmentName: z.string(),
  kind: z.enum(BENEFIT_KINDS),
  amountFen: z.number().int().nullable(),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  period: z.string(),
  paidOn: z.string(),
  status: z.enum(BENEFIT_STATUSES),
  source: z.enum(BENEFIT_SOURCES),
  reference: z.string().nullable(),
  /** Names for the household; masked ID numbers for staff. */
  members: z.array(z.string()),
}).meta({ id: 'BenefitRecord' })

export const memberViewSchema = z.object({ id: z.string(), name: z.string(), relation: z.string() })

export const completenessSchema = z.object({
  quarter: z.string(),
  departments: z.array(z.object({ department, name: z.string(), reported: z.boolean() })),
})

const amountSpan = z.object({
  from: z.string().describe('first month, YYYY-MM'),
  to: z.string().describe('last month, YYYY-MM'),
  amountFen: z.number().int().describe('each payment (a month: all its records together)'),
  payments: z.number().int(),
})

/** An item paid regularly: the amounts over the period in its own rhythm, and what is granted but unpaid. */
export const paymentSummarySchema = z.object({
  item: z.enum(BENEFIT_ITEM_CODES),
  itemName: z.string(),
  department,
  frequency: z.enum(PAYMENT_FREQUENCIES),
  /** Paid, in order: a change of amount or a gap starts a new span. */
  paid: z.array(amountSpan),
  paidFen: z.number().int(),
  payments: z.number().int(),
  /** Granted (已核定) and not paid yet: never in any total. */
  granted: z.array(amountSpan),
  grantedFen: z.number().int(),
  /** "2026年1月 至 2026年11月 每月 1 020 元，2026年12月 1 538 元，共已发放 12 758 元" in the reader's language. */
  text: z.string(),
}).meta({ id: 'PaymentSummary' })

export const happinessListResponse = z.object({
  year: z.number().int(),
  /** Regular payments per item (monthly allowances, grants per term), paid and granted apart. */
  summaries: z.array(paymentSummarySchema),
  members: z.array(memberViewSchema),
  records: z.array(recordViewSchema),
  totals: totalsSchema,
  completeness: completenessSchema,
  updatedAt: z.string(),
}).meta({ id: 'HappinessList' })

export const quarterParams = z.object({ quarter })

export const quarterListSchema = z.object({
  quarter: z.string(),
  household: z.object({ id: z.string(), areaName: z.string(), address: z.string(), headName: z.string() }),
  members: z.array(z.object({ name: z.string(), relation: z.string() })),
  records: z.array(recordViewSchema),
  totals: totalsSchema,
  departmentsReported: z.array(z.object({ department, name: z.string() })),
  codeUrl: z.string().describe('The household code\'s URL (<origin>/h/<token>) for the QR on the paper'),
}).meta({ id: 'QuarterList' })

export const completenessQuery = z.object({ quarter })

export const villageCompletenessSchema = z.object({
  quarter: z.string(),
  villages: z.array(z.object({
    code: z.string(),
    name: z.string(),
    households: z.number().int(),
    byDepartment: z.array(z.object({ department, name: z.string(), households: z.number().int() })),
  })),
})

export const villageQuarterParams = z.object({ areaCode: z.string().regex(/^\d{12}$/), quarter })
export const villageQuarterResponse = z.object({
  quarter: z.string(),
  village: z.object({ code: z.string(), name: z.string() }),
  lists: z.array(quarterListSchema),
})
