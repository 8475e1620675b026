import type { IndexHtmlTransformContext, IndexHtmlTransformResult, Plugin, ResolvedConfig } from 'vite'
import { describe, expect, it } from 'vitest'
import { inlineShellCss } from '../../scripts/vite/inline-shell-css'
import { vantIconFont } from '../../scripts/vite/vant-icon-font'

// What index.html carries for the first paint (issue #18): the shell's stylesheet inside it, and
// the icon font fetched with the shell.

const SHELL_CSS = 'assets/index-D4vsvosS.css'
const PAGE = `<head><script type="module" crossorigin src="/assets/index-abc.js"></script>
<link rel="stylesheet" crossorigin href="/${SHELL_CSS}"></head><body><div id="app"></div></body>`

function bundle(css: string, files: Record<string, unknown> = {}): IndexHtmlTransformContext['bundle'] {
  return {
    'assets/index-abc.js': { type: 'chunk', isEntry: true, fileName: 'assets/index-abc.js', viteMetadata: { importedCss: new Set([SHELL_CSS]), importedAssets: new Set() } },
    [SHELL_CSS]: { type: 'asset', fileName: SHELL_CSS, source: css },
    ...files,
  } as unknown as IndexHtmlTransformContext['bundle']
}

function transform(plugin: Plugin, html: string, ctxBundle: IndexHtmlTransformContext['bundle']): IndexHtmlTransformResult | void {
  const configResolved = plugin.configResolved as (config: Partial<ResolvedConfig>) => void
  configResolved({ base: '/', root: process.cwd(), cacheDir: '', command: 'build' })
  const hook = plugin.transformIndexHtml as { handler: (html: string, ctx: Partial<IndexHtmlTransformContext>) => IndexHtmlTransformResult | void }
  return hook.handler(html, { bundle: ctxBundle, path: '/index.html', filename: 'index.html' })
}

describe('the shell\'s stylesheet in index.html', () => {
  it('should replace the shell\'s <link> with its rules, and leave the rest of the page as it was', () => {
    const page = transform(inlineShellCss(), PAGE, bundle('body{margin:0}\n')) as string
    expect(page).toContain('<style>body{margin:0}</style>')
    expect(page).not.toContain(SHELL_CSS)
    expect(page.replace('<style>body{margin:0}</style>', `<link rel="stylesheet" crossorigin href="/${SHELL_CSS}">`)).toBe(PAGE)
  })

  it('should keep a "$&" in the rules as it is (no replacement pattern)', () => {
    const page = transform(inlineShellCss(), PAGE, bundle('a::after{content:"$&"}')) as string
    expect(page).toContain('<style>a::after{content:"$&"}</style>')
  })

  it('should fail the build rather than drop the shell\'s styles: no <link> to replace, or rules that would end the <style>', () => {
    expect(() => transform(inlineShellCss(), PAGE.replace(/<link[^>]*>/, ''), bundle('body{margin:0}'))).toThrow(/no <link>/)
    expect(() => transform(inlineShellCss(), PAGE, bundle('a::after{content:"</style>"}'))).toThrow(/<\/style/)
  })
})

describe('the icon font in index.html', () => {
  it('should preload the subset icon font the build emitted, as a font fetched without credentials', () => {
    const font = 'assets/vant-icon-2602970d-DCfz_l5V.woff2'
    const tags = transform(vantIconFont(), PAGE, bundle('', { [font]: { type: 'asset', fileName: font, source: new Uint8Array(1) } }))
    expect(tags).toEqual([{ tag: 'link', attrs: { rel: 'preload', as: 'font', type: 'font/woff2', crossorigin: true, href: `/${font}` }, injectTo: 'head' }])
  })

  it('should fail the build when there is no icon font to preload', () => {
    expect(() => transform(vantIconFont(), PAGE, bundle(''))).toThrow(/no icon font/)
  })
})
