/**
 * `npm run backup`: a consistent snapshot of the database while the app runs (issue #14).
 * SQLite: into BACKUP_DIR (default ./backups) as app-YYYYMMDD-HHMMSS.db, Beijing time; keeps the
 * last BACKUP_KEEP (default 14). PostgreSQL: runs pg_dump when installed, else prints its line.
 */
import { DEFAULT_DATABASE_URL } from '../server/config'
import { dbKindOf } from '../server/db'
import { BackupError, backupPostgres, backupSqlite, DEFAULT_BACKUP_DIR, parseKeep } from '../server/db/backup'

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
  const options = { databaseUrl, dir: process.env.BACKUP_DIR || DEFAULT_BACKUP_DIR, keep: parseKeep(process.env.BACKUP_KEEP) }
  const result = dbKindOf(databaseUrl) === 'sqlite' ? await backupSqlite(options) : backupPostgres(options)
  console.log(`backup written: ${result.path} (${result.bytes} bytes, ${Math.round(result.ms)} ms)`)
  for (const file of result.deleted)
    console.log(`older backup deleted: ${file}`)
}

main().catch((error) => {
  console.error(error instanceof BackupError ? error.message : error)
  process.exit(1)
})
