/** Everything the server reads from the environment, read once. */
export interface ServerConfig {
  port: number
  host: string
  databaseUrl: string
  production: boolean
  /** Demo households and accounts are loaded into an empty database (always outside production). */
  seedDemo: boolean
  /** Lets the demo and e2e tests read SMS codes over HTTP. Never in production. */
  exposeSmsOutbox: boolean
  /** Cookies marked Secure: behind HTTPS in production. */
  secureCookies: boolean
  sessionTtlHours: number
  staticDir: string | null
  secret: string
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (else anyone could fake it past rate limits). */
  trustProxy: boolean
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/app.db'

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const production = env.NODE_ENV === 'production'
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    production,
    seedDemo: production ? env.SEED_DEMO === '1' : env.SEED_DEMO !== '0',
    exposeSmsOutbox: !production,
    secureCookies: production && env.INSECURE_COOKIES !== '1',
    sessionTtlHours: Number(env.SESSION_TTL_HOURS ?? 12),
    staticDir: env.STATIC_DIR ?? 'dist',
    secret: readSecret(env),
    trustProxy: env.TRUST_PROXY === '1',
  }
}

/** Key for hashing values we only compare (IP addresses). Production must set its own. */
export function readSecret(env: NodeJS.ProcessEnv = process.env): string {
  if (env.APP_SECRET)
    return env.APP_SECRET
  if (env.NODE_ENV === 'production')
    throw new Error('APP_SECRET must be set in production')
  return 'development-only-secret'
}
