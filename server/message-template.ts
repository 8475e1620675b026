// Most catalog messages are text with named placeholders ("第{n}位成员（{relation}）"). Those are
// filled in here directly, from the message compiled once, instead of through the full vue-i18n
// translate on every call (issue #18: wording the diagnosis reasons was most of the diagnosis
// API's time). The result is what vue-i18n gives for such a message: text as written, each
// `{name}` replaced by the parameter as a string, an absent parameter by nothing. Any other
// syntax (linked messages @:, plurals |, literals {'…'}, modifiers, % forms) is left to vue-i18n:
// `compileTemplate` returns null for it. message-template.spec.ts checks both agree on every message.

export type Template = (params: Readonly<Record<string, string | number>>) => string

/** Only text and {name}: no character vue-i18n's message syntax gives a meaning to. */
const SIMPLE_MESSAGE = /^(?:[^{}@|%]|\{[A-Z_]\w*\})*$/i
const PLACEHOLDER = /\{([A-Z_]\w*)\}/i

/** A message's parts: texts at even indexes, parameter names at odd ones. */
function parts(source: string): string[] {
  return source.split(PLACEHOLDER)
}

export function compileTemplate(source: string): Template | null {
  if (!SIMPLE_MESSAGE.test(source))
    return null
  const pieces = parts(source)
  if (pieces.length === 1)
    return () => source
  return (params) => {
    let out = pieces[0]!
    for (let i = 1; i < pieces.length; i += 2) {
      const value = params[pieces[i]!]
      out += (value == null ? '' : String(value)) + pieces[i + 1]!
    }
    return out
  }
}
