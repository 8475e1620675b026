import type { Db } from '../server/db'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { openDb } from '../server/db'

/**
 * A throw-away database for a benchmark: a fresh schema on PostgreSQL when BENCH_DATABASE_URL
 * says so, otherwise a SQLite file in a temporary folder. `cleanup` removes it.
 */
export async function openBenchDb(): Promise<{ db: Db, cleanup: () => Promise<void> }> {
  const url = process.env.BENCH_DATABASE_URL
  if (url) {
    const schema = `bench_${randomBytes(4).toString('hex')}`
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const db = openDb(url, { pgSchema: schema })
    return {
      db,
      cleanup: async () => {
        await db.close()
        await admin.query(`drop schema ${schema} cascade`)
        await admin.end()
      },
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'xfm-bench-'))
  const db = openDb(`sqlite:${join(dir, 'bench.db')}`)
  return {
    db,
    cleanup: async () => {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
