import type { Kysely } from 'kysely'

// Issue #14: a visit's location is stored encrypted. A number column cannot hold a sealed value,
// so lat and lng move into one text column, "lat,lng". They are copied here in clear; the backfill
// that runs after the migrations (server/crypto/stored-data.ts) seals them, as it seals photos.

const BATCH = 500

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('visits').addColumn('location', 'text').execute()
  // Formatted by JavaScript, not by SQL: both dialects then store the same text.
  for (;;) {
    const rows = await db.selectFrom('visits').select(['id', 'lat', 'lng']).where('lat', 'is not', null).where('lng', 'is not', null).where('location', 'is', null).limit(BATCH).execute()
    if (rows.length === 0)
      break
    for (const r of rows)
      await db.updateTable('visits').set({ location: `${Number(r.lat)},${Number(r.lng)}` }).where('id', '=', r.id).execute()
  }
  // No index on them: SQLite (≥ 3.35) and PostgreSQL both drop them in place.
  await db.schema.alterTable('visits').dropColumn('lat').execute()
  await db.schema.alterTable('visits').dropColumn('lng').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('visits').addColumn('lat', 'double precision').execute()
  await db.schema.alterTable('visits').addColumn('lng', 'double precision').execute()
  // A migration has no keys: only locations still in clear come back; sealed ones are dropped.
  const rows = await db.selectFrom('visits').select(['id', 'location']).where('location', 'is not', null).where('location', 'not like', 'enc1.%').execute()
  for (const r of rows) {
    const [lat, lng] = String(r.location).split(',').map(Number)
    await db.updateTable('visits').set({ lat, lng }).where('id', '=', r.id).execute()
  }
  await db.schema.alterTable('visits').dropColumn('location').execute()
}
