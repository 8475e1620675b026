import type { LocaleMessageValue } from 'vue-i18n'
import { baseCompile } from '@intlify/message-compiler'
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { precompileCatalog } from '../../scripts/vite/precompile-messages'

const FILE = 'src/features/demo/locales/en.json'
const CATALOG = {
  demo: {
    greeting: 'Hello, {name}!',
    contact: 'Write to help{\'@\'}example.org',
    title: 'Happiness Code',
  },
}

/** The module the plugin gives Vite, loaded as the browser would load it. */
async function load(source: string): Promise<Record<string, LocaleMessageValue>> {
  const code = precompileCatalog(source, FILE)
  const module = await import(/* @vite-ignore */ `data:text/javascript,${encodeURIComponent(code)}`) as { default: Record<string, LocaleMessageValue> }
  return module.default
}

describe('precompileCatalog', () => {
  it('should turn every message into the AST the compiler gives it', async () => {
    const ast = (text: string) => baseCompile(text, { jit: true, minify: true, location: false }).ast

    expect(await load(JSON.stringify(CATALOG))).toEqual({
      demo: { greeting: ast(CATALOG.demo.greeting), contact: ast(CATALOG.demo.contact), title: ast(CATALOG.demo.title) },
    })
  })

  it('should give messages that vue-i18n renders with their parameters and literals', async () => {
    const i18n = createI18n({ legacy: false, locale: 'en', messages: { en: await load(JSON.stringify(CATALOG)) } })
    const { t, te } = i18n.global

    expect(t('demo.greeting', { name: 'Ana' })).toBe('Hello, Ana!')
    expect(t('demo.contact')).toBe('Write to help@example.org')
    expect(t('demo.title')).toBe('Happiness Code')
    expect(te('demo.title')).toBe(true)
    expect(te('demo.missing')).toBe(false)
  })

  it('should fail naming the file and the key when a message does not parse', () => {
    const broken = JSON.stringify({ demo: { fine: 'Fine', greeting: 'Hello, {name' } })

    expect(() => precompileCatalog(broken, FILE)).toThrow(`${FILE}: 1 message error(s) (write a literal {, }, @ or | as {'{'}, {'}'}, {'@'}, {'|'}):\n  "demo.greeting" ("Hello, {name"): UNTERMINATED_CLOSING_BRACE`)
  })
})
