import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SmsProviderConfig } from '../config'
import type { DbKind } from '../db'
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMockAdapters } from '../../mock'
import { buildApp } from '../app'
import { readConfig, readSmsProvider } from '../config'
import { AppError } from '../errors'
import { openTestDb, TEST_DIALECTS, TestClient, testConfig } from '../testing'
import { AliyunSmsGateway } from './sms-aliyun'

const ACCESS_KEY_ID = 'LTAI-test-key-id'
const ACCESS_KEY_SECRET = 'test-secret-never-sent'
const SIGN_NAME = '幸福码'
const TEMPLATE_CODE = 'SMS_123456789'
const PHONE = '13912345678'
const SIGN_IN = { template: 'sign_in_code', params: { code: '042517', minutes: 5 } } as const

/** Headers Aliyun requires in SignedHeaders for ACS3-HMAC-SHA256. */
const REQUIRED_SIGNED_HEADERS = ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version']

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')
/** RFC 3986 percent-encoding, as Aliyun's signature document asks (space %20, `*` %2A, `~` kept). */
const rfc3986 = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

interface Received { query: Record<string, string>, headers: IncomingMessage['headers'] }

/**
 * A local stand-in of dysmsapi.aliyuncs.com: checks the ACS3-HMAC-SHA256 signature of each request
 * the way Aliyun documents it (written here from the document, not taken from the SDK), then answers
 * SendSms with `answer` (HTTP 200 and a body Code, as Aliyun does for business errors).
 */
