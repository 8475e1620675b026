import type { IncomingHttpHeaders } from 'node:http2'
import type { Socket } from 'node:net'
import type { TestCertificate } from '../tests/tls-certificate'
import { X509Certificate } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:http2'
import { Agent, request as httpsRequest } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect as tlsConnect } from 'node:tls'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestCertificate } from '../tests/tls-certificate'
import { HTTP2_MAX_STREAMS } from './app'
import { readConfig } from './config'
import { createTestApp } from './testing'
import { readTlsCredentials, useTlsCredentials } from './tls'

const SCRIPT = `console.log(${JSON.stringify('幸福码'.repeat(400))})`

interface Answer { status: number, headers: IncomingHttpHeaders, body: Buffer, protocol: string }

/** One request over HTTP/2, as a browser that negotiated h2 makes it. */
async function h2(origin: string, ca: Buffer, path: string, { method = 'GET', body, headers = {} }: { method?: string, body?: string, headers?: Record<string, string> } = {}): Promise<Answer> {
  const session = connect(origin, { ca })
  try {
    return await new Promise<Answer>((resolve, reject) => {
      const stream = session.request({ ':method': method, ':path': path, ...headers })
      const chunks: Buffer[] = []
      let answer: IncomingHttpHeaders = {}
      stream.on('response', (h) => {
        answer = h
      })
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => resolve({ status: Number(answer[':status']), headers: answer, body: Buffer.concat(chunks), protocol: session.alpnProtocol ?? '' }))
      stream.on('error', reject)
      stream.end(body)
    })
  }
  finally {
    session.close()
  }
}

