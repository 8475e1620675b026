import type { NotificationSmsTemplate } from './adapters/sms'
import { createECDH, hkdfSync } from 'node:crypto'
import { BlockList, isIP } from 'node:net'

/** Everything the server reads from the environment, read once. */
export interface ServerConfig {
  port: number
  host: string
  databaseUrl: string
  production: boolean
  /**
   * Demo mode, on only when asked for (`--demo` or DEMO=1): the stand-in adapters of mock/ (an SMS
   * outbox anyone can read, the demo household registry and economic check), demo accounts and
   * households loaded into an empty database. Off, every outside system must be configured for real
   * and nothing of the demo exists.
   */
  demo: boolean
  /** Cookies marked Secure: behind HTTPS in production. */
  secureCookies: boolean
  sessionTtlHours: number
  staticDir: string | null
  secret: string
  /**
   * Behind a reverse proxy: which X-Forwarded-For entries to believe (Fastify's trustProxy). A hop
   * count (1: the one proxy in front of us) or the proxies' addresses/CIDRs; never "every hop",
   * which would let a client write its own entry and escape every per-address limit. false: none.
   */
  trustProxy: false | number | string[]
  /**
   * Where residents reach the app (scheme, host, port; no trailing slash): the origin QR codes and
   * printed lists point to. From configuration, never from a request's Host header, which anyone can forge.
   */
  publicUrl: string
  /** The OpenAPI document and its viewer at /api/docs: outside production, or when asked for (API_DOCS=1). */
  apiDocs: boolean
  /** The real SMS provider (SMS_PROVIDER), or null: the demo outbox in demo mode, else sign-in codes are refused (503). */
  sms: SmsProviderConfig | null
  /**
   * Web Push (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT), or null: push is off, the PWA
   * does not offer it and nothing is pushed (fail closed). In demo mode without them, a key pair
   * derived from APP_SECRET (the same after a restart, so devices stay subscribed); the demo's
   * pushes go to its local outbox, never to a push service.
   */
  push: PushConfig | null
  /**
   * HTTPS served by this process itself (TLS_CERT_FILE, TLS_KEY_FILE: PEM files), with HTTP/2 and
   * HTTP/1.1 on the one port; null: plain HTTP, for localhost or behind a reverse proxy that does TLS.
   */
  tls: TlsFiles | null
}

/** Where the certificate (with its chain) and its private key are; read at start and again on SIGHUP. */
export interface TlsFiles {
  certFile: string
  keyFile: string
}

/** The VAPID key pair (base64url: the 65-byte uncompressed P-256 public key, the 32-byte private key) and its contact. */
export interface PushConfig {
  publicKey: string
  privateKey: string
  /** mailto: or https: address push services may contact about our pushes. */
  subject: string
  /** Derived for the demo, not configured. */
  demo: boolean
}

/** Aliyun SMS (dysmsapi): an AccessKey, the approved signature and the template code of each of our templates. */
export interface SmsProviderConfig {
  provider: 'aliyun'
  accessKeyId: string
  accessKeySecret: string
  signName: string
  /**
   * The sign-in template, and the templates of case news and invitations (issue #19): those are
   * optional as a group; without them residents get no texts about their cases (push and the app still tell them).
   */
  templateCodes: { sign_in_code: string } & Partial<Record<NotificationSmsTemplate, string>>
  /** Host (and port) of the API; http only for a local stand-in in tests. */
  endpoint: string
  protocol: 'https' | 'http'
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/app.db'

export function readConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = []): ServerConfig {
  const production = env.NODE_ENV === 'production'
  const demo = argv.includes('--demo') || env.DEMO === '1'
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    production,
    demo,
    secureCookies: production && env.INSECURE_COOKIES !== '1',
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 12),
    staticDir: env.STATIC_DIR ?? 'dist',
    secret: readSecret(env),
    trustProxy: readTrustProxy(env.TRUST_PROXY),
    publicUrl: readPublicUrl(env),
    apiDocs: !production || env.API_DOCS === '1',
    sms: readSmsProvider(env),
    push: readPushConfig(env, demo),
    tls: readTlsFiles(env),
  }
}

/** TLS_CERT_FILE and TLS_KEY_FILE, both or neither: one without the other is a mistake, not plain HTTP. */
export function readTlsFiles(env: NodeJS.ProcessEnv = process.env): TlsFiles | null {
  const certFile = env.TLS_CERT_FILE?.trim() ?? ''
  const keyFile = env.TLS_KEY_FILE?.trim() ?? ''
  if (certFile === '' && keyFile === '')
    return null
  if (certFile === '' || keyFile === '')
    throw new Error('TLS_CERT_FILE and TLS_KEY_FILE go together: set both (PEM files) to serve HTTPS, or neither for plain HTTP')
  return { certFile, keyFile }
}

