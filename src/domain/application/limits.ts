// Limits of the application contract, in a module without zod so that the PWA's form can use
// them cheaply; schemas.ts builds the zod schemas from the same constants.

export const MAX_MEMBERS = 20
export const MAX_ATTACHMENTS = 10
/** Each photo is compressed in the browser to this size; the server refuses anything larger. */
export const MAX_ATTACHMENT_BYTES = 500 * 1024
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type AttachmentType = typeof ATTACHMENT_TYPES[number]
/** A finger signature drawn on a canvas, as a PNG data URL. */
export const MAX_SIGNATURE_BYTES = 200 * 1024
export const SIGNATURE_PREFIX = 'data:image/png;base64,'
export const ADDRESS_MIN = 4
export const ADDRESS_MAX = 200
export const REASON_MIN = 2
export const REASON_MAX = 1000
export const MAX_MONTHLY_INCOME = 1_000_000
/** The server keeps a draft of at most 256 KB of JSON (PUT /api/application-draft). */
export const MAX_DRAFT_BYTES = 256 * 1024
/** Deposits, cash and financial assets a household declares, in yuan: above this it is a typing error. */
export const MAX_DECLARED_DEPOSITS = 50_000_000
export const MAX_DECLARED_VEHICLES = 20
/** Why someone the registry lists is not part of the application. */
export const REMOVAL_REASONS = ['moved_out', 'separate_household', 'married_out', 'deceased', 'in_institution', 'other'] as const
export type RemovalReason = typeof REMOVAL_REASONS[number]
export const REMOVAL_NOTE_MAX = 200
/** Items one household does not get together (特困 供养 replaces 低保 for the same person). */
export const EXCLUSIVE_ITEMS = ['dibao', 'tekun'] as const
