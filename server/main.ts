import { createMockAdapters } from '../mock'
import { DEMO_ACCOUNTS, DEMO_HOUSEHOLDS, DEMO_PASSWORD, DEMO_RESIDENT_PHONE } from '../mock/demo-data'
import { ENQUIRY_WINDOW_MS } from '../src/domain/application/resident-api'
import { buildApp, LOG_OPTIONS } from './app'
import { readConfig } from './config'
import { migrate, openDb } from './db'
import { deleteEnquiryAttemptsBefore } from './db/repos/enquiries'
import { deleteExpiredSessions } from './db/repos/sessions'
import { isEmpty, seedDemo } from './seed'

const SESSION_SWEEP_MS = 60 * 60 * 1000

async function main(): Promise<void> {
  const config = readConfig()
  const db = openDb(config.databaseUrl)
  await migrate(db)
  const seeded = config.seedDemo && await isEmpty(db)
  if (seeded)
    await seedDemo(db)

  const app = await buildApp({ db, adapters: createMockAdapters(msg => app.log.info(msg)), config, logger: LOG_OPTIONS })
  await app.listen({ port: config.port, host: config.host })

  const url = `http://localhost:${(app.server.address() as { port: number }).port}`
  const lines = [
    '',
    `  幸福码 is running at ${url}  (database: ${db.kind}${seeded ? ', demo data loaded' : ''})`,
    `  API docs: ${url}/api/docs`,
  ]
  if (!config.production) {
    lines.push(
      '',
      '  Demo sign-ins:',
      `    resident        any mobile number, e.g. ${DEMO_RESIDENT_PHONE}; the SMS code is shown on the sign-in page (demo mode) and in this log`,
      `                    bind a household with ID ${DEMO_HOUSEHOLDS[1].members[0].idNumber} + name ${DEMO_HOUSEHOLDS[1].members[0].name}`,
      ...DEMO_ACCOUNTS.map(a => `    ${a.role.padEnd(15)} ${a.username} / ${DEMO_PASSWORD}`),
      '',
    )
  }

  console.log(lines.join('\n'))

  const sweep = setInterval(() => {
    void deleteExpiredSessions(db.kysely)
    void deleteEnquiryAttemptsBefore(db.kysely, new Date(Date.now() - ENQUIRY_WINDOW_MS))
  }, SESSION_SWEEP_MS)
  const shutdown = async () => {
    clearInterval(sweep)
    await app.close()
    await db.close()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
