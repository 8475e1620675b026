/** PostgreSQL's unique_violation, and better-sqlite3's codes for a unique index or primary key. */
const UNIQUE_VIOLATION_CODES = new Set(['23505', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'])

/**
 * Enough for requests racing on the same keys: the retry reads what the winner committed. A
 * request that still collides after this many tries collides with itself, a bug worth a 500.
 */
const UNIQUE_RETRIES = 3

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && UNIQUE_VIOLATION_CODES.has(code)
}

/**
 * Runs a read-then-write transaction again when a concurrent one inserted the same key between
 * its read and its insert: the second run sees that row and answers as if it had come second.
 */
export async function retryOnUniqueViolation<T>(work: () => Promise<T>, tries = UNIQUE_RETRIES): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    }
    catch (error) {
      if (attempt >= tries || !isUniqueViolation(error))
        throw error
    }
  }
}
