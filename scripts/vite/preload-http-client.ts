import type { Logger, Plugin } from 'vite'

/** The module of the HTTP client (axios), which the app shell imports lazily (src/api/client.ts). */
const HTTP_CLIENT_MODULE = /\/src\/api\/http\.ts$/

interface ChunkLike { type: 'chunk', fileName: string, imports: string[], moduleIds: string[], isEntry: boolean }

/**
 * A `<link rel="modulepreload">` of the HTTP client's chunk in index.html (issue #18). The client
 * stays out of the app shell's code, but a signed-in page asks for it at once (its session check),
 * so its download starts with the shell's instead of after it: /api/session is then one step
 * earlier. Its imports that the shell does not already load come along.
 */
export function preloadHttpClient(): Plugin {
  let base = '/'
  let logger: Logger | undefined
  return {
    name: 'preload-http-client',
    apply: 'build',
    configResolved(config) {
      base = config.base
      logger = config.logger
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle)
          return
        const chunks = Object.values(ctx.bundle).filter((item): item is typeof item & ChunkLike => item.type === 'chunk') as ChunkLike[]
        const byFile = new Map(chunks.map(chunk => [chunk.fileName, chunk]))
        const client = chunks.find(chunk => chunk.moduleIds.some(id => HTTP_CLIENT_MODULE.test(id)))
        if (!client) {
          logger?.warn('preload-http-client: no chunk holds src/api/http.ts; nothing preloaded')
          return
        }
        // What the shell loads anyway: its entry and the entry's static imports, transitively.
        const shell = new Set<string>()
        const addWithImports = (file: string, into: Set<string>) => {
          if (into.has(file))
            return
          into.add(file)
          for (const imported of byFile.get(file)?.imports ?? [])
            addWithImports(imported, into)
        }
        for (const chunk of chunks.filter(item => item.isEntry))
          addWithImports(chunk.fileName, shell)
        const needed = new Set<string>()
        addWithImports(client.fileName, needed)
        return [...needed].filter(file => !shell.has(file)).map(file => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${file}` },
          injectTo: 'head' as const,
        }))
      },
    },
  }
}