class AliyunStandIn {
  readonly accepted: Received[] = []
  readonly rejected: string[] = []
  answer = 'OK'
  hang = false
  private server!: Server

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve))
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise(resolve => this.server.close(resolve))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req)
      chunks.push(chunk as Buffer)
    if (this.hang)
      return // never answers
    const reply = (status: number, body: Record<string, string>) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' })
      res.end(JSON.stringify({ RequestId: 'stand-in-request', ...body }))
    }
    const problem = this.signatureProblem(req, Buffer.concat(chunks))
    if (problem) {
      this.rejected.push(problem.Code)
      return reply(problem.Code === 'InvalidAccessKeyId.NotFound' ? 404 : 400, problem)
    }
    const url = new URL(req.url!, 'http://stand-in')
    const query = Object.fromEntries(url.searchParams)
    if (req.headers['x-acs-action'] !== 'SendSms' || req.headers['x-acs-version'] !== '2017-05-25')
      return reply(400, { Code: 'InvalidAction.NotFound', Message: 'unknown action' })
    if (!query.PhoneNumbers || !query.SignName || !query.TemplateCode)
      return reply(400, { Code: 'MissingParameter', Message: 'PhoneNumbers, SignName and TemplateCode are required' })
    this.accepted.push({ query, headers: req.headers })
    reply(200, { Code: this.answer, Message: this.answer === 'OK' ? 'OK' : 'stand-in error', BizId: '900000000000000000^0' })
  }

  /** Aliyun's V3 signature check: canonical request → string to sign → HMAC-SHA256 under the secret. */
  private signatureProblem(req: IncomingMessage, body: Buffer): { Code: string, Message: string } | null {
    const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(req.headers.authorization ?? '')
    if (!match)
      return { Code: 'IncompleteSignature', Message: 'no ACS3-HMAC-SHA256 Authorization header' }
    const [, keyId, signedHeaderList, signature] = match
    if (keyId !== ACCESS_KEY_ID)
      return { Code: 'InvalidAccessKeyId.NotFound', Message: 'unknown AccessKey id' }
    const payloadHash = sha256Hex(body)
    if (req.headers['x-acs-content-sha256'] !== payloadHash)
      return { Code: 'IncompleteSignature', Message: 'x-acs-content-sha256 does not match the body' }
    const signedHeaders = signedHeaderList.split(';')
    if (REQUIRED_SIGNED_HEADERS.some(h => !signedHeaders.includes(h)) || signedHeaders.join(';') !== [...signedHeaders].sort().join(';'))
      return { Code: 'IncompleteSignature', Message: 'a required header is not signed' }
    const rawQuery = new URL(req.url!, 'http://stand-in').search.slice(1)
    const canonicalQuery = rawQuery.split('&').filter(Boolean).map((pair) => {
      const [k, v = ''] = pair.split('=').map(part => decodeURIComponent(part.replace(/\+/g, ' ')))
      return [rfc3986(k), rfc3986(v)] as const
    }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('&')
    const canonicalHeaders = signedHeaders.map(h => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('')
    const canonicalRequest = [req.method, new URL(req.url!, 'http://stand-in').pathname, canonicalQuery, canonicalHeaders, signedHeaderList, payloadHash].join('\n')
    const stringToSign = `ACS3-HMAC-SHA256\n${sha256Hex(canonicalRequest)}`
    const expected = createHmac('sha256', ACCESS_KEY_SECRET).update(stringToSign).digest()
    const given = Buffer.from(signature, 'hex')
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { Code: 'SignatureDoesNotMatch', Message: 'the signature does not match' }
    return null
  }
}

function providerConfig(endpoint: string, overrides: Partial<SmsProviderConfig> = {}): SmsProviderConfig {
  return {
    provider: 'aliyun',
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    signName: SIGN_NAME,
    templateCodes: { sign_in_code: TEMPLATE_CODE },
    endpoint,
    // Plain http to the local stand-in only: nothing leaves 127.0.0.1.
    protocol: 'http',
    ...overrides,
  }
}

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('aliyun SMS gateway against a local stand-in of SendSms', () => {
  const standIn = new AliyunStandIn()
  let endpoint: string
  const logs: string[] = []
  const gateway = (overrides: Partial<SmsProviderConfig> = {}, timeoutMs?: number) =>
    new AliyunSmsGateway(providerConfig(endpoint, overrides), msg => logs.push(msg), timeoutMs)

  beforeAll(async () => {
    endpoint = await standIn.start()
  })
  beforeEach(() => {
    standIn.accepted.length = 0
    standIn.rejected.length = 0
    standIn.answer = 'OK'
    standIn.hang = false
    logs.length = 0
  })
  afterAll(() => standIn.stop())

  it('should send a signed SendSms with the number, signature, template code and parameters when the provider answers OK', async () => {
    await gateway().send(PHONE, SIGN_IN)
    expect(standIn.rejected).toEqual([])
    expect(standIn.accepted).toHaveLength(1)
    const { query } = standIn.accepted[0]
    expect(query).toMatchObject({ PhoneNumbers: PHONE, SignName: SIGN_NAME, TemplateCode: TEMPLATE_CODE })
    expect(JSON.parse(query.TemplateParam)).toEqual({ code: '042517' })
    expect(logs).toEqual([])
  })

  it('should be refused by the signature check when the AccessKey secret is wrong', async () => {
    const error = await failureOf(gateway({ accessKeySecret: 'not-the-secret' }).send(PHONE, SIGN_IN))
    expect(standIn.rejected).toEqual(['SignatureDoesNotMatch'])
    expect(standIn.accepted).toEqual([])
    expect({ status: error.statusCode, code: error.code, detail: error.detail }).toEqual({ status: 503, code: 'service_unavailable', detail: 'sms_unavailable' })
  })

  it('should say SMS is unavailable when the AccessKey id is unknown', async () => {
    const error = await failureOf(gateway({ accessKeyId: 'LTAI-unknown' }).send(PHONE, SIGN_IN))
    expect(standIn.rejected).toEqual(['InvalidAccessKeyId.NotFound'])
    expect(error.statusCode).toBe(503)
  })

  it.each([
    ['isv.BUSINESS_LIMIT_CONTROL', 429, 'rate_limited', undefined],
    ['isv.MOBILE_NUMBER_ILLEGAL', 400, 'invalid_mobile', undefined],
    ['isv.AMOUNT_NOT_ENOUGH', 503, 'service_unavailable', 'sms_unavailable'],
    ['isv.SMS_SIGNATURE_ILLEGAL', 503, 'service_unavailable', 'sms_unavailable'],
    ['isv.SMS_TEMPLATE_ILLEGAL', 503, 'service_unavailable', 'sms_unavailable'],
  ])('should map %s to %i %s when the provider answers it', async (answer, status, code, detail) => {
    standIn.answer = answer
    const error = await failureOf(gateway().send(PHONE, SIGN_IN))
    expect({ status: error.statusCode, code: error.code, detail: error.detail }).toEqual({ status, code, detail })
    expect(standIn.accepted).toHaveLength(1)
    // Operators see the provider's code; logs never carry the number, the sign-in code or the secret.
    expect(logs.join('\n')).toContain(answer)
    for (const secret of [PHONE, SIGN_IN.params.code, ACCESS_KEY_SECRET])
      expect(logs.join('\n')).not.toContain(secret)
  })

  it('should say SMS is unavailable when the provider cannot be reached', async () => {
    const closed = new AliyunStandIn()
    const address = await closed.start()
    await closed.stop()
    const error = await failureOf(new AliyunSmsGateway(providerConfig(address)).send(PHONE, SIGN_IN))
    expect(error.statusCode).toBe(503)
  })

  it('should give up after the timeout with a 503 when the provider does not answer', async () => {
    standIn.hang = true
    const started = Date.now()
    const error = await failureOf(gateway({}, 300).send(PHONE, SIGN_IN))
    expect(Date.now() - started).toBeLessThan(2000)
    expect({ status: error.statusCode, detail: error.detail }).toEqual({ status: 503, detail: 'sms_unavailable' })
  })

  describe.each(TEST_DIALECTS)('through the sign-in route on %s', (kind: DbKind) => {
    it.each([
      ['OK', 200, undefined, undefined],
      ['isv.BUSINESS_LIMIT_CONTROL', 429, 'rate_limited', '操作太频繁，请 60 秒后再试'],
      ['isv.MOBILE_NUMBER_ILLEGAL', 400, 'invalid_mobile', '手机号格式不正确，请输入 11 位手机号'],
      ['isv.AMOUNT_NOT_ENOUGH', 503, 'service_unavailable', '短信服务尚未接通，暂时无法发送验证码，请联系村（社区）工作人员'],
    ])('should answer %s from the provider as %i { code, message } when a code is requested', async (answer, status, code, message) => {
      standIn.answer = answer
      const db = await openTestDb(kind)
      const app = await buildApp({ db, adapters: { ...createMockAdapters(), sms: gateway() }, config: testConfig({ demo: false }) })
      try {
        const res = await new TestClient(app).post('/api/auth/sms/request', { phone: PHONE })
        expect(res.statusCode).toBe(status)
        if (code)
          expect(res.json()).toEqual({ code, message, ...(code === 'invalid_mobile' ? { field: 'phone' } : {}) })
        expect(Object.keys(JSON.parse(standIn.accepted[0].query.TemplateParam))).toEqual(['code'])
        expect(JSON.parse(standIn.accepted[0].query.TemplateParam).code).toMatch(/^\d{6}$/)
      }
      finally {
        await app.close()
        await db.drop()
      }
    })
  })
})

describe('sms provider configuration', () => {
  const aliyun = {
    SMS_PROVIDER: 'aliyun',
    ALIYUN_SMS_ACCESS_KEY_ID: 'id',
    ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret',
    ALIYUN_SMS_SIGN_NAME: '幸福码',
    ALIYUN_SMS_TEMPLATE_SIGN_IN: 'SMS_1',
  }

  it('should have no provider when SMS_PROVIDER is unset', () => {
    expect(readSmsProvider({})).toBeNull()
    expect(readConfig({ NODE_ENV: 'test' }).sms).toBeNull()
  })

  it('should read Aliyun settings with the default endpoint when SMS_PROVIDER=aliyun', () => {
    expect(readConfig({ NODE_ENV: 'test', ...aliyun }).sms).toEqual({
      provider: 'aliyun',
      accessKeyId: 'id',
      accessKeySecret: 'secret',
      signName: '幸福码',
      templateCodes: { sign_in_code: 'SMS_1' },
      endpoint: 'dysmsapi.aliyuncs.com',
      protocol: 'https',
    })
    expect(readSmsProvider({ ...aliyun, ALIYUN_SMS_ENDPOINT: 'dysmsapi-vpc.cn-hangzhou.aliyuncs.com' })?.endpoint).toBe('dysmsapi-vpc.cn-hangzhou.aliyuncs.com')
  })

  it.each(['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME', 'ALIYUN_SMS_TEMPLATE_SIGN_IN'])('should refuse to start naming %s when it is missing', (name) => {
    expect(() => readConfig({ NODE_ENV: 'test', ...aliyun, [name]: '' })).toThrow(name)
  })

  it('should refuse an unknown SMS_PROVIDER', () => {
    expect(() => readSmsProvider({ SMS_PROVIDER: 'tencent' })).toThrow('SMS_PROVIDER')
  })
})
