import type { FastifyInstance } from 'fastify'
import fastifyHelmet from '@fastify/helmet'
import Fastify from 'fastify'

/**
 * What the PWA may load (issue #13). Scripts only from our own origin: the build has no inline
 * script (vite-plugin-pwa registers the service worker from a bundled module, injectRegister is
 * off). Styles also inline: Vue's :style bindings and Vant's components set style attributes.
 * Images as data: and blob: (QR codes drawn by `qrcode`, photos picked and previewed before
 * upload). The camera of the scanner is a MediaStream (srcObject), which needs no source.
 */
export const CSP_DIRECTIVES = {
  'default-src': ['\'self\''],
  'script-src': ['\'self\''],
  'style-src': ['\'self\'', '\'unsafe-inline\''],
  'img-src': ['\'self\'', 'data:', 'blob:'],
  'font-src': ['\'self\'', 'data:'],
  'connect-src': ['\'self\''],
  'media-src': ['\'self\'', 'blob:'],
  'worker-src': ['\'self\''],
  'manifest-src': ['\'self\''],
  'object-src': ['\'none\''],
  'base-uri': ['\'self\''],
  'form-action': ['\'self\''],
  'frame-ancestors': ['\'none\''],
}

/** A year, with subdomains: browsers then never try plain HTTP again. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60

/**
 * Public answers that are the same for everyone and safe to keep in a cache; every other /api
 * answer is `no-store` (personal data must not stay in a shared or browser cache).
 * - regions: the published assistance standards, which change with a deploy at most.
 * - household-code keys: public keys and revoked versions; may be stored for offline
 *   verification but revalidated on every use, so a revocation is seen at once.
 */
const CACHEABLE_API: Record<string, string> = {
  '/api/regions': 'public, max-age=3600',
  '/api/regions/:region': 'public, max-age=3600',
  '/api/household-code/keys': 'public, no-cache',
}
const NO_STORE = 'no-store'

export interface HeaderOptions {
  /** Production: HSTS. */
  production: boolean
  /** Served over HTTPS (secure cookies): ask browsers to upgrade any http: subresource. */
  https: boolean
}

type HelmetOptions = Parameters<typeof fastifyHelmet>[1]

/**
 * The headers helmet sets with these options, found once by letting it answer one request of a
 * throw-away instance. They are the same for every answer (no CSP nonces, no per-route helmet
 * options): helmet itself would build its middleware and the CSP string again at every request,
 * a few per cent of a small API answer's time (issue #18).
 */
async function helmetHeaders(options: HelmetOptions): Promise<[string, number | string | readonly string[]][]> {
  const probe = Fastify()
  const headers: [string, number | string | readonly string[]][] = []
  try {
    // Around helmet's hooks: what helmet sets, names spelled as helmet spells them, and nothing else.
    let recording = false
    probe.addHook('onRequest', async (_request, reply) => {
      const raw = reply.raw
      const setHeader = raw.setHeader.bind(raw)
      raw.setHeader = (name, value) => {
        if (recording)
          headers.push([name, value])
        return setHeader(name, value)
      }
      recording = true
    })
    await probe.register(fastifyHelmet, options)
    probe.addHook('onRequest', async () => {
      recording = false
    })
    probe.get('/', async () => '')
    await probe.inject({ method: 'GET', url: '/' })
  }
  finally {
    await probe.close()
  }
  if (!headers.some(([name]) => name.toLowerCase() === 'content-security-policy'))
    throw new Error('helmet set no Content-Security-Policy on its probe request')
  return headers
}

/** Security headers on every answer, and the caching rule of the API. */
export async function registerSecurityHeaders(app: FastifyInstance, { production, https }: HeaderOptions): Promise<void> {
  const security = await helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...CSP_DIRECTIVES, ...(https ? { 'upgrade-insecure-requests': [] } : {}) },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Outside production the app runs on http://localhost, where HSTS would only get in the way.
    strictTransportSecurity: production ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true } : false,
  })
  // Where helmet sets them (on the raw answer, first of all hooks), so errors and 404s carry them too.
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of security)
      reply.raw.setHeader(name, value)
    done()
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const [path = request.url] = request.url.split('?')
    // The docs viewer's files have their own caching; the PWA's files get theirs in app.ts.
    if (!path.startsWith('/api/') || path.startsWith('/api/docs'))
      return payload
    // A route that says how its answer may be cached (a photo: private, no-store) keeps its word.
    if (!reply.hasHeader('cache-control')) {
      const cacheable = reply.statusCode === 200 ? CACHEABLE_API[request.routeOptions.url ?? ''] : undefined
      reply.header('cache-control', cacheable ?? NO_STORE)
    }
    return payload
  })
}
