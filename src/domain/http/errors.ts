import { z } from 'zod'

/** Every API error has this body: a stable code for programs, a message in the user's language. */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional().describe('The request field at fault, for validation errors'),
}).meta({ id: 'ApiError' })

export type ApiError = z.infer<typeof apiErrorSchema>

/**
 * Stable error codes. Validation issues inside schemas use the `invalid_*` codes as their
 * message so that the server can word them in the user's language.
 */
export const ERROR_CODES = [
  'validation_failed',
  'invalid_mobile',
  'invalid_id_number',
  'invalid_sms_code',
  'not_found',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'rate_limited',
  'sms_code_wrong',
  'sms_code_expired',
  'sms_code_locked',
  'login_failed',
  'household_not_found',
  'household_already_bound',
  'conflict',
  'authorisation_missing',
  'applicant_not_member',
  'duplicate_member',
  'invalid_signature',
  'invalid_attachment',
  // Happiness list (issue #5): feeds and CSV imports.
  'invalid_feed_credential',
  'feed_rejected',
  'import_rejected',
  'unknown_member',
  'unknown_item',
  'invalid_amount',
  'mixed_households',
  'duplicate_record',
  // Happiness code (issue #6): a forged, altered, truncated, revoked or foreign token.
  'invalid_household_code',
  // Care visits (issue #6): visitedAt in the future or too old to be taken.
  'invalid_visit_time',
  // Small needs (issue #6): a photo that is not a JPEG of at most 500 KB.
  'invalid_photo',
  // Kiosk hand-off (issue #7): the one-time QR was used already or ran out.
  'handoff_used',
  'handoff_expired',
  // An outside system (SMS, household registry, economic check) is not configured (issue #13).
  'service_unavailable',
  // Binding a household needs proof (issue #13): the registry's phone or staff who saw the ID card.
  'bind_proof_required',
  'id_card_not_checked',
  // One household, one truth (issue #15).
  'already_receiving',
  'case_open',
  'exclusive_items',
  'registered_member_missing',
  'amount_above_max',
  'amount_not_applicable',
  'internal',
  'network_error',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]
