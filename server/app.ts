import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Adapters } from './adapters'
import type { ServerConfig } from './config'
import type { Db } from './db'
import type { OutboxReader } from './routes/dev'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import fastifyCookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod'
import { fastifyTrustProxy } from './config'
import { message } from './i18n'
import { registerApiCompression } from './plugins/compress'
import { registerErrorHandling } from './plugins/errors'
import { registerSecurityHeaders } from './plugins/headers'
import { registerInputGuard, urlRejected } from './plugins/input-guard'
import { registerPermissions } from './plugins/permissions'
import { registerSession } from './plugins/session'
import { applicationRoutes } from './routes/applications'
import { authRoutes } from './routes/auth'
import { devRoutes } from './routes/dev'
import { diagnosisRoutes } from './routes/diagnosis'
import { handoffRoutes } from './routes/handoffs'
import { happinessListRoutes } from './routes/happiness-list'
import { healthRoutes } from './routes/health'
import { householdRoutes } from './routes/household'
import { householdCodeRoutes } from './routes/household-code'
import { invitationRoutes } from './routes/household/invitations'
import { needRoutes } from './routes/needs'
import { notificationRoutes } from './routes/notifications'
import { notifyRoutes } from './routes/notify'
import { staffRoutes } from './routes/staff'
import { visitRoutes } from './routes/visits'
import { warningRoutes } from './routes/warnings'
import { serializerCompiler } from './serializer'
import { endConnectionsOnClose, readTlsCredentials } from './tls'

export interface AppDeps {
  db: Db
  adapters: Adapters
  config: ServerConfig
  /** false in tests; otherwise pino options. */
  logger?: boolean | object
}

/**
 * A page path as it may be logged: /h/<token> (and /h/<token>/visit) carries a household code,
 * which anyone who reads the log could otherwise open. (The hand-off token travels in the URL's
 * #fragment, which browsers never send.)
 */
export function loggablePath(url: string): string {
  const [path = url] = url.split('?')
  return path.replace(/^\/h\/[^/]*/, '/h/…')
}

/** Request logs carry method, path and status only: no query strings, cookies, IPs, bodies or codes in paths. */
export const LOG_OPTIONS = {
  level: process.env.LOG_LEVEL ?? 'info',
  serializers: {
    req: (req: { method: string, url: string }) => ({ method: req.method, path: loggablePath(req.url) }),
    res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
  },
}

/** Long-lived cache for fingerprinted assets; always revalidate the shell and the service worker. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'
/** Requests one HTTP/2 connection may have open at once. */
export const HTTP2_MAX_STREAMS = 100

export async function buildApp({ db, adapters, config, logger = false }: AppDeps): Promise<FastifyInstance> {
  // HTTPS by this process (config.tls): HTTP/2 for browsers, which then fetch the shell, its chunks
  // and the API over one connection instead of up to six that each start slow and shake hands
  // (issue #18); HTTP/1.1 on the same port for everything else. The request and reply objects keep
  // the HTTP/1 shape (Node's compatibility API), so the app's code is the same on both.
  // At most 100 requests at once on one connection (nginx allows 128; Node none by default): a
  // client cannot open thousands of streams on a connection or two.
  const protocol = config.tls ? { http2: true, https: { allowHTTP1: true, settings: { maxConcurrentStreams: HTTP2_MAX_STREAMS }, ...readTlsCredentials(config.tls) } } : {}
  const app = Fastify({
    ...(protocol as object),
    logger: logger === true ? LOG_OPTIONS : logger,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    // Shutdown must not wait for idle keep-alive connections of browsers.
    forceCloseConnections: true,
    bodyLimit: 2 * 1024 * 1024,
    frameworkErrors: urlRejected,
  }).withTypeProvider<ZodTypeProvider>()
  if (config.tls)
    endConnectionsOnClose(app)

  app.setValidatorCompiler(validatorCompiler)
  // Responses from their JSON Schema by fast-json-stringify where zod would not change them (serializer.ts).
  app.setSerializerCompiler(serializerCompiler)
  await registerSecurityHeaders(app, { production: config.production, https: config.secureCookies })
  await app.register(fastifyCookie)
  registerErrorHandling(app)
  registerInputGuard(app)
  registerSession(app, { db, secureCookies: config.secureCookies })
  registerPermissions(app)
  registerApiCompression(app)

  await app.register(fastifySwagger, {
    openapi: {
      // 3.1: its schemas are JSON Schema 2020-12, which is what the zod schemas become (nullable as type lists).
      openapi: '3.1.0',
      info: { title: '幸福码 API', description: 'Social assistance: accounts, households, diagnosis, applications, happiness list and code.', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  })
  // The document is always built (tests walk it); it is served only outside production or when asked for.
  if (config.apiDocs)
    await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' })

  const ctx = { db, adapters, config }
  await app.register(async (api) => {
    await api.register(healthRoutes(ctx))
    await api.register(authRoutes(ctx))
    await api.register(householdRoutes(ctx))
    await api.register(invitationRoutes(ctx))
    await api.register(diagnosisRoutes(ctx))
    await api.register(applicationRoutes(ctx))
    await api.register(staffRoutes(ctx))
    await api.register(notificationRoutes(ctx))
    await api.register(notifyRoutes(ctx))
    await api.register(happinessListRoutes(ctx))
    await api.register(householdCodeRoutes(ctx))
    await api.register(needRoutes(ctx))
    await api.register(visitRoutes(ctx))
    await api.register(handoffRoutes(ctx))
    await api.register(warningRoutes(ctx))
    if (config.demo && 'outbox' in adapters.sms)
      await api.register(devRoutes(ctx, adapters.sms as unknown as OutboxReader))
  }, { prefix: '/api' })

  const staticRoot = config.staticDir ? resolve(config.staticDir) : null
  const hasPwa = staticRoot !== null && existsSync(resolve(staticRoot, 'index.html'))
  if (hasPwa) {
    await app.register(fastifyStatic, {
      root: staticRoot,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each text file (scripts/vite/precompress.ts): a cheap
      // phone on 3G downloads a fifth of the bytes and the server compresses nothing per request.
      preCompressed: true,
      // Ours only: send's default (public, max-age=0) would override what setHeaders says.
      cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader('Cache-Control', path.includes('/assets/') ? IMMUTABLE : REVALIDATE)
        // The same URL is sent as br, gzip or plain: a shared cache must keep them apart.
        res.setHeader('Vary', 'Accept-Encoding')
      },
    })
  }

  app.setNotFoundHandler((request, reply) => {
    // App routes (/, /login, /h/<token>…) get the PWA shell; the router decides what they show.
    // A missing file (/assets/old-hash.js after a deploy) is a 404, not the shell: a script must never get HTML.
    const [path = request.url] = request.url.split('?')
    const wantsPage = request.method === 'GET' && hasPwa && !path.startsWith('/api') && !/\.\w+$/.test(path)
    if (wantsPage)
      return reply.header('Cache-Control', REVALIDATE).type('text/html').sendFile('index.html')
    return reply.status(404).send({ code: 'not_found', message: message(request.lang, 'not_found') })
  })

  return app
}
