import type { CoreContext } from '@intlify/core-base'
import { compile, translate as coreTranslate, createCoreContext, registerMessageCompiler, registerMessageResolver, resolveValue } from '@intlify/core-base'
import { describe, expect, it } from 'vitest'
import { compileTemplate } from './message-template'

registerMessageCompiler(compile)
registerMessageResolver(resolveValue)

// Every locale file the PWA or the server words from: the templates must agree with vue-i18n
// on each of their messages, whichever catalog they end up in.
const LOCALE_FILES = import.meta.glob<{ default: Record<string, unknown> }>(['../src/**/locales/*.json', './locales/*.json'], { eager: true })

function messagesOf(node: unknown, path: string[] = []): [string, string][] {
  if (typeof node === 'string')
    return [[path.join('.'), node]]
  if (typeof node !== 'object' || node === null)
    return []
  return Object.entries(node).flatMap(([key, value]) => messagesOf(value, [...path, key]))
}

const context = createCoreContext({ locale: 'x', messages: { x: {} }, missingWarn: false, fallbackWarn: false }) as CoreContext<string>

/** What vue-i18n gives for `source` with `params`. */
function viaVueI18n(source: string, params: Record<string, string | number>): string {
  return coreTranslate(context, source, params, { resolvedMessage: true }) as string
}

const PLACEHOLDER = /\{([A-Z_]\w*)\}/gi

describe('message templates', () => {
  const messages = Object.entries(LOCALE_FILES).flatMap(([file, module]) => messagesOf(module.default).map(([key, source]) => [`${file} ${key}`, source] as const))

  it('should find the catalogs\' messages', () => {
    expect(messages.length).toBeGreaterThan(500)
  })

  it('should word every simple message of every locale file as vue-i18n does', () => {
    let simple = 0
    for (const [where, source] of messages) {
      const template = compileTemplate(source)
      if (!template)
        continue
      simple++
      const names = [...source.matchAll(PLACEHOLDER)].map(m => m[1]!)
      // Strings and numbers (whole, decimal, negative), and the same with one parameter absent.
      const params = Object.fromEntries(names.map((name, i) => [name, i % 3 === 0 ? `值${i}<b>&"'` : i % 3 === 1 ? 886.5 : -3]))
      expect(template(params), where).toBe(viaVueI18n(source, params))
      if (names.length > 0) {
        const { [names[0]!]: _left, ...fewer } = params
        expect(template(fewer), where).toBe(viaVueI18n(source, fewer))
      }
    }
    // Nearly all messages are simple: the fast path is the common one.
    expect(simple).toBeGreaterThan(messages.length * 0.9)
  })

  it.each([
    ['linked', 'see @:domain.caseStatus.approved'],
    ['plural', 'one item | {n} items'],
    ['literal', 'a {\'{\'} brace'],
    ['spaced placeholder', 'hello { name }'],
    ['list placeholder', 'hello {0}'],
    ['modulo form', 'hello %{name}'],
  ])('should leave a %s message to vue-i18n', (_what, source) => {
    expect(compileTemplate(source)).toBeNull()
  })

  it('should fill each placeholder with its parameter, as often as it appears', () => {
    expect(compileTemplate('{a}与{b}，又是{a}')!({ a: '甲', b: 2 })).toBe('甲与2，又是甲')
    expect(compileTemplate('no parameters')!({})).toBe('no parameters')
  })
})
