import type { Db } from './index'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import SQLite from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_HOUSEHOLDS } from '../../mock/demo-data'
import { seedDemo } from '../../mock/seed'
import { backupBaseName, backupSqlite, checkBackupFile, pgDumpAdvice, restoreSqlite } from './backup'
import { migrate, migrateTo, openDb } from './index'

const PROBE_PREFIX = 'backup-probe-'
/** Rows the writer has written before the backup starts, so the snapshot holds some of them. */
const ROWS_BEFORE_BACKUP = 50
const ROWS_AFTER_BACKUP = 50
/** SQLite's default page size, the unit a torn write damages. */
const PAGE_BYTES = 4096

/**
 * The running app, as another thread with its own connection: inserts one row per transaction
 * into rate_limits until told to stop. shared[0] = stop flag, shared[1] = rows written (notified).
 */
const WRITER = `
const { workerData } = require('node:worker_threads')
const SQLite = require(workerData.driver)
const shared = new Int32Array(workerData.shared)
const db = new SQLite(workerData.file)
db.pragma('busy_timeout = 5000')
const insert = db.prepare('insert into rate_limits (key, attempts, window_start, expires_at) values (?, 1, ?, ?)')
for (let n = 1; Atomics.load(shared, 0) === 0; n++) {
  const at = new Date().toISOString()
  insert.run(workerData.prefix + String(n).padStart(8, '0'), at, at)
  Atomics.store(shared, 1, n)
  Atomics.notify(shared, 1)
}
db.close()
`

function sortedRows(db: SQLite.Database, table: string): string[] {
  return db.prepare(`select * from "${table}"`).all().map(row => JSON.stringify(row)).sort()
}

function tablesOf(db: SQLite.Database): string[] {
  return (db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as { name: string }[]).map(r => r.name)
}

/** Atomics.waitAsync (Node 16+), which this program's lib (ES2023) does not declare yet. */
type WaitAsync = (array: Int32Array, index: number, value: number) => { async: false, value: string } | { async: true, value: Promise<string> }
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync

/** Resolves once the writer has written `rows` rows: woken by its Atomics.notify, not polled. */
async function rowsWritten(shared: Int32Array, rows: number): Promise<void> {
  for (let n = Atomics.load(shared, 1); n < rows; n = Atomics.load(shared, 1)) {
    const wait = waitAsync(shared, 1, n)
    if (wait.async)
      await wait.value
  }
}

