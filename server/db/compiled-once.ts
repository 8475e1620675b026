import type { Compilable, CompiledQuery, Kysely, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import type pg from 'pg'
import type { Database } from './schema'
import { createQueryId } from 'kysely'

// Queries of the hot paths (every request's session, a visit's send, a resident's list; issue
// #18), built and compiled once instead of at every request, and on PostgreSQL prepared once per
// connection: planning them costs PostgreSQL more than running them (the session's join 0.09 ms
// of backend CPU as a one-off statement, 0.01 ms prepared; a visit's checks 0.29 ms, 0.02 ms).

/** What a value's place holds while a query is compiled once: never a value anyone sends. */
const SLOT = '\u0000slot:'

/**
 * Begins the SQL of the statements that PostgreSQL keeps prepared (preparingPool). A comment:
 * both databases ignore it, and SQLite's statement cache (db/index.ts) keys on the same text.
 */
export const PREPARED_MARK = '/* prepared */ '

/**
 * A query built and compiled once per database handle, then run with new values: on a visit's
 * hot path Kysely's builder and compiler cost more than SQLite takes to run the query (issue
 * #18). `build` receives a marker in place of each named value; the compiled parameters that are
 * markers are replaced by the values at each run, the others (constants of the query) kept.
 * A transaction is a handle of its own, so it compiles again (rare paths only). On PostgreSQL
 * the statement is prepared once per connection (preparingPool).
 */
export function compiledOnce<Name extends string, Row>(names: readonly Name[], build: (db: Kysely<Database>, markers: Record<Name, string>) => Compilable<Row>) {
  const compiled = new WeakMap<Kysely<Database>, { query: CompiledQuery<Row>, slots: ({ name: Name } | { value: unknown })[] }>()
  return (db: Kysely<Database>, values: Record<Name, unknown>) => {
    let entry = compiled.get(db)
    if (!entry) {
      const query = build(db, Object.fromEntries(names.map(n => [n, SLOT + n])) as Record<Name, string>).compile()
      const slots = query.parameters.map(p => typeof p === 'string' && p.startsWith(SLOT) ? { name: p.slice(SLOT.length) as Name } : { value: p })
      const missing = names.filter(n => !slots.some(s => 'name' in s && s.name === n))
      if (missing.length > 0)
        throw new Error(`compiledOnce: ${missing.join(', ')} did not become parameters`)
      entry = { query: { ...query, sql: PREPARED_MARK + query.sql }, slots }
      compiled.set(db, entry)
    }
    return db.executeQuery<Row>({ ...entry.query, queryId: createQueryId(), parameters: entry.slots.map(s => 'name' in s ? values[s.name] : s.value) })
  }
}

/** Statement names by SQL text; a text gets a new name when its statement went stale. */
const statementNames = new Map<string, string>()
let statementCount = 0

function statementName(text: string): string {
  let name = statementNames.get(text)
  if (name === undefined) {
    name = `xfm_${++statementCount}`
    statementNames.set(text, name)
  }
  return name
}

/**
 * PostgreSQL refuses to run a prepared statement whose result columns a table change (a
 * migration by another process) has changed: "cached plan must not change result type".
 */
function isStalePlan(error: unknown): boolean {
  return (error as { code?: unknown }).code === '0A000' && /cached plan must not change result type/.test(String((error as Error).message))
}

async function runPrepared<R>(client: pg.PoolClient, text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>> {
  // Outside a transaction a stale statement can be prepared again; inside, the error has already
  // aborted the transaction and goes to the caller like any other.
  const alone = client.getTransactionStatus() === 'I'
  try {
    return await client.query({ name: statementName(text), text, values: [...values] }) as unknown as PostgresQueryResult<R>
  }
  catch (error) {
    if (!alone || !isStalePlan(error))
      throw error
    statementNames.delete(text)
    return await client.query({ name: statementName(text), text, values: [...values] }) as unknown as PostgresQueryResult<R>
  }
}

/**
 * The pool as Kysely uses it, where statements marked PREPARED_MARK run as named (prepared)
 * statements: parsed and planned once per connection, then only bound and run. Every other
 * statement runs as before (unnamed), so the number of prepared statements per connection is
 * that of the marked queries in the code, a few dozen at most.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>()
  const preparing = (client: pg.PoolClient): PostgresPoolClient => ({
    query: ((textOrCursor: string | object, parameters?: readonly unknown[]) => typeof textOrCursor === 'string' && textOrCursor.startsWith(PREPARED_MARK)
      ? runPrepared(client, textOrCursor, parameters ?? [])
      : client.query(textOrCursor as string, parameters as unknown[])) as PostgresPoolClient['query'],
    release: () => client.release(),
  })
  return {
    connect: async () => {
      const client = await pool.connect()
      let wrapped = clients.get(client)
      if (!wrapped) {
        wrapped = preparing(client)
        clients.set(client, wrapped)
      }
      return wrapped
    },
    end: () => pool.end(),
  }
}
