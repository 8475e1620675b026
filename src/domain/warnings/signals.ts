import type { StudentLevel } from '../diagnosis/options'
import { z } from 'zod'
import { isValidDate, isValidPeriod, MAX_AMOUNT_FEN, MAX_EXTERNAL_ID_LENGTH } from '../happiness-list/record'
import { ITEM_CODES } from '../items'
import { shanghaiToday } from '../time'

// Signals of active discovery (主动发现, 政策找人, issue #19): what a department's feed, a
// volunteer's visit or a resident's own request tells the office about a household. The warning
// rules (rules.ts) turn them into warnings for staff to verify. Money is integer fen.
//
// A signal is identified by its source and the source's own id (as benefit feeds are): a resend
// with the same id is the same signal, never a second one.

/**
 * Who sends a signal: the departments' feeds (公安 for deaths registered as a cancelled hukou,
 * which is no assistance department and so not in DEPARTMENT_CODES), a volunteer or a resident.
 */
export const SIGNAL_SOURCES = ['yibao', 'canlian', 'mingzheng', 'gongan', 'renshe', 'jiaoyu', 'volunteer', 'resident'] as const
export type SignalSource = typeof SIGNAL_SOURCES[number]

/** Who sent a signal, as staff read it. */
export function signalSourceKey(source: SignalSource): string {
  return `warnings.sources.${source}`
}

/** Disability categories of the certificate (残疾人证): 视力, 听力, 言语, 肢体, 智力, 精神, 多重. */
export const DISABILITY_CATEGORIES = ['visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'] as const
/** 1 is the most severe grade. */
export const CERTIFICATE_GRADES = [1, 2, 3, 4] as const
/** The questionnaire's levels of study (src/domain/diagnosis/options.ts), without "none". */
export const SCHOOL_LEVELS = ['preschool', 'compulsory', 'high_school', 'college'] as const satisfies readonly StudentLevel[]
export const STUDENT_STATUSES = ['enrolled', 'dropped_out'] as const

/** What a volunteer saw on a visit and refers (转介) to the office. */
export const REFERRAL_CODES = ['serious_illness', 'no_income', 'unsafe_housing', 'no_carer', 'child_out_of_school', 'other'] as const
export type ReferralCode = typeof REFERRAL_CODES[number]

export const MAX_ID_LENGTH = 64
export const MAX_NOTE_LENGTH = 500

// An instant with its offset ("2026-03-05T14:30:00Z", "…+08:00"): a bare local time would be read
// in whatever zone the reading machine is set to.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/

/** A calendar day "2026-03-05" (as the department wrote it) or an instant with its offset. */
export function isSignalTime(value: string): boolean {
  return isValidDate(value) || (INSTANT.test(value) && !Number.isNaN(Date.parse(value)))
}

/**
 * The day of China a signal happened on: a calendar day as written, an instant in Beijing time
 * ("2025-12-05T16:00:00Z" is 2025-12-06 in Beijing).
 */
export function signalDay(occurredAt: string): string {
  return isValidDate(occurredAt) ? occurredAt : shanghaiToday(new Date(occurredAt))
}

const id = z.string().trim().min(1).max(MAX_ID_LENGTH)

const common = {
  /** The source's own id: source + externalId identify the signal (a resend is not a new signal). */
  externalId: z.string().trim().min(1).max(MAX_EXTERNAL_ID_LENGTH),
  householdId: id,
  occurredAt: z.string().refine(isSignalTime, { message: 'invalid_date' }),
}

/** Self-paid medical spending of one settlement (医保结算: 个人自付), in fen. */
export const medicalSpendingSignal = z.object({
  ...common,
  kind: z.literal('medical_spending'),
  source: z.literal('yibao'),
  memberId: id,
  amountFen: z.number({ message: 'invalid_amount' }).int({ message: 'invalid_amount' }).min(0, { message: 'invalid_amount' }).max(MAX_AMOUNT_FEN, { message: 'invalid_amount' }),
  /** The treatment the bill covers: a month "2026-01" or "2026-01-03/2026-01-20". */
  period: z.string().refine(isValidPeriod, { message: 'invalid_period' }),
})

/** A disability certificate issued, or its grade raised (残联). */
export const disabilityCertificateSignal = z.object({
  ...common,
  kind: z.literal('disability_certificate'),
  source: z.literal('canlian'),
  memberId: id,
  grade: z.literal(CERTIFICATE_GRADES),
  category: z.enum(DISABILITY_CATEGORIES),
})

/** A member's death or cremation (民政 殡葬, 公安 户籍注销). */
export const deathSignal = z.object({
  ...common,
  kind: z.literal('death'),
  source: z.enum(['mingzheng', 'gongan']),
  memberId: id,
})

/** A member registered unemployed (人社 失业登记). */
export const unemploymentSignal = z.object({
  ...common,
  kind: z.literal('unemployment'),
  source: z.literal('renshe'),
  memberId: id,
})

/** A member's school status (教育 学籍): enrolled, or out of school. */
export const studentSignal = z.object({
  ...common,
  kind: z.literal('student'),
  source: z.literal('jiaoyu'),
  memberId: id,
  level: z.enum(SCHOOL_LEVELS),
  status: z.enum(STUDENT_STATUSES),
})

/** A volunteer's referral from a visit (走访发现, 转介). */
export const referralSignal = z.object({
  ...common,
  kind: z.literal('referral'),
  source: z.literal('volunteer'),
  /** the member concerned, when the volunteer named one */
  memberId: id.optional(),
  seen: z.array(z.enum(REFERRAL_CODES)).min(1).refine(codes => new Set(codes).size === codes.length, { message: 'duplicate' }),
  note: z.string().trim().max(MAX_NOTE_LENGTH),
})

/** A resident's "请工作人员联系我" after a self-diagnosis, with the items it suggested. */
export const contactRequestSignal = z.object({
  ...common,
  kind: z.literal('contact_request'),
  source: z.literal('resident'),
  items: z.array(z.enum(ITEM_CODES)).refine(items => new Set(items).size === items.length, { message: 'duplicate' }),
})

export const signalSchema = z.discriminatedUnion('kind', [
  medicalSpendingSignal,
  disabilityCertificateSignal,
  deathSignal,
  unemploymentSignal,
  studentSignal,
  referralSignal,
  contactRequestSignal,
])

export type Signal = z.infer<typeof signalSchema>
export type SignalKind = Signal['kind']
export type MedicalSpendingSignal = z.infer<typeof medicalSpendingSignal>

/** The idempotency key of a signal: the same source and external id are the same signal. */
export function signalKey(signal: Pick<Signal, 'source' | 'externalId'>): string {
  return `${signal.source}:${signal.externalId}`
}

export interface SignalIssue {
  field: string
  code: string
}

const ISSUE_CODES = ['invalid_date', 'invalid_amount', 'invalid_period', 'duplicate']

/** Validates one signal; each issue names the field ("amountFen", "items.0") and a stable code. */
export function checkSignal(raw: unknown): { ok: true, signal: Signal } | { ok: false, issues: SignalIssue[] } {
  const parsed = signalSchema.safeParse(raw)
  if (parsed.success)
    return { ok: true, signal: parsed.data }
  return {
    ok: false,
    issues: parsed.error.issues.map(i => ({
      field: i.path.join('.') || 'signal',
      code: ISSUE_CODES.includes(i.message) ? i.message : 'validation_failed',
    })),
  }
}
