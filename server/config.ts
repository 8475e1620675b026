import type { SmsTemplateName } from './adapters/sms'
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
}

/** Aliyun SMS (dysmsapi): an AccessKey, the approved signature and the template code of each of our templates. */
export interface SmsProviderConfig {
  provider: 'aliyun'
  accessKeyId: string
  accessKeySecret: string
  signName: string
  templateCodes: Record<SmsTemplateName, string>
  /** Host (and port) of the API; http only for a local stand-in in tests. */
  endpoint: string
  protocol: 'https' | 'http'
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/app.db'

export function readConfig(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = []): ServerConfig {
  const production = env.NODE_ENV === 'production'
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    production,
    demo: argv.includes('--demo') || env.DEMO === '1',
    secureCookies: production && env.INSECURE_COOKIES !== '1',
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 12),
    staticDir: env.STATIC_DIR ?? 'dist',
    secret: readSecret(env),
    trustProxy: readTrustProxy(env.TRUST_PROXY),
    publicUrl: readPublicUrl(env),
    apiDocs: !production || env.API_DOCS === '1',
    sms: readSmsProvider(env),
  }
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
    templateCodes: { sign_in_code: required('ALIYUN_SMS_TEMPLATE_SIGN_IN') },
    endpoint: env.ALIYUN_SMS_ENDPOINT?.trim() || DEFAULT_ALIYUN_SMS_ENDPOINT,
    protocol: 'https',
  }
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
