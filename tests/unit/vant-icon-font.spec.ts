import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { appIconNames, fontCodePoints, iconCodePoints, iconNamesIn, iconNamesNotKept, subsetIconCss, subsetIconFont, vantModulesDir } from '../../scripts/vite/vant-icon-font'

const ROOT = join(import.meta.dirname, '../..')
const ICON_CSS = readFileSync(join(vantModulesDir(ROOT), 'icon/index.css'), 'utf8')
const ICONS = iconCodePoints(ICON_CSS)
const FONT = Buffer.from(/data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)/.exec(ICON_CSS)![1]!, 'base64')
const subsetFont = createRequire(import.meta.url)('subset-font') as (font: Uint8Array, text: string, options: { targetFormat: 'truetype' }) => Promise<Buffer>
const codePointsOf = (...names: string[]) => new Map(names.map(name => [name, ICONS.get(name)!]))

/**
 * The icons each Vant component the app uses draws by itself, read from its source in
 * vant/es (Vant 4.10), the components it renders inside included. The app's own icon props
 * (`icon="printer"`) are not listed: they are in src/.
 */
const VANT_COMPONENT_ICONS: Record<string, string[]> = {
  'button': [],
  // is-link, with arrow-direction.
  'cell': ['arrow', 'arrow-left', 'arrow-up', 'arrow-down'],
  'cell-group': [],
  // Checked, and indeterminate.
  'checkbox': ['success', 'minus'],
  'checkbox-group': [],
  'config-provider': [],
  // Its Popup without a close icon.
  'dialog': [],
  'dropdown-menu': [],
  // The chosen option's tick (options in Cells without arrows, in a Popup without a close icon).
  'dropdown-item': ['success'],
  'empty': [],
  // Its clear button; it renders a Cell.
  'field': ['clear', 'arrow', 'arrow-left', 'arrow-up', 'arrow-down'],
  'form': [],
  'icon': [],
  'loading': [],
  // left-arrow.
  'nav-bar': ['arrow-left'],
  // Closeable and link modes.
  'notice-bar': ['cross', 'arrow'],
  'progress': [],
  'radio': ['success'],
  'radio-group': [],
  'switch': [],
  'tab': [],
  'tabs': [],
  'tabbar': [],
  'tabbar-item': [],
  // Closeable.
  'tag': ['cross'],
  // Success and fail types.
  'toast': ['success', 'fail'],
}
/** The Vant functions the app may import, by component: what the app imports from 'vant' besides types. */
const VANT_FUNCTIONS: Record<string, string> = { showToast: 'toast' }

/** The app's code, read the way a person would grep it: tests left out. */
const appFiles = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter(file => /\.(?:vue|ts)$/.test(file) && !/(?:\.spec|test-support|testing|test-setup)\.ts$/.test(file))
  .map(file => ({ file, code: readFileSync(join(ROOT, 'src', file), 'utf8') }))

/** An element's start tag with its attributes (a quoted value may hold `>`). */
const START_TAG = /<([\w-]+)(\s(?:[^>"']|"[^"]*"|'[^']*')*)?>/g
/** An attribute that names an icon: `icon`, `left-icon`…, and `name` on <van-icon>. */
const ATTRIBUTE = /(?<=\s)(:|v-bind:)?([\w-]+)="([^"]*)"/g

/**
 * The icons src/ names where it asks for one: icon attributes of its templates (a bound one is a
 * ternary of names or reads an `icon` field), and `icon: '…'` fields of its scripts. A bound
 * attribute of another shape is reported in `unreadable`.
 */
function iconsNamedInSrc() {
  const names = new Set<string>()
  const unreadable: string[] = []
  for (const { file, code } of appFiles) {
    for (const [, tag, attributes] of file.endsWith('.vue') ? code.matchAll(START_TAG) : []) {
      for (const [, bound, attribute, value] of (attributes ?? '').matchAll(ATTRIBUTE)) {
        if (attribute !== 'icon' && !attribute!.endsWith('-icon') && !(attribute === 'name' && tag === 'van-icon'))
          continue
        if (!bound) {
          names.add(value!)
          continue
        }
        const branches = [...value!.matchAll(/(?:^|[?:])\s*'([^']*)'/g)].map(([, name]) => name!)
        if (branches.length)
          branches.forEach(name => names.add(name))
        else if (!/^(?:\w+\.)*icon$/.test(value!.trim()))
          unreadable.push(`${file}: ${attribute}="${value}"`)
      }
    }
    for (const [, name] of code.matchAll(/\bicon:\s*'([^']*)'/g))
      names.add(name!)
  }
  return { names, unreadable }
}

/** The Vant components src/ uses: its tags, and what it imports from 'vant'. */
function vantComponentsOfSrc() {
  const components = new Set<string>()
  for (const { code } of appFiles) {
    for (const [, component] of code.matchAll(/<van-([a-z-]+)/g))
      components.add(component!)
    for (const [, names] of code.matchAll(/import\s+\{([^}]*)\}\s+from\s+'vant'/g)) {
      for (const name of names!.split(',').map(item => item.trim()))
        components.add(VANT_FUNCTIONS[name] ?? `unknown import ${name}`)
    }
  }
  return components
}

