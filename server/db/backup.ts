/**
 * Backups (issue #14): a consistent snapshot of the SQLite database while the app runs, checked and
 * kept private, and a restore that never overwrites a database silently. PostgreSQL is backed up
 * with its own tool, pg_dump; this module only says how (and runs it when it is installed).
 */
import type { Db } from './index'
import { spawnSync } from 'node:child_process'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { shanghaiDateTime } from '../../src/domain/time'
import { dbKindOf, migrate, openDb } from './index'

export const DEFAULT_BACKUP_DIR = './backups'
export const DEFAULT_BACKUP_KEEP = 14
/** Only the owner may read a backup: it holds everything the database holds. */
const BACKUP_FILE_MODE = 0o600
const BACKUP_DIR_MODE = 0o700
const SQLITE_BACKUP_NAME = /^app-\d{8}-\d{6}\.db$/
const PG_DUMP_NAME = /^app-\d{8}-\d{6}\.dump$/
const SQLITE_HEADER = 'SQLite format 3\0'
/**
 * Pages per backup step: all of them in one step, so that a write by the running app between two
 * steps cannot restart the copy again and again; WAL lets the app go on writing meanwhile.
 */
const ALL_PAGES = 0x7FFFFFFF
/** The table Kysely's migrator keeps: a database of this app has it. */
const MIGRATION_TABLE = 'kysely_migration'

/** A refusal to show as is (no stack): what is wrong and what to do. */
export class BackupError extends Error {
  override name = 'BackupError'
}

export interface BackupOptions {
  databaseUrl: string
  dir?: string
  keep?: number
  now?: Date
}

export interface BackupResult {
  path: string
  bytes: number
  ms: number
  /** Older backups deleted to keep the last `keep`. */
  deleted: string[]
}

/** `app-YYYYMMDD-HHMMSS` in Beijing time, the time of the counties that run the app. */
export function backupBaseName(now: Date): string {
  const t = shanghaiDateTime(now)
  return `app-${t.slice(0, 10).replaceAll('-', '')}-${t.slice(11, 19).replaceAll(':', '')}`
}

export function sqliteFileOf(databaseUrl: string): string {
  const file = databaseUrl.slice('sqlite:'.length)
  if (file === ':memory:' || file === '')
    throw new BackupError('DATABASE_URL names an in-memory SQLite database: there is no file to back up or restore into')
  return file
}

export function parseKeep(value: string | undefined): number {
  if (value === undefined || value === '')
    return DEFAULT_BACKUP_KEEP
  const keep = Number(value)
  if (!Number.isInteger(keep) || keep < 1)
    throw new BackupError(`BACKUP_KEEP must be a whole number of 1 or more (got "${value}")`)
  return keep
}

/**
 * Throws a BackupError unless `file` is a sound SQLite database of this app: the SQLite header,
 * `PRAGMA integrity_check` answering ok, and the migrations table. Opened read-only.
 */
export function checkBackupFile(file: string): void {
  if (!existsSync(file))
    throw new BackupError(`${file}: no such file`)
  const header = Buffer.alloc(SQLITE_HEADER.length)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, header, 0, header.length, 0)
  }
  finally {
    closeSync(fd)
  }
  if (header.toString('latin1') !== SQLITE_HEADER)
    throw new BackupError(`${file} is not a SQLite database (no SQLite header): refused`)
  let problems: string[]
  let hasMigrations: boolean
  try {
    const db = new SQLite(file, { readonly: true, fileMustExist: true })
    try {
      problems = (db.pragma('integrity_check') as { integrity_check: string }[]).map(r => r.integrity_check)
      hasMigrations = db.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(MIGRATION_TABLE) !== undefined
    }
    finally {
      db.close()
    }
  }
  catch (error) {
    // A file cut short or overwritten often fails before integrity_check can answer.
    throw new BackupError(`${file} is damaged (${(error as Error).message}): refused; use another backup`)
  }
  if (problems.length !== 1 || problems[0] !== 'ok') {
    const lines = problems.flatMap(p => p.split('\n')).filter(l => !l.startsWith('***'))
    throw new BackupError(`${file} failed PRAGMA integrity_check (${lines.slice(0, 3).join('; ')}): refused; use another backup`)
  }
  if (!hasMigrations)
    throw new BackupError(`${file} is a SQLite database but not one of this app (no ${MIGRATION_TABLE} table): refused`)
}

