/**
 * The languages of the app, the API's messages and every worded text (简体中文, 繁體中文, English):
 * declared here only; the PWA's vue-i18n (LOCALES of src/app/i18n.ts) and the server use these.
 * A module of its own, so the app shell can know its languages without loading anything else.
 */
export const LANGS = ['zh-CN', 'zh-TW', 'en'] as const
export type Lang = (typeof LANGS)[number]