describe('iconNamesIn', () => {
  it.each([
    ['a static attribute', '<van-icon name="arrow-left" />', ['arrow-left']],
    ['a ternary', ':name="reading ? \'pause-circle-o\' : \'volume-o\'"', ['pause-circle-o', 'volume-o']],
    ['a field in TypeScript', '{ to: \'/list\', icon: \'gift-o\' }', ['gift-o']],
    ['a template literal', '`star`', ['star']],
    ['a word that is no icon', 'name="resident"', []],
  ])('should find the icon names of %s', (_case, code, names) => {
    expect([...iconNamesIn(code, ICONS)].sort()).toEqual([...names].sort())
  })

  it.each([
    // eslint-disable-next-line no-template-curly-in-string -- Vant's source (vant/es/cell/Cell.mjs), as text
    ['a template literal', 'const name2 = `arrow-${props.arrowDirection}`'],
    ['a minified concatenation', 'name:"arrow-"+e.arrowDirection'],
  ])('should take every icon of a family whose name %s builds from its prefix', (_case, code) => {
    expect([...iconNamesIn(code, ICONS)].sort()).toEqual([...ICONS.keys()].filter(name => name.startsWith('arrow-')).sort())
  })
})

describe('the icons the app can show', () => {
  const kept = appIconNames(ROOT, ICONS)

  it('should keep every icon src/ asks for, each one of Vant\'s', () => {
    const { names, unreadable } = iconsNamedInSrc()

    expect(unreadable).toEqual([])
    expect(names.size).toBeGreaterThan(30)
    expect([...names].filter(name => !ICONS.has(name))).toEqual([])
    expect([...names].filter(name => !kept.has(name))).toEqual([])
  })

  it('should know the icons of every Vant component src/ uses', () => {
    expect([...vantComponentsOfSrc()].filter(component => !(component in VANT_COMPONENT_ICONS))).toEqual([])
  })

  it('should keep every icon the Vant components src/ uses draw by themselves', () => {
    const drawn = new Set([...vantComponentsOfSrc()].flatMap(component => VANT_COMPONENT_ICONS[component] ?? []))

    expect([...drawn].filter(name => !kept.has(name))).toEqual([])
  })

  it('should leave out icons nothing in the app names', () => {
    expect(kept.size).toBeLessThan(ICONS.size / 2)
    expect(kept.has('wechat')).toBe(false)
  })
})

describe('fontCodePoints', () => {
  it('should read the code points a font maps to glyphs', async () => {
    const codePoints = codePointsOf('arrow', 'star')
    const sfnt = await subsetFont(FONT, String.fromCodePoint(...codePoints.values()), { targetFormat: 'truetype' })

    expect([...fontCodePoints(sfnt)].sort()).toEqual([...codePoints.values()].sort())
  })
})

describe('subsetIconFont', () => {
  it('should give a woff2 with the glyphs of the icons kept, smaller than the whole font', async () => {
    const font = await subsetIconFont(FONT, codePointsOf('arrow', 'star', 'cross'))

    expect(font.subarray(0, 4).toString('latin1')).toBe('wOF2')
    expect(font.length).toBeLessThan(FONT.length / 4)
  })

  it('should fail when a kept icon has no glyph in the font', async () => {
    await expect(subsetIconFont(FONT, new Map([...codePointsOf('arrow'), ['no-such-icon', 0x41]])))
      .rejects
      .toThrow('no glyph for no-such-icon')
  })
})

describe('subsetIconCss', () => {
  const css = subsetIconCss(ICON_CSS, '../../.vite/vant-icon-font/vant-icon-1234abcd.woff2', new Set(['arrow', 'star']))

  it('should point the font at the subset file and keep the rules of the icons kept only', () => {
    expect(css).not.toContain('data:font')
    expect(css).toContain('src:url("../../.vite/vant-icon-font/vant-icon-1234abcd.woff2")')
    expect([...iconCodePoints(css).keys()].sort()).toEqual(['arrow', 'star'])
  })

  it('should hide an icon while its font loads rather than show its code point in another font', () => {
    expect(css).toMatch(/@font-face\{[^}]*font-display:block/)
    expect(css).not.toContain('font-display:auto')
  })
})

describe('iconNamesNotKept', () => {
  const module = (code: string) => ({ code })

  it('should name the icons that rendered code of src/ or Vant names and the font lacks, and ignore other modules', () => {
    const chunks = [
      { type: 'chunk' as const, modules: {
        '/app/src/features/kiosk/views/KioskAttractPage.vue?vue&type=script&setup=true&lang.ts': module('icon: "gift-o", other: "arrow"'),
        '/app/src/features/kiosk/views/KioskAttractPage.vue?vue&type=style&index=0&scoped=1&lang.css': module('.close { content: "close" }'),
        '/app/node_modules/vant/es/tag/Tag.mjs': module('name: "cross"'),
        '/app/node_modules/vue-router/dist/vue-router.mjs': module('"search"'),
        '/app/src/app/locales/en.json': module('{ "edit": "Edit" }'),
      } },
      { type: 'asset' as const },
    ]

    expect(iconNamesNotKept(chunks, ICONS, new Set(['arrow']))).toEqual(new Map([
      ['gift-o', '/app/src/features/kiosk/views/KioskAttractPage.vue?vue&type=script&setup=true&lang.ts'],
      ['cross', '/app/node_modules/vant/es/tag/Tag.mjs'],
    ]))
  })
})
