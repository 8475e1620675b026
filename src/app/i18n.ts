import type { Lang } from '../domain/lang'
import type { Text } from '../domain/text'
import { markRaw, toRaw } from 'vue'
import { createI18n } from 'vue-i18n'
import { LANGS } from '../domain/lang'
import { isRecord } from '../domain/record'
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
interface MessageModule { default: Record<string, unknown> }

/**
 * Messages live with their feature: src/app/locales/<locale>.json for the frame, and
 * src/features/<feature>/locales/<locale>.json (one top-level key, the feature's name) for each
 * feature; the words the PWA shares with the server (item names, statuses, the diagnosis engine's
 * reasons) in src/domain/locales and src/domain/<area>/locales. Only the frame's simplified
 * Chinese ships in the app shell (issue #18: a first screen under 80 KB of script). A folder's
 * messages load with the routes that show them (ROUTE_MESSAGES, awaited by the router) in the
 * language of the moment, and again when the language changes; 繁體中文 (zh-TW, converted from
 * zh-CN by `npm run locales:zh-TW`) and English load when first chosen. All are precached.
 */
const APP_LOADERS: Record<Exclude<Locale, 'zh-CN'>, () => Promise<MessageModule>> = {
  'zh-TW': () => import('./locales/zh-TW.json'),
  'en': () => import('./locales/en.json'),
}
const CATALOGS = import.meta.glob<MessageModule>(['../features/*/locales/*.json', '../domain/locales/*.json', '../domain/*/locales/*.json'])

/** A folder of messages outside the frame: a feature's name, `domain` or `domain/<area>`. */
export type MessageFolder = string

/** `../features/x/locales/en.json` → `x`; `../domain/locales/…` → `domain`; `../domain/x/locales/…` → `domain/x`. */
const CATALOG_PATH = /^\.\.\/(?:features\/)?(.+)\/locales\/([^/]+)\.json$/
const catalogKey = (folder: MessageFolder, locale: Locale) => `${folder}:${locale}`
const CATALOG_BY_KEY = new Map(Object.entries(CATALOGS).map(([path, load]) => {
  const [, folder, locale] = CATALOG_PATH.exec(path) as unknown as [string, MessageFolder, Locale]
  return [catalogKey(folder, locale), load]
}))

/** Every folder with messages, for tests that mount components without their routes. */
export const MESSAGE_FOLDERS: MessageFolder[] = [...new Set([...CATALOG_BY_KEY.keys()].map(key => key.slice(0, key.lastIndexOf(':'))))]

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': markRaw(zhCN) } as Record<Locale, MessageSchema>,
})

type MessageTree = Record<string, unknown>

/** `into` with `from`'s messages added: new objects only where both have a folder of keys, the rest shared. Neither is changed. */
export function mergedMessages(into: MessageTree, from: MessageTree): MessageTree {
  const out: MessageTree = { ...into }
  for (const [key, value] of Object.entries(from)) {
    const before = out[key]
    out[key] = isRecord(value) && isRecord(before) ? mergedMessages(before, value) : value
  }
  return out
}

/**
 * Adds a catalog to a language's messages, which stay out of Vue's reactivity (issue #18). In a
 * browser vue-i18n keeps messages in a deep ref: its mergeLocaleMessage copied every catalog key
 * by key into reactive objects (on /list a fifth of a cheap phone's script before the list shows),
 * and every t() then went through proxies. Messages never change in place here: the language's
 * messages are replaced by a merged copy, which re-renders what shows them, as the merge did.
 */
function addMessages(locale: Locale, catalog: MessageTree): void {
  const current = toRaw(i18n.global.getLocaleMessage(locale)) as MessageTree
  i18n.global.setLocaleMessage(locale, markRaw(mergedMessages(current, catalog)) as MessageSchema)
}

/** Folders asked for so far: a language change loads them first. */
const shownFolders = new Set<MessageFolder>()
/** Catalogs loaded or on their way, by catalogKey. */
const catalogLoads = new Map<string, Promise<void>>()

function loadCatalog(folder: MessageFolder, locale: Locale): Promise<void> {
  const key = catalogKey(folder, locale)
  let loading = catalogLoads.get(key)
  if (!loading) {
    const load = CATALOG_BY_KEY.get(key)
    if (!load)
      throw new Error(`No messages in ${folder} for ${locale}`)
    loading = load().then(m => addMessages(locale, m.default))
    // A failed load (offline before the first visit) is tried again next time.
    loading.catch(() => catalogLoads.delete(key))
    catalogLoads.set(key, loading)
  }
  return loading
}

/** Loads the shown folders in `locale`, again while a route adds one meanwhile (the set only grows). */
async function loadShownFolders(locale: Locale): Promise<void> {
  let folders: MessageFolder[]
  do {
    folders = [...shownFolders]
    await Promise.all(folders.map(folder => loadCatalog(folder, locale)))
  } while (folders.length !== shownFolders.size)
}

/** Loads the messages of `folders` in the current language (and in any language chosen meanwhile). */
export async function loadMessages(folders: readonly MessageFolder[]): Promise<void> {
  folders.forEach(folder => shownFolders.add(folder))
  let locale: Locale
  do {
    locale = currentLocale()
    await loadShownFolders(locale)
  } while (locale !== currentLocale())
}

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

/** Loads a language's messages once: the frame's, and those of every folder shown so far. */
export async function loadLocaleMessages(locale: Locale): Promise<void> {
  if (locale !== 'zh-CN' && !i18n.global.availableLocales.includes(locale))
    addMessages(locale, (await APP_LOADERS[locale]()).default)
  await loadShownFolders(locale)
}

export async function setLocale(locale: Locale): Promise<void> {
  await loadLocaleMessages(locale)
  i18n.global.locale.value = locale
  document.documentElement.lang = locale
}
