import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN.json'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

export type MessageSchema = typeof zhCN
type Messages = Record<string, unknown>
interface MessageModule { default: Messages }

/**
 * Messages live with their feature: src/app/locales/<locale>.json for the frame, and
 * src/features/<feature>/locales/<locale>.json (one top-level key, the feature's name) for each
 * feature. Chinese ships in the shell; other languages load when first chosen (and are precached).
 */
const ZH_FEATURES = import.meta.glob<MessageModule>('../features/*/locales/zh-CN.json', { eager: true })
const LOADERS: Record<Exclude<Locale, 'zh-CN'>, Record<string, () => Promise<MessageModule>>> = {
  en: import.meta.glob<MessageModule>(['./locales/en.json', '../features/*/locales/en.json']),
}

export function mergeMessages(parts: Messages[]): Messages {
  return Object.assign({}, ...parts)
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': mergeMessages([zhCN, ...Object.values(ZH_FEATURES).map(m => m.default)]) } as Record<Locale, MessageSchema>,
})

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

export async function setLocale(locale: Locale): Promise<void> {
  if (locale !== 'zh-CN' && !i18n.global.availableLocales.includes(locale)) {
    const parts = await Promise.all(Object.values(LOADERS[locale]).map(load => load()))
    i18n.global.setLocaleMessage(locale, mergeMessages(parts.map(p => p.default)) as MessageSchema)
  }
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
}
