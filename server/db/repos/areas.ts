import type { Kysely } from 'kysely'
import type { AreaTable, Database } from '../schema'

export async function upsertAreas(db: Kysely<Database>, areas: AreaTable[]): Promise<void> {
  // Parents first, so that parent_code always points at an existing row.
  for (const area of [...areas].sort((a, b) => a.code.length - b.code.length)) {
    await db.insertInto('areas').values(area).onConflict(oc => oc.column('code').doUpdateSet({ name: area.name, level: area.level, parent_code: area.parent_code })).execute()
  }
}

export async function areaName(db: Kysely<Database>, code: string | null): Promise<string | null> {
  if (!code)
    return null
  const row = await db.selectFrom('areas').select('name').where('code', '=', code).executeTakeFirst()
  return row?.name ?? null
}

/** Towns and villages within an area (the area itself included unless it is a county), by code. */
export function townsAndVillagesWithin(db: Kysely<Database>, code: string): Promise<{ code: string, name: string }[]> {
  return db.selectFrom('areas').select(['code', 'name']).where('code', 'like', `${code}%`).where('level', 'in', ['town', 'village']).orderBy('code').execute()
}

/** Names of several areas at once (for lists). */
export async function areaNames(db: Kysely<Database>, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)].filter(Boolean)
  if (unique.length === 0)
    return new Map()
  const rows = await db.selectFrom('areas').select(['code', 'name']).where('code', 'in', unique).execute()
  return new Map(rows.map(r => [r.code, r.name]))
}
