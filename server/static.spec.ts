import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from './testing'

// The built PWA as the build leaves it: hashed assets with .br and .gz beside them (scripts/vite/precompress.ts).
const SCRIPT = `console.log(${JSON.stringify('幸福码'.repeat(400))})`
const PAGE = `<!doctype html><title>幸福码</title>${'<p>'.repeat(400)}`

describe('the built PWA as the server sends it', () => {
  let dir: string
  let app: Awaited<ReturnType<typeof createTestApp>>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xfm-static-'))
    mkdirSync(join(dir, 'assets'))
    for (const [name, body] of [['assets/index-abc123.js', SCRIPT], ['index.html', PAGE], ['sw.js', SCRIPT]]) {
      writeFileSync(join(dir, name), body)
      writeFileSync(join(dir, `${name}.br`), brotliCompressSync(body))
      writeFileSync(join(dir, `${name}.gz`), gzipSync(body))
    }
    app = await createTestApp('sqlite', { staticDir: dir })
  })

  afterAll(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const get = (url: string, encoding?: string) =>
    app.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} })

  it('should send brotli to a browser that takes it, and cache a hashed asset for a year', async () => {
    const res = await get('/assets/index-abc123.js', 'gzip, deflate, br')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers.vary).toMatch(/accept-encoding/i)
    expect(res.headers['content-type']).toMatch(/javascript/)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 5)
  })

  it('should send gzip to a browser without brotli', async () => {
    const res = await get('/assets/index-abc123.js', 'gzip')
    expect(res.headers['content-encoding']).toBe('gzip')
  })

  it('should send the file as it is to a client that takes no encoding', async () => {
    const res = await get('/assets/index-abc123.js')
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body).toBe(SCRIPT)
  })

  it('should send the shell compressed for an app route and have it revalidated', async () => {
    const res = await get('/progress', 'br')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.headers['cache-control']).toBe('no-cache')
  })

  it('should have the service worker revalidated, so an update reaches phones', async () => {
    const res = await get('/sw.js', 'br')
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['cache-control']).toBe('no-cache')
  })

  it('should answer a missing asset with 404, never with the shell', async () => {
    const res = await get('/assets/index-old999.js', 'br')
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toMatch(/json/)
  })
})
