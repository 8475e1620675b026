import type { Kysely } from 'kysely'
import { sql, SqliteAdapter } from 'kysely'

// Issue #6: small needs (微心愿) and their timeline. Portable types as in 001–004: text ids, ISO
// times, photos as data-URL text.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('needs')
    .addColumn('id', 'text', c => c.primaryKey())
    .addColumn('household_id', 'text', c => c.notNull().references('households.id'))
    .addColumn('category', 'text', c => c.notNull())
    .addColumn('description', 'text', c => c.notNull())
    // A compressed JPEG as a data URL, or null.
    .addColumn('photo', 'text')
    .addColumn('status', 'text', c => c.notNull())
    // Set while removed by staff: where a restore goes back to.
    .addColumn('status_before_removal', 'text')
    .addColumn('posted_by', 'text', c => c.notNull().references('users.id'))
    .addColumn('posted_by_role', 'text', c => c.notNull())
    .addColumn('claimed_by', 'text', c => c.references('users.id'))
    .addColumn('rating', 'integer')
    .addColumn('comment', 'text')
    .addColumn('removal_reason', 'text')
    .addColumn('created_at', 'text', c => c.notNull())
    .addColumn('updated_at', 'text', c => c.notNull())
    .execute()
  await db.schema.createIndex('needs_household').on('needs').column('household_id').execute()
  await db.schema.createIndex('needs_status').on('needs').column('status').execute()
  await db.schema.createIndex('needs_claimed_by').on('needs').column('claimed_by').execute()

  await db.schema.createTable('need_events')
    .addColumn('id', 'text', c => c.primaryKey())
    .addColumn('need_id', 'text', c => c.notNull().references('needs.id'))
    // 1, 2, 3… per need: the order of the timeline (times can tie).
    .addColumn('seq', 'integer', c => c.notNull())
    .addColumn('at', 'text', c => c.notNull())
    .addColumn('action', 'text', c => c.notNull())
    .addColumn('status', 'text', c => c.notNull())
    .addColumn('actor_id', 'text', c => c.notNull().references('users.id'))
    .addColumn('actor_role', 'text', c => c.notNull())
    // As it was when they acted (和美村志愿服务队): the timeline shows this, never a name.
    .addColumn('actor_organisation', 'text')
    .addColumn('note', 'text')
    .addColumn('rating', 'integer')
    .addColumn('photo', 'text')
    .addUniqueConstraint('need_events_seq', ['need_id', 'seq'])
    .execute()

  await notificationsAboutNeeds(db)
}

const NOTIFICATION_COLUMNS = 'id, user_id, household_id, application_id, case_id, code, params, at, read_at'

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter

/** SQLite cannot change a column: copy the table into one of the wanted shape. */
async function rebuildNotifications(db: Kysely<any>, aboutNeeds: boolean): Promise<void> {
  let table = db.schema.createTable('notifications_next')
    .addColumn('id', 'text', c => c.primaryKey())
    .addColumn('user_id', 'text', c => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('household_id', 'text', c => c.notNull().references('households.id'))
    .addColumn('application_id', 'text', c => (aboutNeeds ? c.references('applications.id') : c.notNull().references('applications.id')))
    .addColumn('case_id', 'text', c => c.references('cases.id'))
    .addColumn('code', 'text', c => c.notNull())
    .addColumn('params', 'text', c => c.notNull())
    .addColumn('at', 'text', c => c.notNull())
    .addColumn('read_at', 'text')
  if (aboutNeeds)
    table = table.addColumn('need_id', 'text', c => c.references('needs.id'))
  await table.execute()
  const rows = aboutNeeds ? '' : ' where application_id is not null'
  await sql.raw(`insert into notifications_next (${NOTIFICATION_COLUMNS}) select ${NOTIFICATION_COLUMNS} from notifications${rows}`).execute(db)
  await db.schema.dropTable('notifications').execute()
  await db.schema.alterTable('notifications_next').renameTo('notifications').execute()
  await db.schema.createIndex('notifications_user').on('notifications').columns(['user_id', 'at']).execute()
}

/**
 * Notifications may be about a need instead of an application: application_id becomes optional
 * and need_id names the need.
 */
async function notificationsAboutNeeds(db: Kysely<any>): Promise<void> {
  if (isSqlite(db))
    return rebuildNotifications(db, true)
  await db.schema.alterTable('notifications').alterColumn('application_id', c => c.dropNotNull()).execute()
  await db.schema.alterTable('notifications').addColumn('need_id', 'text', c => c.references('needs.id')).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    await rebuildNotifications(db, false)
  }
  else {
    await db.deleteFrom('notifications').where('application_id', 'is', null).execute()
    await db.schema.alterTable('notifications').dropColumn('need_id').execute()
    await db.schema.alterTable('notifications').alterColumn('application_id', c => c.setNotNull()).execute()
  }
  for (const table of ['need_events', 'needs'])
    await db.schema.dropTable(table).execute()
}
