import type { FastifyInstance } from 'fastify'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'

/**
 * Below this many bytes an API answer goes out as it is: the saving would be less than a
 * packet, and compressing costs the server time for nothing.
 */
export const COMPRESS_MIN_BYTES = 1024
/**
 * Brotli at 4 compresses JSON about as well as gzip at 9 at a fraction of the time; the high
 * levels the build uses for the static files (scripts/vite/precompress.ts) are too slow per request.
 */
const BROTLI_QUALITY = 4
const GZIP_LEVEL = 6

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** The encoding the browser takes that we send, brotli first; null when it takes neither. */
export function pickEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  const accepted = new Map<string, number>()
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    const q = params.map(p => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean)
    accepted.set(name, q ? Number(q[1]) : 1)
  }
  if ((accepted.get('br') ?? 0) > 0)
    return 'br'
  if ((accepted.get('gzip') ?? 0) > 0)
    return 'gzip'
  return null
}

/**
 * Compresses the JSON answers of /api (issue #18): a household's happiness list is several KB
 * that a phone on a village's 3G downloads on every visit. The static files are precompressed
 * at build (@fastify/static's preCompressed); this is for what is made per request. Off the
 * event loop (zlib's thread pool), so one large answer does not hold up the others.
 */
export function registerApiCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/') || reply.hasHeader('content-encoding'))
      return payload
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload))
      return payload
    if (!/^application\/(?:[\w.+-]*\+)?json/.test(String(reply.getHeader('content-type') ?? '')))
      return payload
    // Whatever the size, the answer depends on the header: a shared cache must keep them apart.
    const vary = String(reply.getHeader('vary') ?? '')
    if (!/accept-encoding/i.test(vary))
      reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
    const encoding = pickEncoding(request.headers['accept-encoding'])
    if (!encoding)
      return payload
    // Measured, not copied: a Buffer of every answer only to read its length was garbage that
    // the collector spent more on than the route did (issue #18). zlib takes the string itself.
    const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length
    if (size < COMPRESS_MIN_BYTES)
      return payload
    const compressed = encoding === 'br'
      ? await brotli(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: size } })
      : await gzipAsync(payload, { level: GZIP_LEVEL })
    reply.header('content-encoding', encoding)
    reply.header('content-length', compressed.length)
    return compressed
  })
}
