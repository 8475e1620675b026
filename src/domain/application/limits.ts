// Limits of the application contract, in a module without zod so that the PWA's form can use
// them cheaply; schemas.ts builds the zod schemas from the same constants.

/** Adults sign the authorisation for the household economic check (一证一书). */
export const ADULT_AGE = 18
export const MAX_MEMBERS = 20
export const MAX_ATTACHMENTS = 10
/** Each photo is compressed in the browser to this size; the server refuses anything larger. */
export const MAX_ATTACHMENT_BYTES = 500 * 1024
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type AttachmentType = typeof ATTACHMENT_TYPES[number]
/** A finger signature drawn on a canvas, as a PNG data URL. */
export const MAX_SIGNATURE_BYTES = 200 * 1024
export const SIGNATURE_PREFIX = 'data:image/png;base64,'
export const NAME_MIN = 2
export const NAME_MAX = 30
export const ADDRESS_MIN = 4
export const ADDRESS_MAX = 200
export const REASON_MIN = 2
export const REASON_MAX = 1000
export const MAX_MONTHLY_INCOME = 1_000_000
/** The server keeps a draft of at most 256 KB of JSON (PUT /api/application-draft). */
export const MAX_DRAFT_BYTES = 256 * 1024
