// Categories and limits of small needs (微心愿), without zod: the PWA imports these as values,
// and zod stays out of its bundle. api.ts builds the schemas from them.

/** 生活物资 · 维修 · 陪伴 · 代办 · 就医协助 · 其他 */
export const NEED_CATEGORIES = ['goods', 'repair', 'company', 'errand', 'health', 'other'] as const
export type NeedCategory = (typeof NEED_CATEGORIES)[number]

export const MAX_NEED_DESCRIPTION = 200
export const MAX_NEED_NOTE = 200
export const MAX_NEED_COMMENT = 200
export const MAX_MODERATION_REASON = 200
/** A compressed JPEG of at most 500 KB as a data URL (../photo.ts; base64 adds a third). */
export const MAX_NEED_PHOTO_CHARS = 700_000
