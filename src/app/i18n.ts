import type { Lang } from '../domain/lang'
import type { Text } from '../domain/text'
import { createI18n } from 'vue-i18n'
import { LANGS } from '../domain/lang'
import { renderText } from '../domain/text'
import zhCN from './locales/zh-CN.json'

/** The app's languages are the domain's (src/domain/lang.ts), under vue-i18n's name. */
export const LOCALES = LANGS
export type Locale = Lang

/** Each language named in itself, for the language switches. */
export const LOCALE_NAMES: Record<Locale, string> = {
  'zh-CN': '简体中文',
  'zh-TW': '繁體中文',
  'en': 'English',
}

export type MessageSchema = typeof zhCN
type Messages = Record<string, unknown>
interface MessageModule { default: Messages }

/**
 * Messages live with their feature: src/app/locales/<locale>.json for the frame, and
 * src/features/<feature>/locales/<locale>.json (one top-level key, the feature's name) for each
 * feature; the words the PWA shares with the server (item names, statuses, the diagnosis engine's
 * reasons) in src/domain/locales and src/domain/<area>/locales. Simplified Chinese ships in the
 * shell; 繁體中文 (zh-TW, converted from zh-CN by `npm run locales:zh-TW`) and English load when
 * first chosen (and are precached).
 */
const ZH_FEATURES = import.meta.glob<MessageModule>(['../features/*/locales/zh-CN.json', '../domain/locales/zh-CN.json', '../domain/*/locales/zh-CN.json'], { eager: true })
const LOADERS: Record<Exclude<Locale, 'zh-CN'>, Record<string, () => Promise<MessageModule>>> = {
  'zh-TW': import.meta.glob<MessageModule>(['./locales/zh-TW.json', '../features/*/locales/zh-TW.json', '../domain/locales/zh-TW.json', '../domain/*/locales/zh-TW.json']),
  'en': import.meta.glob<MessageModule>(['./locales/en.json', '../features/*/locales/en.json', '../domain/locales/en.json', '../domain/*/locales/en.json']),
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

/** A vue-i18n locale string as one of ours, else zh-CN. */
export function asLocale(locale: string): Locale {
  return (LOCALES as readonly string[]).includes(locale) ? locale as Locale : 'zh-CN'
}

/** A text from the domain (a key and parameters, see src/domain/text.ts) in the current language. */
export function textOf(text: Text): string {
  return renderText((key, params) => i18n.global.t(key, params), text)
}

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

/** Loads a language's messages once (simplified Chinese is in the shell already). */
export async function loadLocaleMessages(locale: Locale): Promise<void> {
  if (locale !== 'zh-CN' && !i18n.global.availableLocales.includes(locale)) {
    const parts = await Promise.all(Object.values(LOADERS[locale]).map(load => load()))
    i18n.global.setLocaleMessage(locale, mergeMessages(parts.map(p => p.default)) as MessageSchema)
  }
}

export async function setLocale(locale: Locale): Promise<void> {
  await loadLocaleMessages(locale)
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
}
