import type { Plugin } from 'vite'
import { gzipSync } from 'node:zlib'

/**
 * The app shell (the entry chunk and its static imports), JS in gzip bytes: issue #18's goal. It
 * weighs 74 KB (axios, the update prompt and the session-ended notice load lazily); what the first
 * screen does not show stays out of it.
 */
export const SHELL_JS_BUDGET = 80 * 1024
/** The first route's CSS (the shell's and the sign-in page's), issue #18's goal; under 10 KB since Vant's icon font is a file of its own and keeps only the icons the app shows. */
export const FIRST_ROUTE_CSS_BUDGET = 30 * 1024
/** The first route: the sign-in page, where a person without a session lands. */
export const FIRST_ROUTE = 'src/features/account/views/LoginPage.vue'

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/** Fails the build when the app shell's JS or the first route's CSS is over its budget. */
export function sizeBudget(): Plugin {
  return {
    name: 'size-budget',
    apply: 'build',
    applyToEnvironment: environment => environment.config.consumer === 'client',
    // After the write: Vite fills in the preload lists of dynamic imports while generating the bundle.
    writeBundle(_options, bundle) {
      const byFile = new Map(Object.values(bundle).map(item => [item.fileName, item]))
      const gz = (file: string) => {
        const item = byFile.get(file)!
        return gzipSync(item.type === 'chunk' ? item.code : item.source, { level: 9 }).length
      }
      /** A chunk's file, its static imports' and their CSS. */
      const closure = (file: string, files = new Set<string>()): Set<string> => {
        const item = byFile.get(file)
        if (item?.type !== 'chunk' || files.has(file))
          return files
        files.add(file)
        item.viteMetadata?.importedCss.forEach(css => files.add(css))
        item.imports.forEach(imported => closure(imported, files))
        return files
      }
      const chunks = Object.values(bundle).filter(item => item.type === 'chunk')
      const entry = chunks.find(chunk => chunk.isEntry)
      // Its chunk may hold more than the page (scripts/vite/first-route-chunks.ts): the one with its module.
      const first = chunks.find(chunk => chunk.moduleIds.some(id => id.endsWith(FIRST_ROUTE)))
      if (!entry || !first)
        return
      const shell = closure(entry.fileName)
      const shellJs = [...shell].filter(file => file.endsWith('.js')).reduce((sum, file) => sum + gz(file), 0)
      const firstCss = [...closure(first.fileName, new Set(shell))].filter(file => file.endsWith('.css')).reduce((sum, file) => sum + gz(file), 0)
      this.info(`app shell JS ${kb(shellJs)} gzip (budget ${kb(SHELL_JS_BUDGET)}), first route CSS ${kb(firstCss)} (budget ${kb(FIRST_ROUTE_CSS_BUDGET)})`)
      if (shellJs > SHELL_JS_BUDGET)
        this.error(`The app shell's JS is ${kb(shellJs)} gzip, over its budget of ${kb(SHELL_JS_BUDGET)} (issue #18): load what the first screen does not show lazily`)
      if (firstCss > FIRST_ROUTE_CSS_BUDGET)
        this.error(`The first route's CSS is ${kb(firstCss)} gzip, over its budget of ${kb(FIRST_ROUTE_CSS_BUDGET)} (issue #18)`)
    },
  }
}