export const DEFAULT_ALIYUN_SMS_ENDPOINT = 'dysmsapi.aliyuncs.com'

/** SMS_PROVIDER and its settings; a provider asked for but not fully configured stops the start, naming what is missing. */
export function readSmsProvider(env: NodeJS.ProcessEnv = process.env): SmsProviderConfig | null {
  const provider = env.SMS_PROVIDER?.trim() ?? ''
  if (provider === '')
    return null
  if (provider !== 'aliyun')
    throw new Error(`SMS_PROVIDER must be "aliyun" (or unset), not "${provider}"`)
  const required = (name: string): string => {
    const value = env[name]?.trim()
    if (!value)
      throw new Error(`${name} must be set when SMS_PROVIDER=aliyun`)
    return value
  }
  return {
    provider,
    accessKeyId: required('ALIYUN_SMS_ACCESS_KEY_ID'),
    accessKeySecret: required('ALIYUN_SMS_ACCESS_KEY_SECRET'),
    signName: required('ALIYUN_SMS_SIGN_NAME'),
    templateCodes: { sign_in_code: required('ALIYUN_SMS_TEMPLATE_SIGN_IN'), ...readNotificationTemplates(env) },
    endpoint: env.ALIYUN_SMS_ENDPOINT?.trim() || DEFAULT_ALIYUN_SMS_ENDPOINT,
    protocol: 'https',
  }
}

/** The variable that holds each notification template's code (issue #19). */
export const NOTIFICATION_TEMPLATE_VARIABLES: Record<NotificationSmsTemplate, string> = {
  case_accepted: 'ALIYUN_SMS_TEMPLATE_CASE_ACCEPTED',
  case_needs_info: 'ALIYUN_SMS_TEMPLATE_CASE_NEEDS_INFO',
  case_approved: 'ALIYUN_SMS_TEMPLATE_CASE_APPROVED',
  case_rejected: 'ALIYUN_SMS_TEMPLATE_CASE_REJECTED',
  invitation: 'ALIYUN_SMS_TEMPLATE_INVITATION',
}

/** All the notification templates or none; some but not all stops the start, naming a missing one. */
function readNotificationTemplates(env: NodeJS.ProcessEnv): Partial<Record<NotificationSmsTemplate, string>> {
  const entries = Object.entries(NOTIFICATION_TEMPLATE_VARIABLES) as [NotificationSmsTemplate, string][]
  const given = entries.filter(([, name]) => env[name]?.trim())
  if (given.length === 0)
    return {}
  const missing = entries.find(([, name]) => !env[name]?.trim())
  if (missing)
    throw new Error(`${missing[1]} must be set with ${given[0]![1]}: texts about cases need every one of their templates`)
  return Object.fromEntries(given.map(([template, name]) => [template, env[name]!.trim()]))
}

/** Whether texts about cases can be sent: the demo outbox, or a provider with every notification template. */
export function notificationSmsAvailable(config: Pick<ServerConfig, 'demo' | 'sms'>): boolean {
  return config.demo || (config.sms !== null && Object.keys(NOTIFICATION_TEMPLATE_VARIABLES).every(t => Object.hasOwn(config.sms!.templateCodes, t)))
}

const VAPID_VARIABLES = ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const
const P256_PUBLIC_KEY_BYTES = 65
const P256_PRIVATE_KEY_BYTES = 32
/** The demo's contact: its pushes never reach a push service. */
const DEMO_VAPID_SUBJECT = 'mailto:demo@localhost'

/** The public key of a P-256 private key (uncompressed); throws when it is no such key. */
function p256PublicKeyOf(privateKey: Buffer): Buffer {
  const ecdh = createECDH('prime256v1')
  ecdh.setPrivateKey(privateKey)
  return ecdh.getPublicKey()
}

/** The demo's key pair, derived from APP_SECRET like the demo's data keys. */
function demoVapidKeys(secret: string): PushConfig {
  // A derived value is a valid P-256 key unless it is at least the curve's order (odds ~2^-32): then the next.
  for (let i = 0; ; i++) {
    const privateKey = Buffer.from(hkdfSync('sha256', secret, 'xingfuma-dev', `vapid-${i}`, P256_PRIVATE_KEY_BYTES))
    try {
      return { publicKey: p256PublicKeyOf(privateKey).toString('base64url'), privateKey: privateKey.toString('base64url'), subject: DEMO_VAPID_SUBJECT, demo: true }
    }
    catch (error) {
      if (i > 3)
        throw error
    }
  }
}

