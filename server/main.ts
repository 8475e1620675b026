import type { FastifyInstance } from 'fastify'
import type { TlsFiles } from './config'
import { WebPushGateway } from './adapters/push'
import { AliyunSmsGateway } from './adapters/sms-aliyun'
import { unconfiguredAdapters } from './adapters/unconfigured'
import { buildApp, LOG_OPTIONS } from './app'
import { notificationSmsAvailable, readConfig } from './config'
import { migrate, openDb } from './db'
import { deleteExpiredRateLimits } from './db/repos/rate-limits'
import { deleteExpiredSessions } from './db/repos/sessions'
import { deleteExpiredSmsCodes } from './db/repos/sms-codes'
import { hasNoUsers } from './db/repos/users'
import { keepEntitlementMonths } from './services/happiness-list/entitlement-months'
import { startNotifyWorker } from './services/notify/dispatch'
import { sweepSignals } from './services/warnings/retention'
import { readTlsCredentials, useTlsCredentials } from './tls'

const SESSION_SWEEP_MS = 60 * 60 * 1000

async function loadDemo() {
  const [{ createMockAdapters }, data, { seedDemo }] = await Promise.all([import('../mock'), import('../mock/demo-data'), import('../mock/seed')])
  return { createMockAdapters, seedDemo, ...data }
}

async function main(): Promise<void> {
  const config = readConfig(process.env, process.argv.slice(2))
  const db = openDb(config.databaseUrl)
  await migrate(db)
  // The demo's stand-ins and data are loaded only when the demo is asked for: a production server
  // never has them in memory, let alone wired in.
  const demo = config.demo ? await loadDemo() : undefined
  const seeded = demo !== undefined && await hasNoUsers(db.kysely)
  if (seeded)
    await demo.seedDemo(db)

  // Stand-ins only when the demo was asked for; otherwise the configured SMS provider, and every
  // outside system that is not configured refuses clearly.
  let log = (_msg: string) => {}
  const adapters = demo
    ? demo.createMockAdapters(msg => log(msg))
    : { ...unconfiguredAdapters(), ...(config.sms ? { sms: new AliyunSmsGateway(config.sms, msg => log(msg)) } : {}), ...(config.push ? { push: new WebPushGateway(config.push) } : {}) }
  const app = await buildApp({ db, adapters, config, logger: LOG_OPTIONS })
  log = msg => app.log.info(msg)
  await app.listen({ port: config.port, host: config.host })

  const url = `${config.tls ? 'https' : 'http'}://localhost:${(app.server.address() as { port: number }).port}`
  const lines = [
    '',
    `  幸福码 is running at ${url}  (database: ${db.kind}${seeded ? ', demo data loaded' : ''})`,
    `  API docs: ${url}/api/docs`,
  ]
  if (demo) {
    const { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_RESIDENT: li, DEMO_RESIDENT_PHONE } = demo
    lines.push(
      '',
      '  DEMO MODE (--demo): stand-in SMS, registry and economic check; sign-in codes are readable by',
      '  anyone at /api/dev/sms-outbox. Never expose a demo server to real people.',
      '',
      '  Demo sign-ins:',
      `    resident        mobile ${DEMO_RESIDENT_PHONE} (the registry's number for ${li.name}); the SMS code is shown on the sign-in page`,
      `                    then bind the household with ID ${li.idNumber} + name ${li.name}`,
      ...DEMO_ACCOUNTS.map(a => `    ${a.role.padEnd(15)} ${a.username} / ${DEMO_PASSWORD}`),
      '',
    )
  }
  else {
    const missing = config.sms ? 'the household registry and economic check are not configured' : 'the SMS gateway, household registry and economic check are not configured,\n  so residents cannot sign in yet'
    lines.push('', `  Demo mode is off: ${missing}. \`npm start\` (or \`npm run serve -- --demo\`) runs the demo.`)
  }

  console.log(lines.join('\n'))

  const months = keepEntitlementMonths(db.kysely, error => app.log.error({ err: error }, 'writing approvals\' granted months failed'))
  // Texts and pushes of case news (issue #19), sent after their decisions committed; a failure is retried on the row.
  const notify = startNotifyWorker(
    { db: db.kysely, sms: adapters.sms, push: adapters.push, publicUrl: config.publicUrl, channels: { sms: notificationSmsAvailable(config), push: config.push !== null } },
    error => app.log.error({ err: error }, 'sending texts and pushes failed'),
  )
  // A sweep that fails (the database away for a moment) is logged and tried again next hour: an
  // unhandled rejection would end the process on Node.
  const sweep = setInterval(() => {
    const now = new Date()
    Promise.all([deleteExpiredSessions(db.kysely), deleteExpiredRateLimits(db.kysely, now), deleteExpiredSmsCodes(db.kysely, now), sweepSignals(db.kysely, now)])
      .catch(error => app.log.error({ err: error }, 'deleting expired sessions, rate limits, SMS codes and signals failed'))
  }, SESSION_SWEEP_MS)
  const shutdown = async () => {
    clearInterval(sweep)
    months.stop()
    await notify.stop()
    await app.close()
    await db.close()
  }
  const onSignal = () => {
    shutdown().then(() => process.exit(0), (error: unknown) => {
      console.error(error)
      process.exit(1)
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  if (config.tls)
    process.on('SIGHUP', () => reloadCertificate(app, config.tls!))
}

/**
 * A renewed certificate without a restart: `kill -HUP <pid>` after the files are replaced. New
 * connections get it; open ones keep theirs. Files that do not check out leave the old one in place.
 */
function reloadCertificate(app: FastifyInstance, files: TlsFiles) {
  try {
    useTlsCredentials(app.server, readTlsCredentials(files))
    app.log.info('TLS certificate reloaded')
  }
  catch (error) {
    app.log.error({ err: error }, 'TLS certificate not reloaded; the one in use stays')
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
