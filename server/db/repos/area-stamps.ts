import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { sql } from 'kysely'

/** What a stamp watches (migration 026): 'benefits' the completeness page's counts, 'visits' the coverage page's. */
export type StampTopic = 'benefits' | 'visits'

/** The length of a town's code: a household's stamp is its area code's first this many digits. */
const TOWN_CODE_LENGTH = 9

/**
 * The stamps of the topic for every town whose households may lie within the area, and the
 * topic's stamp of town '' (which a TRUNCATE renews), as one text: it differs as soon as any
 * write to what the topic counts in the area has been committed (migration 026's triggers). A
 * town whose rows never changed since the migration may have no stamp; its first write gives
 * it one, which changes the text too.
 */
export async function areaStampKey(db: Kysely<Database>, topic: StampTopic, areaCode: string): Promise<string> {
  // An area within a town (a village) lies in that town's stamp; a town or county, in the stamps
  // of the towns whose codes start with its own.
  const towns = areaCode.length > TOWN_CODE_LENGTH
    ? sql`town_code = ${areaCode.slice(0, TOWN_CODE_LENGTH)}`
    : sql`town_code like ${`${areaCode}%`}`
  const { rows } = await sql<{ town_code: string, shard: number, stamp: string }>`select town_code, shard, stamp from area_stamps where topic = ${topic} and (town_code = '' or ${towns}) order by town_code, shard`.execute(db)
  return rows.map(r => `${r.town_code}:${r.shard}:${r.stamp}`).join(' ')
}