/** VAPID_* as a checked key pair, all three or none; see ServerConfig.push. */
export function readPushConfig(env: NodeJS.ProcessEnv, demo: boolean): PushConfig | null {
  const given = VAPID_VARIABLES.filter(name => env[name]?.trim())
  if (given.length === 0)
    return demo ? demoVapidKeys(readSecret(env)) : null
  const missing = VAPID_VARIABLES.find(name => !env[name]?.trim())
  if (missing)
    throw new Error(`${missing} must be set with ${given[0]}: Web Push needs all three (\`npx web-push generate-vapid-keys\` makes a key pair)`)
  const publicKey = env.VAPID_PUBLIC_KEY!.trim()
  const privateKey = env.VAPID_PRIVATE_KEY!.trim()
  const subject = env.VAPID_SUBJECT!.trim()
  const privateBytes = Buffer.from(privateKey, 'base64url')
  let derived: Buffer
  try {
    derived = p256PublicKeyOf(privateBytes)
  }
  catch {
    throw new Error('VAPID_PRIVATE_KEY must be a P-256 private key, 32 bytes in base64url')
  }
  const publicBytes = Buffer.from(publicKey, 'base64url')
  if (privateBytes.length !== P256_PRIVATE_KEY_BYTES || publicBytes.length !== P256_PUBLIC_KEY_BYTES || !publicBytes.equals(derived))
    throw new Error('VAPID_PUBLIC_KEY must be the public key of VAPID_PRIVATE_KEY (65 bytes, uncompressed, base64url)')
  if (!/^mailto:[^@\s]+@[^@\s]+$/.test(subject) && !/^https:\/\/\S+$/.test(subject))
    throw new Error('VAPID_SUBJECT must be a mailto: or https: address push services can write to')
  return { publicKey, privateKey, subject, demo: false }
}

/** PUBLIC_URL as an origin; outside production it may be left out (http://localhost:PORT). */
export function readPublicUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (!env.PUBLIC_URL) {
    if (env.NODE_ENV === 'production')
      throw new Error('PUBLIC_URL must be set in production (e.g. https://xingfu.example.gov.cn): QR codes and printed lists point there')
    return `http://localhost:${env.PORT ?? 8080}`
  }
  const url = new URL(env.PUBLIC_URL)
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`PUBLIC_URL must be an http(s) address, not ${env.PUBLIC_URL}`)
  return url.origin
}

/** TRUST_PROXY: unset or 0 = off; a number = that many proxy hops; else a comma-separated list of proxy addresses/CIDRs. */
export function readTrustProxy(value: string | undefined): false | number | string[] {
  const text = value?.trim() ?? ''
  if (text === '' || /^(?:0|false|no|off)$/i.test(text))
    return false
  if (/^\d+$/.test(text))
    return Number(text)
  if (/^(?:true|yes|on)$/i.test(text))
    throw new Error('TRUST_PROXY must be a hop count (e.g. 1) or a comma-separated list of proxy addresses, not a yes/no: trusting every hop lets clients forge their address')
  return text.split(',').map(s => s.trim()).filter(Boolean)
}

/** Addresses a proxy of ours may have: loopback, private, link-local (IPv4 and IPv6). */
const PRIVATE_NETWORKS = new BlockList()
for (const [net, prefix] of [['127.0.0.0', 8], ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['169.254.0.0', 16]] as const)
  PRIVATE_NETWORKS.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const)
  PRIVATE_NETWORKS.addSubnet(net, prefix, 'ipv6')

/**
 * The trustProxy option for Fastify. A list goes as it is. Fastify 5 ignores a bare hop count (it
 * cannot tell a proxy from a client reaching the server directly), so a count becomes: believe
 * the nearest `hops` senders, each only if it has a loopback or private address, as a proxy in
 * front of us does. A client on the internet that sends its own header is never believed; behind
 * a proxy with a public address, list that address instead.
 */
export function fastifyTrustProxy(setting: ServerConfig['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number')
    return setting
  return (address, hop) => hop < setting && PRIVATE_NETWORKS.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4')
}

/** Key for hashing values we only compare (IP addresses). Production must set its own. */
export function readSecret(env: NodeJS.ProcessEnv = process.env): string {
  if (env.APP_SECRET)
    return env.APP_SECRET
  if (env.NODE_ENV === 'production')
    throw new Error('APP_SECRET must be set in production')
  return 'development-only-secret'
}
