import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../testing'
import { COMPRESS_MIN_BYTES, pickEncoding } from './compress'

type TestApp = Awaited<ReturnType<typeof createTestApp>>

describe('pickEncoding', () => {
  it('should prefer brotli, fall back to gzip, and honour q=0', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br')
    expect(pickEncoding('gzip, deflate')).toBe('gzip')
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip')
    expect(pickEncoding('identity')).toBeNull()
    expect(pickEncoding(undefined)).toBeNull()
  })
})

// Compression does not depend on the database: SQLite only.
describe('compressed API answers', () => {
  let t: TestApp
  // The OpenAPI document (served outside production): a JSON answer of many KB.
  const LARGE = '/api/docs/json'
  const get = (url: string, encoding?: string) =>
    t.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} })

  beforeAll(async () => {
    t = await createTestApp('sqlite')
  })
  afterAll(async () => {
    await t.close()
  })

  it('should send a large JSON answer as brotli or gzip to a browser that takes it, with the same JSON inside', async () => {
    const plain = await get(LARGE)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESS_MIN_BYTES)

    const br = await get(LARGE, 'gzip, deflate, br')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length)
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length)
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json())

    const gz = await get(LARGE, 'gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json())
  })

  it('should send a small answer as it is', async () => {
    const res = await get('/api/health', 'br')
    expect(res.rawPayload.length).toBeLessThan(COMPRESS_MIN_BYTES)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.json()).toBeTruthy()
  })
})
