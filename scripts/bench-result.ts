/**
 * The contract between each `npm run bench:*` script and `npm run bench`, which runs them all:
 * with BENCH_JSON=1 a script ends its output with one line `BENCH_RESULT {"rows":[…]}`.
 * A row is one figure of issue #18's table: its value, and its ratio to the bare Fastify route
 * measured in the same round where the figure is a throughput.
 */
export interface BenchRow {
  /** What was measured, e.g. "happiness list, 200 records". */
  name: string
  value: number
  /** e.g. "req/s", "ms p50", "households/s", "KB gzip". */
  unit: string
  /** value ÷ the bare Fastify route's value in the same round, where that is the figure to compare. */
  ratio?: number
  /** The goal, in words, e.g. "≥ 2 000 req/s". */
  goal?: string
  /** Whether the goal is met; left out when the row has no goal. */
  met?: boolean
  /** "sqlite" or "postgres" where the figure depends on the database. */
  database?: string
}

export const BENCH_RESULT_PREFIX = 'BENCH_RESULT '

/** Prints the rows for `npm run bench` when it asked for them (BENCH_JSON=1). */
export function emitBenchResult(rows: BenchRow[]): void {
  if (process.env.BENCH_JSON === '1')
    console.log(BENCH_RESULT_PREFIX + JSON.stringify({ rows }))
}