describe('backup and restore of SQLite', () => {
  let dir: string
  let sourceFile: string
  let db: Db

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xfm-backup-'))
    sourceFile = join(dir, 'app.db')
    db = openDb(`sqlite:${sourceFile}`)
    await migrate(db)
    await seedDemo(db)
  })

  afterAll(async () => {
    await db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('should restore the same rows in every table when the backup is taken while the app keeps writing', async () => {
    const shared = new Int32Array(new SharedArrayBuffer(8))
    const writer = new Worker(WRITER, {
      eval: true,
      workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file: sourceFile, prefix: PROBE_PREFIX, shared: shared.buffer },
    })
    const writerDone = new Promise<void>((resolve, reject) => {
      writer.on('error', reject)
      writer.on('exit', () => resolve())
    })
    await rowsWritten(shared, ROWS_BEFORE_BACKUP)
    const writtenAtStart = Atomics.load(shared, 1)
    const backup = await backupSqlite({ databaseUrl: `sqlite:${sourceFile}`, dir: join(dir, 'live') })
    const writtenAtEnd = Atomics.load(shared, 1)
    await rowsWritten(shared, writtenAtEnd + ROWS_AFTER_BACKUP)
    Atomics.store(shared, 0, 1)
    await writerDone

    // The app was not stopped: it went on writing while the snapshot was taken.
    expect(writtenAtEnd).toBeGreaterThan(writtenAtStart)
    expect(statSync(backup.path).mode & 0o777).toBe(0o600)
    // Encryption at rest (issue #14): the file alone reveals no demo ID number or phone.
    const bytes = readFileSync(backup.path).toString('latin1')
    for (const person of DEMO_HOUSEHOLDS.flatMap(h => h.members)) {
      expect(bytes).not.toContain(person.idNumber)
      if (person.phone)
        expect(bytes).not.toContain(person.phone)
    }
    console.log(`backup of the demo database: ${backup.bytes} bytes in ${backup.ms.toFixed(1)} ms`)

    const restoredFile = join(dir, 'restored', 'app.db')
    const restored = await restoreSqlite({ from: backup.path, databaseUrl: `sqlite:${restoredFile}` })
    expect(restored.migrated).toBe(0)

    const source = new SQLite(sourceFile, { readonly: true })
    const copy = new SQLite(restoredFile, { readonly: true })
    try {
      expect(tablesOf(copy)).toEqual(tablesOf(source))
      for (const table of tablesOf(source)) {
        if (table === 'rate_limits')
          continue
        expect(sortedRows(copy, table), table).toEqual(sortedRows(source, table))
      }
      expect((copy.prepare('select count(*) as n from households').get() as { n: number }).n).toBeGreaterThan(0)
      expect((copy.prepare('select count(*) as n from benefit_records').get() as { n: number }).n).toBeGreaterThan(0)

      // The writer's rows: one unbroken run from the first, cut at one moment between start and end.
      const probes = (copy.prepare(`select key from rate_limits where key like ? order by key`).all(`${PROBE_PREFIX}%`) as { key: string }[]).map(r => r.key)
      expect(probes.length).toBeGreaterThanOrEqual(writtenAtStart)
      expect(probes.length).toBeLessThanOrEqual(writtenAtEnd)
      expect(probes).toEqual(probes.map((_, i) => PROBE_PREFIX + String(i + 1).padStart(8, '0')))
      const sourceProbes = sortedRows(source, 'rate_limits').filter(r => probes.includes(JSON.parse(r).key))
      expect(sortedRows(copy, 'rate_limits').filter(r => JSON.parse(r).key.startsWith(PROBE_PREFIX))).toEqual(sourceProbes)
    }
    finally {
      source.close()
      copy.close()
    }
  })

  it('should bring an older backup up to date when it is restored', async () => {
    const oldFile = join(dir, 'old.db')
    const old = openDb(`sqlite:${oldFile}`)
    await migrateTo(old, '011_application_member_registry')
    await old.close()
    const backup = await backupSqlite({ databaseUrl: `sqlite:${oldFile}`, dir: join(dir, 'old-backups') })
    const restored = await restoreSqlite({ from: backup.path, databaseUrl: `sqlite:${join(dir, 'old-restored.db')}` })
    expect(restored.migrated).toBeGreaterThan(0)
    const copy = new SQLite(restored.path, { readonly: true })
    expect(tablesOf(copy)).toContain('rate_limits')
    copy.close()
  })

  it('should refuse to restore when the file is torn, not a database or not one of this app', async () => {
    const good = await backupSqlite({ databaseUrl: `sqlite:${sourceFile}`, dir: join(dir, 'refused') })
    const torn = join(dir, 'torn.db')
    writeFileSync(torn, readFileSync(good.path))
    truncateSync(torn, Math.floor(good.bytes / 2))
    // Pages of zeros in the middle, as a copy taken while pages were being written can have.
    const holed = join(dir, 'holed.db')
    writeFileSync(holed, readFileSync(good.path).fill(0, PAGE_BYTES * 20, PAGE_BYTES * 22))
    const text = join(dir, 'notes.db')
    writeFileSync(text, 'not a database at all\n'.repeat(100))
    const other = join(dir, 'other.db')
    new SQLite(other).exec('create table t (x)').close()

    const target = join(dir, 'refused-target.db')
    await expect(restoreSqlite({ from: torn, databaseUrl: `sqlite:${target}` })).rejects.toThrow(/torn\.db (is damaged|failed PRAGMA integrity_check).*refused/)
    await expect(restoreSqlite({ from: holed, databaseUrl: `sqlite:${target}` })).rejects.toThrow(/holed\.db failed PRAGMA integrity_check \(Tree \d+ page \d.*refused/)
    await expect(restoreSqlite({ from: text, databaseUrl: `sqlite:${target}` })).rejects.toThrow(/notes\.db is not a SQLite database.*refused/)
    await expect(restoreSqlite({ from: other, databaseUrl: `sqlite:${target}` })).rejects.toThrow(/not one of this app.*refused/)
    expect(() => checkBackupFile(good.path)).not.toThrow()
    expect(readdirSync(dir)).not.toContain('refused-target.db')
  })

  it('should refuse to overwrite a database when --force is not given, and set the old one aside when it is', async () => {
    const backup = await backupSqlite({ databaseUrl: `sqlite:${sourceFile}`, dir: join(dir, 'force') })
    const target = join(dir, 'existing.db')
    writeFileSync(target, 'the database in use')
    await expect(restoreSqlite({ from: backup.path, databaseUrl: `sqlite:${target}` })).rejects.toThrow(/exists already: not overwritten/)
    expect(readFileSync(target, 'utf8')).toBe('the database in use')

    const restored = await restoreSqlite({ from: backup.path, databaseUrl: `sqlite:${target}`, force: true })
    expect(readFileSync(restored.replaced!, 'utf8')).toBe('the database in use')
    expect(() => checkBackupFile(target)).not.toThrow()
  })

  it('should keep exactly the newest N backups when more are taken', async () => {
    const backups = join(dir, 'retention')
    const keep = 3
    const start = Date.UTC(2025, 0, 1)
    const paths: string[] = []
    for (let i = 0; i < keep + 2; i++)
      paths.push((await backupSqlite({ databaseUrl: `sqlite:${sourceFile}`, dir: backups, keep, now: new Date(start + i * 1000) })).path)
    writeFileSync(join(backups, 'README.txt'), 'not a backup: left alone')
    await backupSqlite({ databaseUrl: `sqlite:${sourceFile}`, dir: backups, keep, now: new Date(start + 60_000) })
    const left = readdirSync(backups).filter(n => n.endsWith('.db')).sort()
    expect(left).toEqual(['app-20250101-080003.db', 'app-20250101-080004.db', 'app-20250101-080100.db'])
    expect(readdirSync(backups)).toContain('README.txt')
  })
})

describe('backup names and PostgreSQL', () => {
  it('should name a backup in Beijing time when it is taken', () => {
    expect(backupBaseName(new Date('2025-03-31T16:30:05Z'))).toBe('app-20250401-003005')
  })

  it('should give the exact pg_dump line when the database is PostgreSQL', () => {
    expect(pgDumpAdvice('./backups', new Date('2025-01-01T00:00:00Z'))).toContain('pg_dump --format=custom --file=backups/app-20250101-080000.dump "$DATABASE_URL"')
  })
})
