/**
 * `npm run restore -- <file> [--force]`: restores a SQLite backup into DATABASE_URL's file (issue #14).
 * Only a backup that passes PRAGMA integrity_check; only into a file that does not exist, unless
 * --force (stop the server first: the replaced file is set aside, not deleted); then migrates.
 */
import { DEFAULT_DATABASE_URL } from '../server/config'
import { BackupError, restoreSqlite } from '../server/db/backup'

const USAGE = 'usage: DATABASE_URL=sqlite:<new file> npm run restore -- <backup file> [--force]'

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const force = args.includes('--force')
  const [file, ...more] = args.filter(a => a !== '--force')
  if (file === undefined || more.length > 0)
    throw new BackupError(USAGE)
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL
  const result = await restoreSqlite({ from: file, databaseUrl, force })
  if (result.replaced)
    console.log(`the database it replaced was set aside as ${result.replaced}`)
  console.log(`restored ${file} into ${result.path}${result.migrated > 0 ? ` and ran ${result.migrated} migration(s)` : ''}`)
}

main().catch((error) => {
  console.error(error instanceof BackupError ? error.message : error)
  process.exit(1)
})
