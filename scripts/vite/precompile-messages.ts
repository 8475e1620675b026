import type { Plugin } from 'vite'
import { relative } from 'node:path'
import { baseCompile, CompileErrorCodes } from '@intlify/message-compiler'

/** A message catalog: src/app/locales, src/features/<feature>/locales, src/domain/…/locales. */
const LOCALE_FILE = /\/locales\/[^/]+\.json$/

/**
 * The compiler's AST for a message without placeholders (five in six), built by one helper in
 * the module: written out for each, it made the app shell's JS 28 KB larger (0.5 KB gzip).
 */
const STATIC_MESSAGE = 's => ({ t: 0, b: { t: 2, i: [{ t: 3 }], s } })'
const staticMessageJSON = (text: string) => JSON.stringify({ t: 0, b: { t: 2, i: [{ t: 3 }], s: text } })

/** Compile errors by name: in production mode (`vite build`) the compiler gives only their codes. */
const ERROR_NAMES: Record<number, string> = Object.fromEntries(Object.entries(CompileErrorCodes).map(([name, code]) => [code, name]))

/**
 * A locale file (`source`, its JSON text) as an ES module whose messages are vue-i18n message
 * ASTs, the form its runtime formats without the message compiler (vue-i18n 10+'s JIT route).
 * Throws, naming `file` and each broken key, if a message does not parse.
 */
export function precompileCatalog(source: string, file: string): string {
  const errors: string[] = []
  const message = (text: string, path: string[]): string => {
    // What vue-i18n's runtime compiler would do on first use (core-base `compile`), done here once.
    const { ast } = baseCompile(text, {
      jit: true,
      minify: true,
      location: false,
      onError: error => errors.push(`"${path.join('.')}" (${JSON.stringify(text)}): ${ERROR_NAMES[error.code]}`),
    })
    const json = JSON.stringify(ast)
    return json === staticMessageJSON(text) ? `s(${JSON.stringify(text)})` : json
  }
  const emit = (value: unknown, path: string[]): string => {
    if (typeof value === 'string')
      return message(value, path)
    if (Array.isArray(value))
      return `[${value.map((item, i) => emit(item, [...path, String(i)])).join(',')}]`
    if (value !== null && typeof value === 'object')
      return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${emit(item, [...path, key])}`).join(',')}}`
    return JSON.stringify(value)
  }
  const catalog = emit(JSON.parse(source), [])
  if (errors.length)
    throw new Error(`${file}: ${errors.length} message error(s) (write a literal {, }, @ or | as {'{'}, {'}'}, {'@'}, {'|'}):\n  ${errors.join('\n  ')}`)
  return `const s = ${STATIC_MESSAGE}\nexport default ${catalog}\n`
}

/**
 * Ships the PWA's locale JSON as precompiled messages (issue #17), so the app shell carries
 * vue-i18n's runtime-only build without its message compiler (`__INTLIFY_DROP_MESSAGE_COMPILER__`,
 * see vite.config.ts). @intlify/unplugin-vue-i18n does this too, but needs Node 22.13.
 *
 * Browser modules only (the client environment, in builds and in vitest's happy-dom tests): the
 * server formats the same JSON with core-base's compiler (server/catalog.ts).
 */
export function precompileMessages(): Plugin {
  return {
    name: 'precompile-messages',
    // Before Vite's JSON plugin, which would otherwise read the module as JSON.
    enforce: 'pre',
    applyToEnvironment: environment => environment.config.consumer === 'client',
    transform: {
      filter: { id: LOCALE_FILE },
      handler(source, id) {
        const code = precompileCatalog(source, relative(this.environment.config.root, id))
        return { code, moduleType: 'js', map: null }
      },
    },
  }
}