/** Deletes all but the newest `keep` backups of one kind in `dir` (names sort by time); other files are left alone. */
export function pruneBackups(dir: string, keep: number, pattern: RegExp = SQLITE_BACKUP_NAME): string[] {
  const names = readdirSync(dir).filter(n => pattern.test(n)).sort()
  const old = names.slice(0, Math.max(0, names.length - keep)).map(n => join(dir, n))
  for (const file of old)
    rmSync(file)
  return old
}

/** Creates `file` empty with owner-only permissions, failing if it exists: SQLite then writes into it. */
function createPrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', BACKUP_FILE_MODE))
  }
  catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new BackupError(`${file} exists already: not overwritten`)
    throw error
  }
}

/** Copies the database `from` into the new file `to` with SQLite's online backup API, as one single-file database. */
async function copyDatabase(from: string, to: string): Promise<void> {
  createPrivateFile(to)
  try {
    const source = new SQLite(from, { readonly: true, fileMustExist: true })
    try {
      await source.backup(to, { progress: () => ALL_PAGES })
    }
    finally {
      source.close()
    }
    // A rollback journal, not WAL: the copy is one self-contained file, with no -wal beside it.
    const copy = new SQLite(to, { fileMustExist: true })
    try {
      copy.pragma('journal_mode = DELETE')
    }
    finally {
      copy.close()
    }
    chmodSync(to, BACKUP_FILE_MODE)
  }
  catch (error) {
    rmSync(to, { force: true })
    throw error
  }
}

/** Backs up a SQLite database while the app runs: snapshot, integrity check, mode 0600, retention. */
export async function backupSqlite(options: BackupOptions): Promise<BackupResult> {
  const source = sqliteFileOf(options.databaseUrl)
  if (!existsSync(source))
    throw new BackupError(`${source}: no database file to back up (DATABASE_URL=${options.databaseUrl})`)
  const dir = options.dir ?? DEFAULT_BACKUP_DIR
  const keep = options.keep ?? DEFAULT_BACKUP_KEEP
  mkdirSync(dir, { recursive: true, mode: BACKUP_DIR_MODE })
  const path = join(dir, `${backupBaseName(options.now ?? new Date())}.db`)
  if (existsSync(path))
    throw new BackupError(`${path} exists already: not overwritten (one backup per second at most)`)
  // Written under another name and renamed once checked: a file named app-*.db is always whole.
  const partial = `${path}.partial`
  const started = performance.now()
  await copyDatabase(source, partial)
  try {
    checkBackupFile(partial)
  }
  catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
  renameSync(partial, path)
  const ms = performance.now() - started
  const deleted = pruneBackups(dir, keep)
  return { path, bytes: statSync(path).size, ms, deleted }
}

/** The pg_dump command line for a PostgreSQL backup into `dir`. */
export function pgDumpCommand(dir: string, now: Date): { file: string, line: string } {
  const file = join(dir, `${backupBaseName(now)}.dump`)
  return { file, line: `pg_dump --format=custom --file=${file} "$DATABASE_URL"` }
}

export function pgDumpAdvice(dir: string, now: Date): string {
  return [
    'DATABASE_URL is PostgreSQL: back it up with PostgreSQL\'s own tool, pg_dump (not installed here), for example:',
    '',
    `  ${pgDumpCommand(dir, now).line}`,
    '',
    'Keep the file like the database (chmod 600, never under the web root). Restore it with',
    '  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" <file>',
  ].join('\n')
}

