import type { Kysely } from 'kysely'
import type { StampTopic } from '../../db/repos/area-stamps'
import type { Database } from '../../db/schema'
import { areaStampKey } from '../../db/repos/area-stamps'

// Issue #18: counts of a staff page over every household of an area (the county completeness,
// the town visit coverage), kept per area and parameters under the area's stamps (migration
// 026), so that viewing the page again costs a look at the stamps instead of a pass over some
// 10 000 to 100 000 households. The stamps change with every committed write to what the counts
// are made of, whoever makes it, so kept counts are never older than what the database holds:
// the stamps are read first, and counts computed after that are at least as new as them.

/** Areas and parameters kept per database, the least recently read going first. */
export const MAX_KEPT_AREAS = 256

interface Kept<V> {
  stamps: string
  counts: Promise<V>
}

/** Counts of one topic, kept by database, area, parameters and the area's stamps. */
export class KeptCounts<V> {
  /** Per Kysely instance: two databases (tests, the bench's two apps) never share counts. */
  private readonly byDb = new WeakMap<Kysely<Database>, Map<string, Kept<V>>>()

  constructor(private readonly topic: StampTopic, private readonly maxAreas = MAX_KEPT_AREAS) {}

  /**
   * The counts of `area` for `params`: kept while the area's stamps are the same, else computed
   * by `compute` (shared by the requests that ask meanwhile). Inside a transaction nothing is
   * kept: it may see writes that are never committed.
   */
  async get(db: Kysely<Database>, area: string, params: string, compute: () => Promise<V>): Promise<V> {
    if (db.isTransaction)
      return compute()
    const stamps = await areaStampKey(db, this.topic, area)
    let kept = this.byDb.get(db)
    if (!kept) {
      kept = new Map()
      this.byDb.set(db, kept)
    }
    const key = `${area}\u0000${params}`
    const found = kept.get(key)
    // Read again: the most recently read go last, the first to go are the first in the map.
    kept.delete(key)
    if (found && found.stamps === stamps) {
      kept.set(key, found)
      return found.counts
    }
    const entry: Kept<V> = { stamps, counts: compute() }
    kept.set(key, entry)
    // A failed count is not kept: the next request counts again.
    entry.counts.catch(() => {
      if (kept.get(key) === entry)
        kept.delete(key)
    })
    for (const oldest of kept.keys()) {
      if (kept.size <= this.maxAreas)
        break
      kept.delete(oldest)
    }
    return entry.counts
  }

  /** How many areas and parameters are kept for the database (tests). */
  size(db: Kysely<Database>): number {
    return this.byDb.get(db)?.size ?? 0
  }
}
