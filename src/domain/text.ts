/**
 * Words as a key into the locale catalogs and their parameters, so that whoever shows them (the
 * PWA's vue-i18n or the server's formatter, both on the same message format) picks the language.
 * The diagnosis engine and the server's notes return these instead of finished sentences.
 */
export interface Text {
  key: string
  params?: Record<string, TextParam>
}

/** A parameter is a plain value, another text (worded first), or a list of texts. */
export type TextParam = string | number | Text | readonly Text[]

/** Looks a key up in one language and fills in plain parameters. */
export type Translate = (key: string, params: Record<string, string | number>) => string

/** Where lists of texts are joined: "；" in Chinese, "; " in English. */
export const LIST_SEPARATOR_KEY = 'domain.listSeparator'

export function text(key: string, params?: Record<string, TextParam>): Text {
  return params ? { key, params } : { key }
}

export function isText(value: unknown): value is Text {
  return typeof value === 'object' && value !== null && typeof (value as Text).key === 'string'
}

/** The text worded by `translate`: nested texts first, lists joined with the language's separator. */
export function renderText(translate: Translate, { key, params = {} }: Text): string {
  const plain: Record<string, string | number> = {}
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value))
      plain[name] = value.map(part => renderText(translate, part)).join(translate(LIST_SEPARATOR_KEY, {}))
    else if (isText(value))
      plain[name] = renderText(translate, value)
    else
      plain[name] = value as string | number
  }
  return translate(key, plain)
}
