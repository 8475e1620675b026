/**
 * `npm run bench:feed`: throughput of the department feed (POST /api/feeds/records) in
 * records per second, batches of 1,000 over real HTTP on 127.0.0.1, one batch at a time (a
 * department system sends in sequence). Measures new records (inserts) and a full resend
 * (the idempotent path: every record found unchanged). The app runs in this process on a
 * temporary SQLite file, or on PostgreSQL when BENCH_DATABASE_URL is set (in a schema of its
 * own, dropped afterwards). The figures go into issue #5's note; no test asserts on time.
 */
import type { AddressInfo } from 'node:net'
import type { RegistryHousehold } from '../server/adapters'
import type { BenchRow } from './bench-result'
import { randomBytes, randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { createMockAdapters } from '../mock'
import { seedDemo } from '../mock/seed'
import { buildApp } from '../server/app'
import { readConfig } from '../server/config'
import { migrate } from '../server/db'
import { insertFeedCredential } from '../server/db/repos/benefits'
import { upsertHouseholdFromRegistry } from '../server/db/repos/households'
import { findUserByUsername } from '../server/db/repos/users'
import { sha256 } from '../server/security'
import { MAX_FEED_RECORDS } from '../src/domain/happiness-list/api'
import { idCheckChar } from '../src/domain/id-number'
import { openBenchDb } from './bench-db'
import { emitBenchResult } from './bench-result'

const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 500)
const BATCHES = Number(process.env.BENCH_BATCHES ?? (process.env.BENCH_QUICK === '1' ? 5 : 20))
const BATCH_SIZE = MAX_FEED_RECORDS
const VILLAGES = ['339901001001', '339901001002', '339901002001']

function idNumber(sequence: number): string {
  const body = `339901197${sequence % 10}0101${String(sequence % 1000).padStart(3, '0')}`.slice(0, 17)
  return body + idCheckChar(body)
}

/** One member per household, distinct ID numbers (birth year and sequence vary). */
function households(): RegistryHousehold[] {
  return Array.from({ length: HOUSEHOLDS }, (_, i) => ({
    registryRef: `BENCH-${i}`,
    areaCode: VILLAGES[i % VILLAGES.length],
    address: `幸福县演示村 ${i} 号`,
    members: [{ idNumber: idNumber(i), name: `测试${i}`, relation: 'self' as const, isHead: true, phone: null }],
  }))
}

function batch(b: number, ids: string[]) {
  return {
    records: Array.from({ length: BATCH_SIZE }, (_, i) => {
      const n = b * BATCH_SIZE + i
      return { externalId: `BENCH-${n}`, idNumbers: [ids[n % ids.length]], item: 'medical', kind: 'cash', amountFen: 10_000 + (n % 997), period: '2026-01', paidOn: '2026-01-15', status: 'paid', reference: '住院医疗救助' }
    }),
  }
}

async function main() {
  const { db, cleanup } = await openBenchDb()
  const app = await buildApp({ db, adapters: createMockAdapters(), config: { ...readConfig({ NODE_ENV: 'test' }), staticDir: null } })
  try {
    await migrate(db)
    await seedDemo(db)
    const registry = households()
    for (const h of registry)
      await upsertHouseholdFromRegistry(db.kysely, h)
    const county = await findUserByUsername(db.kysely, 'county')
    const token = `xfm_feed_bench_${randomBytes(16).toString('hex')}`
    await insertFeedCredential(db.kysely, { id: randomUUID(), department: 'yibao', name: 'bench', secret_hash: sha256(token), created_by: county!.id, created_at: new Date().toISOString(), revoked_at: null })
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const ids = registry.map(h => h.members[0].idNumber)
    const bodies = Array.from({ length: BATCHES }, (_, b) => JSON.stringify(batch(b, ids)))

    const rows: BenchRow[] = []
    async function run(label: string, expect: 'inserted' | 'unchanged') {
      const start = performance.now()
      for (const body of bodies) {
        const res = await fetch(`http://127.0.0.1:${port}/api/feeds/records`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` } })
        const json = await res.json() as Record<string, number>
        if (res.status !== 200 || json[expect] !== BATCH_SIZE)
          throw new Error(`${label}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`)
      }
      const seconds = (performance.now() - start) / 1000
      rows.push({ name: `department feed, ${label}`, value: Math.round(BATCHES * BATCH_SIZE / seconds), unit: 'records/s' })
      console.log(`${label.padEnd(24)} ${BATCHES * BATCH_SIZE} records in ${seconds.toFixed(2)} s = ${Math.round(BATCHES * BATCH_SIZE / seconds)} records/s (${(seconds * 1000 / BATCHES).toFixed(0)} ms per batch of ${BATCH_SIZE})`)
    }

    console.log(`feed benchmark on ${db.kind}: ${BATCHES} batches of ${BATCH_SIZE}, ${HOUSEHOLDS} households`)
    await run('new records (insert)', 'inserted')
    await run('resend (unchanged)', 'unchanged')
    emitBenchResult(rows)
  }
  finally {
    await app.close()
    await cleanup()
  }
}

await main()
