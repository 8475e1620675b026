import type { Kysely } from 'kysely'

// Issue #6: care visits (探访关爱) and where volunteers and social workers may log them.
// Portable types as in 001–004: text ids, ISO-8601 UTC times, booleans as 0/1 integers.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('visits')
    .addColumn('id', 'text', c => c.primaryKey())
    // Made on the phone when the visit is written (offline too): one row per clientId however
    // often the outbox resends it. The constraint is what makes concurrent resends safe.
    .addColumn('client_id', 'text', c => c.notNull().unique())
    .addColumn('household_id', 'text', c => c.notNull().references('households.id'))
    .addColumn('visitor_id', 'text', c => c.notNull().references('users.id'))
    // Role and organisation as they were at the visit: the household's history stays true
    // when the visitor later changes organisation.
    .addColumn('visitor_role', 'text', c => c.notNull())
    .addColumn('organisation', 'text', c => c.notNull())
    .addColumn('type', 'text', c => c.notNull())
    .addColumn('visited_at', 'text', c => c.notNull())
    // JSON: [{ dimension, level, note }] of the six dimensions.
    .addColumn('observations', 'text', c => c.notNull())
    .addColumn('urgent', 'integer', c => c.notNull().defaultTo(0))
    .addColumn('urgent_note', 'text', c => c.notNull())
    .addColumn('notes', 'text', c => c.notNull())
    // JPEG data URL (at most 500 KB before base64), or null.
    .addColumn('photo', 'text')
    .addColumn('lat', 'double precision')
    .addColumn('lng', 'double precision')
    .addColumn('accuracy', 'double precision')
    .addColumn('created_at', 'text', c => c.notNull())
    .addColumn('flag_resolved_at', 'text')
    .addColumn('flag_resolved_by', 'text', c => c.references('users.id'))
    .execute()
  await db.schema.createIndex('visits_household').on('visits').columns(['household_id', 'visited_at']).execute()
  await db.schema.createIndex('visits_visitor').on('visits').columns(['visitor_id', 'visited_at']).execute()

  await db.schema.createTable('field_worker_areas')
    .addColumn('user_id', 'text', c => c.notNull().references('users.id'))
    .addColumn('area_code', 'text', c => c.notNull().references('areas.code'))
    .addColumn('assigned_by', 'text', c => c.notNull().references('users.id'))
    .addColumn('assigned_at', 'text', c => c.notNull())
    .addPrimaryKeyConstraint('field_worker_areas_pk', ['user_id', 'area_code'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['field_worker_areas', 'visits'])
    await db.schema.dropTable(table).execute()
}
