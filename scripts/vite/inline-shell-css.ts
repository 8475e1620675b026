import type { Plugin } from 'vite'

/**
 * The app shell's stylesheet inside index.html instead of a file beside it (issue #18). A
 * stylesheet in the head holds the first paint until it has arrived, and on a village's 3G that
 * is a round trip of its own (Lighthouse: "render-blocking request", 150 ms); inside the page it
 * comes with the page. It is small (7–8 KB, 3 KB gzip: Vant's base and the app's own rules; each
 * route's CSS stays in its chunk). The file is still emitted, so that the build manifest and the
 * size budget count it as before; nothing loads it. The Content-Security-Policy allows inline
 * styles (server/plugins/headers.ts).
 */
export function inlineShellCss(): Plugin {
  let base = '/'
  return {
    name: 'inline-shell-css',
    apply: 'build',
    configResolved(config) {
      base = config.base
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const entry = Object.values(ctx.bundle ?? {}).find(item => item.type === 'chunk' && item.isEntry)
        if (entry?.type !== 'chunk')
          return
        let page = html
        for (const file of entry.viteMetadata?.importedCss ?? []) {
          const asset = ctx.bundle?.[file]
          const css = asset?.type === 'asset' ? String(asset.source) : undefined
          const link = page.match(new RegExp(`<link rel="stylesheet"[^>]*href="${(base + file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`))
          if (css === undefined || !link)
            throw new Error(`inline-shell-css: index.html has no <link> of ${file}, or the bundle has no such file`)
          // The parser would end the <style> there; CSS has no reason to say it.
          if (/<\/style/i.test(css))
            throw new Error(`inline-shell-css: ${file} contains "</style"`)
          page = page.replace(link[0], () => `<style>${css.trim()}</style>`)
        }
        return page
      },
    },
  }
}
