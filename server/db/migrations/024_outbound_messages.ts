import type { Kysely } from 'kysely'

// Issue #19, reaching people where they are: the texts and pushes that go with a notification,
// the devices subscribed to push, and each person's choice of channels.
//
// A message is queued in the transaction that stores its notification (a decision and its
// messages are one fact) and sent after the commit by the notify worker, which claims a row by
// moving it from 'queued' to 'sending' in one conditional update: however many workers race,
// one sends it. A message carries a template name and the path of the page it links to, no
// personal data; the phone is read (sealed) from the account when the text goes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('push_subscriptions')
    .addColumn('id', 'text', c => c.primaryKey())
    .addColumn('user_id', 'text', c => c.notNull().references('users.id'))
    // Sealed: the endpoint and keys let anyone push to the device.
    .addColumn('endpoint', 'text', c => c.notNull())
    // Keyed hash of the endpoint: finds a device's subscription again (a second subscribe, an unsubscribe).
    .addColumn('endpoint_hash', 'text', c => c.notNull().unique())
    // Sealed JSON: { p256dh, auth }.
    .addColumn('keys', 'text', c => c.notNull())
    // The language the device showed when it subscribed: what its pushes are worded in.
    .addColumn('lang', 'text', c => c.notNull())
    .addColumn('created_at', 'text', c => c.notNull())
    .addColumn('last_success_at', 'text')
    .addColumn('last_failure_at', 'text')
    // A code (HTTP status or network error), never the push service's answer.
    .addColumn('last_failure', 'text')
    .execute()
  await db.schema.createIndex('push_subscriptions_user').on('push_subscriptions').column('user_id').execute()

  // One row per person who chose; without a row, the defaults (texts on when the account has a
  // phone, push on for every subscribed device).
  await db.schema.createTable('notification_channels')
    .addColumn('user_id', 'text', c => c.primaryKey().references('users.id'))
    .addColumn('sms', 'integer', c => c.notNull())
    .addColumn('push', 'integer', c => c.notNull())
    .addColumn('updated_at', 'text', c => c.notNull())
    .execute()

  await db.schema.createTable('outbound_messages')
    .addColumn('id', 'text', c => c.primaryKey())
    .addColumn('notification_id', 'text', c => c.notNull().references('notifications.id'))
    .addColumn('user_id', 'text', c => c.notNull().references('users.id'))
    // 'sms' or 'push'.
    .addColumn('channel', 'text', c => c.notNull())
    // The device of a push; null for a text, and once the device is gone.
    .addColumn('subscription_id', 'text', c => c.references('push_subscriptions.id').onDelete('set null'))
    // src/domain/notify/messages.ts: which message, and the JSON { path } of the page it links to.
    .addColumn('template', 'text', c => c.notNull())
    .addColumn('params', 'text', c => c.notNull())
    // Messages of the same kind about the same application, still queued, go out once
    // (a refusal that also ends its dependent items is one text, not three).
    .addColumn('group_key', 'text', c => c.notNull())
    // queued → sending → sent | queued (to retry) | failed (given up) | cancelled (opted out, no phone, channel off).
    .addColumn('status', 'text', c => c.notNull())
    .addColumn('attempts', 'integer', c => c.notNull().defaultTo(0))
    // Never inside quiet hours (21:00–08:00 Beijing).
    .addColumn('next_attempt_at', 'text', c => c.notNull())
    .addColumn('claimed_at', 'text')
    .addColumn('sent_at', 'text')
    // A code (provider code, HTTP status), never a message that could quote a number or a URL.
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', c => c.notNull())
    .execute()
  await db.schema.createIndex('outbound_messages_due').on('outbound_messages').columns(['status', 'next_attempt_at']).execute()
  await db.schema.createIndex('outbound_messages_user_group').on('outbound_messages').columns(['user_id', 'group_key', 'status']).execute()
  await db.schema.createIndex('outbound_messages_notification').on('outbound_messages').column('notification_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbound_messages').execute()
  await db.schema.dropTable('notification_channels').execute()
  await db.schema.dropTable('push_subscriptions').execute()
}
