import type { CoreContext, CoreOptions, LocaleMessage } from '@intlify/core-base'
import type { Lang } from './lang'
import type { Text } from './text'
import { compile, createCoreContext, registerMessageCompiler, registerMessageResolver, resolveValue, translate } from '@intlify/core-base'
import { renderText } from './text'

// Specs of src/domain check the words people read, so they word texts the way the PWA and the
// server do: the catalogs of src/domain (all its locale folders) in vue-i18n's message format.
registerMessageCompiler(compile)
registerMessageResolver(resolveValue)

interface LocaleModule { default: LocaleMessage }
const FILES = import.meta.glob<LocaleModule>('./**/locales/*.json', { eager: true })

function messagesOf(lang: Lang): LocaleMessage {
  return Object.assign({}, ...Object.entries(FILES).filter(([path]) => path.endsWith(`/${lang}.json`)).map(([, m]) => m.default))
}

/** One context per language, so that wording in one never switches another's locale. */
const contexts = new Map<Lang, CoreContext<string, Record<string, LocaleMessage>, object, object, string>>()

function contextOf(lang: Lang) {
  let context = contexts.get(lang)
  if (!context) {
    context = createCoreContext<string, CoreOptions<string>, Record<string, LocaleMessage>, object, object, string>({
      locale: lang,
      fallbackLocale: false,
      messages: { [lang]: messagesOf(lang) },
      missing: (_context, _locale, key) => {
        throw new Error(`No message "${key}"`)
      },
    })
    contexts.set(lang, context)
  }
  return context
}

/** A text of the domain in `lang`, as a person reads it. */
export function wordIn(lang: Lang, value: Text): string {
  return renderText((key, params) => {
    const out = translate(contextOf(lang), key, params)
    if (typeof out !== 'string')
      throw new Error(`No message "${key}"`)
    return out
  }, value)
}
