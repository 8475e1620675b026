import { createI18n } from 'vue-i18n'
import zhCN from './locales/zh-CN.json'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]

export type MessageSchema = typeof zhCN

/** Chinese ships in the shell; other languages load when first chosen (and are precached for offline). */
const LOADERS: Record<Exclude<Locale, 'zh-CN'>, () => Promise<{ default: MessageSchema }>> = {
  en: () => import('./locales/en.json'),
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN } as Record<Locale, MessageSchema>,
})

export function currentLocale(): Locale {
  return i18n.global.locale.value
}

export async function setLocale(locale: Locale): Promise<void> {
  if (locale !== 'zh-CN' && !i18n.global.availableLocales.includes(locale))
    i18n.global.setLocaleMessage(locale, (await LOADERS[locale]()).default)
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
}