export function pgDumpInstalled(): boolean {
  return spawnSync('which', ['pg_dump'], { stdio: 'ignore' }).status === 0
}

/** Runs pg_dump (when installed) into `dir`; the password goes through the environment, not the command line. */
export function backupPostgres(options: BackupOptions): BackupResult {
  const dir = options.dir ?? DEFAULT_BACKUP_DIR
  const now = options.now ?? new Date()
  if (!pgDumpInstalled())
    throw new BackupError(pgDumpAdvice(dir, now))
  mkdirSync(dir, { recursive: true, mode: BACKUP_DIR_MODE })
  const { file } = pgDumpCommand(dir, now)
  const url = new URL(options.databaseUrl)
  const password = decodeURIComponent(url.password)
  url.password = ''
  createPrivateFile(file)
  const started = performance.now()
  const run = spawnSync('pg_dump', ['--format=custom', `--file=${file}`, url.toString()], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  })
  if (run.status !== 0) {
    rmSync(file, { force: true })
    throw new BackupError(`pg_dump failed (exit ${run.status ?? run.signal}); no backup written`)
  }
  chmodSync(file, BACKUP_FILE_MODE)
  const ms = performance.now() - started
  const deleted = pruneBackups(dir, options.keep ?? DEFAULT_BACKUP_KEEP, PG_DUMP_NAME)
  return { path: file, bytes: statSync(file).size, ms, deleted }
}

export interface RestoreOptions {
  /** The backup file to restore. */
  from: string
  /** Where to restore: a sqlite: URL. */
  databaseUrl: string
  /** Replace an existing database file (the server must be stopped). */
  force?: boolean
}

export interface RestoreResult {
  path: string
  /** Migrations run to bring an older backup up to date. */
  migrated: number
  /** Where the database replaced with --force was set aside. */
  replaced?: string
}

async function countMigrations(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(MIGRATION_TABLE)}`.execute(db.kysely)
  // count(*) without group by: always one row
  return Number(rows[0]!.n)
}

/**
 * Restores a SQLite backup into the file of `databaseUrl`: only a sound backup (checkBackupFile),
 * only into a file that does not exist unless `force`, then migrates it to the latest schema.
 */
export async function restoreSqlite(options: RestoreOptions): Promise<RestoreResult> {
  if (dbKindOf(options.databaseUrl) !== 'sqlite') {
    throw new BackupError('DATABASE_URL is PostgreSQL: restore a pg_dump file with\n  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" <file>\nthen start the server, which brings the schema up to date.')
  }
  const target = resolve(sqliteFileOf(options.databaseUrl))
  checkBackupFile(options.from)
  if (resolve(options.from) === target)
    throw new BackupError('the backup file and DATABASE_URL are the same file')
  if (existsSync(target) && !options.force)
    throw new BackupError(`${target} exists already: not overwritten. Restore into a new DATABASE_URL, or stop the server and add --force to replace it`)
  mkdirSync(dirname(target), { recursive: true })
  const partial = `${target}.restoring`
  rmSync(partial, { force: true })
  await copyDatabase(options.from, partial)
  // A replaced database is set aside with its WAL (which may hold its latest writes), never deleted;
  // left in place, its WAL and shared-memory files would be replayed onto the restored file.
  let replaced: string | undefined
  if (existsSync(target)) {
    replaced = `${target}.replaced-${backupBaseName(new Date()).slice('app-'.length)}`
    for (const suffix of ['', '-wal', '-journal']) {
      if (existsSync(`${target}${suffix}`))
        renameSync(`${target}${suffix}`, `${replaced}${suffix}`)
    }
  }
  rmSync(`${target}-shm`, { force: true })
  renameSync(partial, target)
  const db = openDb(options.databaseUrl)
  try {
    const before = await countMigrations(db)
    await migrate(db)
    return { path: target, migrated: (await countMigrations(db)) - before, replaced }
  }
  finally {
    await db.close()
  }
}
