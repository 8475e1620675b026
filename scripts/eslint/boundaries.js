/**
 * The architecture's import boundaries as one ESLint rule (issue #17), checked on resolved paths so
 * that nesting cannot slip past it (a pattern on the import string only sees `../`):
 *
 * - src/domain is shared by the PWA and the server: it imports nothing outside src/domain.
 * - A feature (src/features/<name>) uses another feature only through its public entry,
 *   src/features/<other>/index.ts; what several features need lives in src/app (components,
 *   composables, formatters) or src/domain (rules). The frame (src/app) and the API client
 *   (src/api) use features through their entries too; the frame's lazy imports (the router's
 *   routes, the kiosk session) are the exception, since they load a feature's own page or panel.
 *   An entry re-exports functions, stores and types, never components: a re-exported component
 *   would bring its CSS into every chunk that imports the entry.
 * - The PWA never imports the server or the demo stand-ins, and the server, mock/ and scripts never
 *   import the PWA's frame, features or client (only src/domain).
 *
 * Tests may reach into what they test (another feature's test-support, a component of another
 * feature in a cross-feature accessibility sweep), but src/domain stays pure in its tests too.
 */
import { dirname, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Path from the project root with forward slashes. */
function fromRoot(file) {
  return relative(ROOT, file).split(sep).join('/')
}

function isTestFile(path) {
  return /\.spec\.ts$/.test(path) || /test-support\.ts$/.test(path) || /(?:^|\/)(?:testing|test-setup)\.ts$/.test(path) || path.startsWith('tests/')
}

function featureOf(path) {
  const match = /^src\/features\/([^/]+)\//.exec(path)
  return match ? match[1] : undefined
}

/**
 * A feature's public entries: src/features/<name>/index.ts (or the folder itself), and sw.ts for
 * what the service worker runs (its bundle must not pull in the stores and views of index.ts).
 */
function isPublicEntry(target, feature, file) {
  const entry = target.replace(/\.ts$/, '')
  const base = `src/features/${feature}`
  return entry === base || entry === `${base}/index` || (file === 'src/app/sw.ts' && entry === `${base}/sw`)
}

const MESSAGES = {
  domain: 'src/domain is shared by the PWA and the server: it imports only from src/domain ({{target}}).',
  feature: 'Use feature "{{feature}}" through its public entry src/features/{{feature}}/index.ts, or move what is shared to src/app or src/domain ({{target}}).',
  pwaToServer: 'The PWA does not import the server or mock/ ({{target}}).',
  serverToPwa: 'server/, mock/ and scripts/ share only src/domain with the PWA ({{target}}).',
  entryComponent: 'A feature entry re-exports no components (their CSS would load with every importer): move {{target}} to src/app/components if several features use it.',
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: { type: 'problem', docs: { description: 'Keeps the import boundaries of src/domain, features, PWA and server' }, schema: [], messages: MESSAGES },
  create(context) {
    const file = fromRoot(context.filename ?? context.getFilename())
    const test = isTestFile(file)
    const ownFeature = featureOf(file)

    function check(node, source, dynamic, reexport = false) {
      if (typeof source !== 'string' || !source.startsWith('.'))
        return
      const target = fromRoot(resolve(ROOT, dirname(file), source))
      const report = (messageId, data = {}) => context.report({ node, messageId, data: { target, ...data } })
      if (reexport && /^src\/features\/[^/]+\/(?:index|sw)\.ts$/.test(file) && target.endsWith('.vue'))
        return report('entryComponent')

      if (file.startsWith('src/domain/')) {
        if (!target.startsWith('src/domain/'))
          report('domain')
        return
      }
      if (file.startsWith('src/')) {
        if (/^(?:server|mock)\//.test(target))
          return report('pwaToServer')
        const feature = featureOf(`${target}/`)
        // The frame loads a feature's pages and panels lazily (routes, the kiosk session).
        const lazyRoute = dynamic && file.startsWith('src/app/')
        if (feature && feature !== ownFeature && !test && !lazyRoute && !isPublicEntry(target, feature, file))
          report('feature', { feature })
        return
      }
      if (/^(?:server|mock|scripts)\//.test(file) && !test && /^src\/(?:app|features|api)\//.test(target))
        report('serverToPwa')
    }

    return {
      ImportDeclaration: node => check(node, node.source.value, false),
      ExportNamedDeclaration: node => node.source && check(node, node.source.value, false, true),
      ExportAllDeclaration: node => check(node, node.source.value, false, true),
      ImportExpression: node => node.source.type === 'Literal' && check(node, node.source.value, true),
    }
  },
}

export default { rules: { imports: rule } }
