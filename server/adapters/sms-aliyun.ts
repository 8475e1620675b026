import type { SmsProviderConfig } from '../config'
import type { SmsGateway, SmsMessage } from './sms'
import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525'
import { Config } from '@alicloud/openapi-client'
import { maskMobile } from '../../src/domain/mask'
import { AppError, rateLimited } from '../errors'

/** How long a sign-in code may take to be handed to the provider before we give up and say so. */
export const SMS_TIMEOUT_MS = 10_000

/** Aliyun limits each number (by default one message a minute, then per hour and day): wait at least that. */
const PROVIDER_LIMIT_WAIT_SECONDS = 60

/** The code Aliyun answers when the message was accepted. */
const OK = 'OK'

/**
 * The SDK is CommonJS with `exports.default`: Node's ESM loader hands us the module object, vite
 * (the tests) the class itself.
 */
const SmsClient: typeof Dysmsapi = (Dysmsapi as unknown as { default?: typeof Dysmsapi }).default ?? Dysmsapi

const unavailable = () => new AppError(503, 'service_unavailable', {}, undefined, 'sms_unavailable')

/**
 * What an Aliyun answer code means for the resident: null when sent. A limit on the number is a
 * 429, a number Aliyun will not send to is the caller's input, and everything else (balance,
 * signature, template, AccessKey, signature check) is our configuration: a 503 that says SMS is down.
 */
export function aliyunSmsError(code: string | undefined): AppError | null {
  switch (code) {
    case OK:
      return null
    case 'isv.BUSINESS_LIMIT_CONTROL':
      return rateLimited(PROVIDER_LIMIT_WAIT_SECONDS)
    case 'isv.MOBILE_NUMBER_ILLEGAL':
      return new AppError(400, 'invalid_mobile', {}, 'phone')
    default:
      return unavailable()
  }
}

class SmsTimeout extends Error {
  readonly code = 'Timeout'
}

/** Rejects when `promise` has not settled within `ms`: the SDK's own timeouts do not cover a stalled body. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SmsTimeout(`no answer within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, deadline])
  }
  finally {
    clearTimeout(timer)
  }
}

/** The error's code (provider code, Node's ECONNREFUSED…, our Timeout), never its message: that quotes the request URL. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : 'unknown'
}

/**
 * Aliyun SMS (SendSms of dysmsapi 2017-05-25): our template name becomes the approved template code
 * from configuration, its parameters the TemplateParam JSON. The SDK signs each request with the
 * AccessKey secret (ACS3-HMAC-SHA256) and does not retry: SendSms is not idempotent.
 */
export class AliyunSmsGateway implements SmsGateway {
  private readonly client: Dysmsapi

  constructor(
    private readonly config: SmsProviderConfig,
    private readonly log?: (msg: string) => void,
    private readonly timeoutMs = SMS_TIMEOUT_MS,
  ) {
    this.client = new SmsClient(new Config({
      accessKeyId: config.accessKeyId,
      accessKeySecret: config.accessKeySecret,
      endpoint: config.endpoint,
      protocol: config.protocol,
      connectTimeout: timeoutMs,
      readTimeout: timeoutMs,
    }))
  }

  async send(phone: string, message: SmsMessage): Promise<void> {
    // Aliyun's verification-code templates take one variable: the code. The validity (SMS_CODE_TTL
    // minutes) is written into the approved template's text. Every parameter goes as a string.
    // The templates of case news (issue #19) take one too: the link.
    const params = message.template === 'sign_in_code' ? { code: String(message.params.code) } : { link: message.params.link }
    const templateCode = this.config.templateCodes[message.template]
    // Case news without their templates configured: not sent (the notify worker does not ask).
    if (!templateCode)
      throw unavailable()
    const request = new SendSmsRequest({
      phoneNumbers: phone,
      signName: this.config.signName,
      templateCode,
      templateParam: JSON.stringify(params),
    })
    let code: string
    let requestId = ''
    try {
      const response = await within(this.client.sendSms(request), this.timeoutMs)
      code = response.body?.code ?? 'unknown'
      requestId = response.body?.requestId ?? ''
    }
    catch (error) {
      code = codeOf(error)
    }
    const failure = aliyunSmsError(code)
    if (!failure)
      return
    // Masked number, the provider's code and request id: enough to follow up, no sign-in code or secret.
    this.log?.(`[aliyun sms] to ${maskMobile(phone)}: ${message.template} not sent (${code}${requestId ? `, request ${requestId}` : ''})`)
    throw failure
  }
}
