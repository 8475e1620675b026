// The visit contract's lists and limits, in a module without zod so that the PWA's visit form can
// use them cheaply; api.ts builds the zod schemas from the same constants (and re-exports them).

export const VISIT_TYPES = ['care', 'survey', 'service'] as const // 探访关爱 / 入户调查 / 服务
export type VisitType = (typeof VISIT_TYPES)[number]

/** The six dimensions of a home visit in the policy: 经济、健康、教育、住房、就业、社会参与. */
export const VISIT_DIMENSIONS = ['economy', 'health', 'education', 'housing', 'employment', 'social'] as const
export type VisitDimension = (typeof VISIT_DIMENSIONS)[number]

/** What the visitor saw on a dimension: fine, worth watching, or needs help now. */
export const OBSERVATION_LEVELS = ['ok', 'concern', 'urgent'] as const
export type ObservationLevel = (typeof OBSERVATION_LEVELS)[number]

export const MAX_VISIT_NOTE = 500
export const MAX_VISIT_NOTES = 1000
/** A compressed JPEG of at most 500 KB as a data URL (base64 adds a third). */
export const MAX_VISIT_PHOTO_CHARS = 700_000

/**
 * What a volunteer saw and refers (转介) to the office with the visit (issue #19): the codes of
 * src/domain/warnings/signals.ts REFERRAL_CODES, kept here without zod for the form (a test keeps
 * the two lists the same; importing the signals here would bring the warnings' words to every
 * screen that shows a visit).
 */
export const VISIT_REFERRAL_CODES = ['serious_illness', 'no_income', 'unsafe_housing', 'no_carer', 'child_out_of_school', 'other'] as const
export type VisitReferralCode = (typeof VISIT_REFERRAL_CODES)[number]
/** The referral's note: the signal's MAX_NOTE_LENGTH. */
export const MAX_REFERRAL_NOTE = 500
/** A member's id as a referral names it: the signal's MAX_ID_LENGTH. */
export const MAX_REFERRAL_MEMBER_ID = 64
/** What was seen that only the note can say: the note is then required. */
export const REFERRAL_NEEDS_NOTE: VisitReferralCode = 'other'
