import type { CoreContext, CoreOptions, LocaleMessage } from '@intlify/core-base'
import type { Lang } from '../src/domain/lang'
import type { Text } from '../src/domain/text'
import { compile, translate as coreTranslate, createCoreContext, registerMessageCompiler, registerMessageResolver, resolveValue } from '@intlify/core-base'
import reasonsEn from '../src/domain/diagnosis/locales/en.json'
import reasonsZhCN from '../src/domain/diagnosis/locales/zh-CN.json'
import reasonsZhTW from '../src/domain/diagnosis/locales/zh-TW.json'
import domainEn from '../src/domain/locales/en.json'
import domainZhCN from '../src/domain/locales/zh-CN.json'
import domainZhTW from '../src/domain/locales/zh-TW.json'
import { renderText } from '../src/domain/text'
import warningsEn from '../src/domain/warnings/locales/en.json'
import warningsZhCN from '../src/domain/warnings/locales/zh-CN.json'
import warningsZhTW from '../src/domain/warnings/locales/zh-TW.json'
import serverEn from './locales/en.json'
import serverZhCN from './locales/zh-CN.json'
import serverZhTW from './locales/zh-TW.json'
import { compileTemplate } from './message-template'

// The server words what it says (API messages, notifications, exports) from the same locale JSON
// and with the same message format as the PWA (vue-i18n's core), compiled once on first use.
registerMessageCompiler(compile)
// Nested keys (`server.errors.not_found`), as vue-i18n resolves them.
registerMessageResolver(resolveValue)

const CATALOG: Record<Lang, LocaleMessage<string>> = {
  'zh-CN': { ...domainZhCN, ...reasonsZhCN, ...warningsZhCN, ...serverZhCN } as LocaleMessage<string>,
  'zh-TW': { ...domainZhTW, ...reasonsZhTW, ...warningsZhTW, ...serverZhTW } as LocaleMessage<string>,
  'en': { ...domainEn, ...reasonsEn, ...warningsEn, ...serverEn } as LocaleMessage<string>,
}

const options: CoreOptions<string> = {
  locale: 'zh-CN',
  fallbackLocale: false,
  messages: CATALOG,
  missingWarn: false,
  fallbackWarn: false,
  // A missing key is a defect the locale tests catch; at run time it must never reach a person as a key.
  missing: (_context, _locale, key) => {
    throw new Error(`No message "${key}"`)
  },
}
// A plain locale string, never a detector function: what translate() expects.
const context = createCoreContext(options) as CoreContext<string>

/** Messages without parameters, once worded: a list names the same item on every line. */
const plain = new Map<string, string>()

/**
 * The message at `key` in `messages`, by own properties only: a key from a request (a field
 * named `constructor`) must not find Object.prototype's.
 */
function messageAt(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => typeof node === 'object' && node !== null && Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined, messages)
}

/**
 * Each found message that is only text and {name}s, as a template compiled once
 * (message-template.ts): filling it in is what vue-i18n's translate gives, many times sooner
 * (issue #18: wording the diagnosis reasons was most of that API's time). Null for other syntax.
 * Only messages that exist are remembered, so keys from requests cannot grow the map.
 */
const templates = new Map<Lang, Map<string, ReturnType<typeof compileTemplate>>>()

// By language, then by key: a key joined with its language would be a new string to hash on
// every call (that was most of this lookup's time, answering a diagnosis).
function templateOf(lang: Lang, key: string) {
  let byKey = templates.get(lang)
  if (byKey === undefined) {
    byKey = new Map()
    templates.set(lang, byKey)
  }
  let template = byKey.get(key)
  if (template === undefined) {
    const source = messageAt(CATALOG[lang], key)
    if (typeof source !== 'string')
      return null
    template = compileTemplate(source)
    byKey.set(key, template)
  }
  return template
}

/** The message `key` in `lang` with its parameters filled in. */
export function translate(lang: Lang, key: string, params?: Record<string, string | number>): string {
  const template = templateOf(lang, key)
  if (template)
    return template(params ?? {})
  const cacheKey = params === undefined ? `${lang}\u0000${key}` : undefined
  const cached = cacheKey === undefined ? undefined : plain.get(cacheKey)
  if (cached !== undefined)
    return cached
  context.locale = lang
  const out = coreTranslate(context, key, params ?? {})
  if (typeof out !== 'string')
    throw new Error(`No message "${key}"`)
  if (cacheKey !== undefined)
    plain.set(cacheKey, out)
  return out
}

/** Whether the catalog has `key` (in zh-CN, the reference language). */
export function hasMessage(key: string): boolean {
  return messageAt(CATALOG['zh-CN'], key) !== undefined
}

/** A text (a key and its parameters) worded in `lang`. */
export function word(lang: Lang, text: Text): string {
  return renderText((key, params) => translate(lang, key, params), text)
}