/** One request over HTTPS with HTTP/1.1 (a client that does not speak h2). */
async function h1(origin: string, ca: Buffer, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${origin}${path}`, { ca, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), protocol: `http/${res.httpVersion}` }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** The certificate a new connection is shown (its SHA-256 fingerprint). */
async function servedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ALPNProtocols: ['h2'] }, () => {
      resolve(socket.getPeerX509Certificate()!.fingerprint256)
      socket.end()
    })
    socket.on('error', reject)
  })
}

const fingerprintOf = (cert: TestCertificate) => new X509Certificate(readFileSync(cert.certFile)).fingerprint256

describe('hTTPS served by the one process (TLS_CERT_FILE, TLS_KEY_FILE)', () => {
  let dir: string
  let cert: TestCertificate
  let ca: Buffer
  let origin: string
  let port: number
  let t: Awaited<ReturnType<typeof createTestApp>>

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xfm-tls-'))
    mkdirSync(join(dir, 'cert'))
    cert = makeTestCertificate(join(dir, 'cert'))
    ca = readFileSync(cert.certFile)
    const staticDir = join(dir, 'dist')
    mkdirSync(join(staticDir, 'assets'), { recursive: true })
    for (const [name, body] of [['assets/index-abc123.js', SCRIPT], ['index.html', '<!doctype html><title>幸福码</title>']]) {
      writeFileSync(join(staticDir, name), body)
      writeFileSync(join(staticDir, `${name}.br`), brotliCompressSync(body))
      writeFileSync(join(staticDir, `${name}.gz`), gzipSync(body))
    }
    t = await createTestApp('sqlite', { staticDir, tls: { certFile: cert.certFile, keyFile: cert.keyFile } })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    port = (t.app.server.address() as { port: number }).port
    origin = `https://127.0.0.1:${port}`
  })

  afterAll(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers browsers over HTTP/2, with the security headers', async () => {
    const res = await h2(origin, ca, '/api/health')
    expect(res.protocol).toBe('h2')
    expect(res.status).toBe(200)
    expect(res.headers['content-security-policy']).toContain('default-src')
    expect(res.headers['x-frame-options']).toBe('DENY')
  })

  it('sends the PWA precompressed and cached for a year over HTTP/2', async () => {
    const res = await h2(origin, ca, '/assets/index-abc123.js', { headers: { 'accept-encoding': 'br, gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['cache-control']).toContain('immutable')
    expect(res.body.length).toBeLessThan(SCRIPT.length / 4)
  })

  it('reads a posted body over HTTP/2 and answers bad input with { code, message } in the asked language', async () => {
    const res = await h2(origin, ca, '/api/diagnosis', { method: 'POST', body: '{"region":1}', headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' } })
    expect(res.status).toBe(400)
    const error = JSON.parse(res.body.toString()) as { code: string, message: string }
    expect(error.code).toBeTruthy()
    expect(error.message).toMatch(/[\u4E00-\u9FFF]/)
  })

  it('lets one HTTP/2 connection have at most 100 requests open at once', async () => {
    const session = connect(origin, { ca })
    try {
      await new Promise(resolve => session.once('remoteSettings', resolve))
      expect(session.remoteSettings.maxConcurrentStreams).toBe(HTTP2_MAX_STREAMS)
      expect(HTTP2_MAX_STREAMS).toBe(100)
    }
    finally {
      session.close()
    }
  })

  it('answers HTTP/1.1 clients on the same port', async () => {
    const res = await h1(origin, ca, '/api/health')
    expect(res.protocol).toBe('http/1.1')
    expect(res.status).toBe(200)
  })

  it('takes a renewed certificate for new connections without a restart, and keeps the old one when the new files do not check out', async () => {
    expect(await servedFingerprint(port)).toBe(fingerprintOf(cert))
    mkdirSync(join(dir, 'renewed'))
    const renewed = makeTestCertificate(join(dir, 'renewed'))
    useTlsCredentials(t.app.server, readTlsCredentials(renewed))
    expect(await servedFingerprint(port)).toBe(fingerprintOf(renewed))
    // A key of another certificate: refused before anything is swapped.
    expect(() => useTlsCredentials(t.app.server, readTlsCredentials({ certFile: cert.certFile, keyFile: renewed.keyFile }))).toThrow(/is not the key of the certificate/)
    expect(await servedFingerprint(port)).toBe(fingerprintOf(renewed))
  })

  /** A second server with its own port, for a test that closes it. */
  async function otherServer() {
    const other = await createTestApp('sqlite', { tls: { certFile: cert.certFile, keyFile: cert.keyFile } })
    await other.app.listen({ port: 0, host: '127.0.0.1' })
    return { other, otherOrigin: `https://127.0.0.1:${(other.app.server.address() as { port: number }).port}` }
  }

  it('closes while a browser still holds an HTTP/2 connection open', async () => {
    const { other, otherOrigin } = await otherServer()
    const session = connect(otherOrigin, { ca })
    await new Promise<void>((resolve, reject) => session.request({ ':path': '/api/health' }).on('response', () => resolve()).on('error', reject).end())
    // The connection stays open (a phone with the app in a tab): shutdown must not wait for it
    // (before, it waited as long as the browser kept the connection, and this test timed out).
    expect(session.destroyed).toBe(false)
    await other.close()
    expect(other.app.server.listening).toBe(false)
    session.destroy()
  })

  it('closes while a client still holds an HTTP/1.1 keep-alive connection open', async () => {
    const { other, otherOrigin } = await otherServer()
    const agent = new Agent({ keepAlive: true, ca })
    const keptAlive = await new Promise<Socket>((resolve, reject) => {
      const req = httpsRequest(`${otherOrigin}/api/health`, { agent }, (res) => {
        res.resume()
        res.on('end', () => resolve(req.socket!))
      })
      req.on('error', reject).end()
    })
    expect(keptAlive.destroyed).toBe(false)
    await other.close()
    expect(other.app.server.listening).toBe(false)
    agent.destroy()
  })
})

describe('the TLS settings', () => {
  it('are both files or neither', () => {
    expect(readConfig({}).tls).toBeNull()
    expect(readConfig({ TLS_CERT_FILE: '/etc/xfm/cert.pem', TLS_KEY_FILE: '/etc/xfm/key.pem' }).tls).toEqual({ certFile: '/etc/xfm/cert.pem', keyFile: '/etc/xfm/key.pem' })
    expect(() => readConfig({ TLS_CERT_FILE: '/etc/xfm/cert.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE go together/)
    expect(() => readConfig({ TLS_KEY_FILE: '/etc/xfm/key.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE go together/)
  })

  it('stop the start with a sentence naming the file that is missing or not PEM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xfm-tls-bad-'))
    try {
      const cert = makeTestCertificate(dir)
      const notPem = join(dir, 'notes.txt')
      writeFileSync(notPem, 'not a certificate')
      expect(() => readTlsCredentials({ certFile: join(dir, 'missing.pem'), keyFile: cert.keyFile })).toThrow(/TLS_CERT_FILE \(.*missing\.pem\) cannot be read: ENOENT/)
      expect(() => readTlsCredentials({ certFile: notPem, keyFile: cert.keyFile })).toThrow(/TLS_CERT_FILE \(.*notes\.txt\) holds no PEM certificate/)
      expect(() => readTlsCredentials({ certFile: cert.certFile, keyFile: notPem })).toThrow(/TLS_KEY_FILE \(.*notes\.txt\) holds no PEM private key/)
      expect(readTlsCredentials(cert).cert.toString()).toContain('BEGIN CERTIFICATE')
    }
    finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
