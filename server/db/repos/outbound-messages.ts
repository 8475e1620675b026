import type { Insertable, Kysely, Selectable } from 'kysely'
import type { Lang } from '../../../src/domain/lang'
import type { PushTarget } from '../../adapters/push'
import type { Database, NotificationChannelTable, OutboundMessageTable, OutboundStatus, PushSubscriptionTable } from '../schema'
import { randomUUID } from 'node:crypto'
import { fieldCipher } from '../../crypto/field-cipher'
import { keyedHash } from '../../security'

// The outbound messages repository (issue #19): the only place that writes SQL for queued messages, push
// subscriptions and channel choices. Endpoints and keys are sealed at rest; a subscription is
// found again by the keyed hash of its endpoint.

export type OutboundRow = Selectable<OutboundMessageTable>
export type NewOutbound = Insertable<OutboundMessageTable>
export type PushSubscriptionRow = Selectable<PushSubscriptionTable>

/** What a person chose; null fields: never chosen (the defaults apply). */
export interface StoredChoice { sms: boolean | null, push: boolean | null }

/** The defaults: texts when the account has a phone, push to every device subscribed. */
export function effectiveChoice(choice: StoredChoice, hasPhone: boolean): { sms: boolean, push: boolean } {
  return { sms: choice.sms ?? hasPhone, push: choice.push ?? true }
}

function choiceOf(row: Pick<Selectable<NotificationChannelTable>, 'sms' | 'push'> | undefined): StoredChoice {
  return row ? { sms: row.sms === 1, push: row.push === 1 } : { sms: null, push: null }
}

export async function channelChoice(db: Kysely<Database>, userId: string): Promise<StoredChoice> {
  return choiceOf(await db.selectFrom('notification_channels').select(['sms', 'push']).where('user_id', '=', userId).executeTakeFirst())
}

/** Each user's choice and whether the account has a phone, in one query. */
export async function channelChoices(db: Kysely<Database>, userIds: readonly string[]): Promise<Map<string, { choice: StoredChoice, hasPhone: boolean, disabled: boolean }>> {
  if (userIds.length === 0)
    return new Map()
  const rows = await db.selectFrom('users')
    .leftJoin('notification_channels as c', 'c.user_id', 'users.id')
    .select(['users.id', 'users.phone', 'users.disabled', 'c.sms', 'c.push'])
    .where('users.id', 'in', [...userIds])
    .execute()
  return new Map(rows.map(r => [r.id, {
    choice: r.sms === null || r.push === null ? { sms: null, push: null } : choiceOf({ sms: r.sms, push: r.push }),
    hasPhone: r.phone !== null,
    disabled: r.disabled === 1,
  }]))
}

/** Stores a choice; a channel not given keeps what it was (its default written down with it). */
export async function saveChannelChoice(db: Kysely<Database>, userId: string, change: { sms?: boolean, push?: boolean }, defaults: { sms: boolean, push: boolean }, at: string): Promise<void> {
  const current = await channelChoice(db, userId)
  const sms = change.sms ?? current.sms ?? defaults.sms
  const push = change.push ?? current.push ?? defaults.push
  await db.insertInto('notification_channels')
    .values({ user_id: userId, sms: sms ? 1 : 0, push: push ? 1 : 0, updated_at: at })
    .onConflict(oc => oc.column('user_id').doUpdateSet({ sms: sms ? 1 : 0, push: push ? 1 : 0, updated_at: at }))
    .execute()
}

/** The keyed hash a subscription is found by (the endpoint is sealed with a random IV, so never equal to itself). */
export function endpointHash(secret: string, endpoint: string): string {
  return keyedHash(secret, `push-endpoint:${endpoint}`)
}

/**
 * Stores a device's subscription for the user. The same device subscribing again (the same
 * endpoint) is the same row, moved to this user if another account of the phone had it: pushes
 * for someone who signed out of a shared phone stop going to it.
 */
export async function savePushSubscription(db: Kysely<Database>, secret: string, userId: string, target: PushTarget, lang: Lang, at: string): Promise<void> {
  const cipher = fieldCipher()
  const hash = endpointHash(secret, target.endpoint)
  const sealed = { endpoint: cipher.seal(target.endpoint), keys: cipher.seal(JSON.stringify({ p256dh: target.keys.p256dh, auth: target.keys.auth })) }
  await db.insertInto('push_subscriptions')
    .values({ id: randomUUID(), user_id: userId, endpoint_hash: hash, ...sealed, lang, created_at: at, last_success_at: null, last_failure_at: null, last_failure: null })
    .onConflict(oc => oc.column('endpoint_hash').doUpdateSet({ user_id: userId, ...sealed, lang, last_failure_at: null, last_failure: null }))
    .execute()
}

/** Keeps the user's `keep` newest devices, forgetting older ones: one account cannot make the server push to any number of endpoints. */
export async function pruneDevices(db: Kysely<Database>, userId: string, keep: number): Promise<void> {
  const old = await db.selectFrom('push_subscriptions').select('id').where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').offset(keep).limit(1000).execute()
  if (old.length > 0)
    await db.deleteFrom('push_subscriptions').where('id', 'in', old.map(o => o.id)).execute()
}

/** Removes the user's subscription of this endpoint; true when there was one. */
export async function deletePushSubscription(db: Kysely<Database>, secret: string, userId: string, endpoint: string): Promise<boolean> {
  const result = await db.deleteFrom('push_subscriptions').where('endpoint_hash', '=', endpointHash(secret, endpoint)).where('user_id', '=', userId).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export async function pushDeviceCount(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom('push_subscriptions').select(eb => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()
  return Number(row.n)
}

export function subscriptionsOf(db: Kysely<Database>, userIds: readonly string[]) {
  if (userIds.length === 0)
    return Promise.resolve([])
  return db.selectFrom('push_subscriptions').select(['id', 'user_id']).where('user_id', 'in', [...userIds]).execute()
}

/** A subscription as the push service needs it, opened; undefined when it is gone. */
export async function pushTargetOf(db: Kysely<Database>, id: string): Promise<{ target: PushTarget, lang: Lang, userId: string } | undefined> {
  const row = await db.selectFrom('push_subscriptions').select(['endpoint', 'keys', 'lang', 'user_id']).where('id', '=', id).executeTakeFirst()
  if (!row)
    return undefined
  const cipher = fieldCipher()
  return { target: { endpoint: cipher.open(row.endpoint), keys: JSON.parse(cipher.open(row.keys)) as PushTarget['keys'] }, lang: row.lang, userId: row.user_id }
}

export async function markPushResult(db: Kysely<Database>, id: string, at: string, failure: string | null): Promise<void> {
  await db.updateTable('push_subscriptions')
    .set(failure === null ? { last_success_at: at } : { last_failure_at: at, last_failure: failure })
    .where('id', '=', id)
    .execute()
}

/** A device the push service says is gone (404/410): forgotten; its queued pushes go nowhere. */
export async function forgetPushSubscription(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('push_subscriptions').where('id', '=', id).execute()
}

/** The messages of a group still waiting, per user, channel and device: a new event of the group adds none. */
export function queuedOfGroup(db: Kysely<Database>, userIds: readonly string[], groupKey: string) {
  return db.selectFrom('outbound_messages').select(['user_id', 'channel', 'subscription_id']).where('user_id', 'in', [...userIds]).where('group_key', '=', groupKey).where('status', '=', 'queued').execute()
}

export async function insertOutbound(db: Kysely<Database>, rows: readonly NewOutbound[]): Promise<void> {
  if (rows.length > 0)
    await db.insertInto('outbound_messages').values([...rows]).execute()
}

/**
 * Ids of messages due now, oldest first: by when they fell due, then by when their events happened
 * (the texts of a night all fall due at 08:00 and go out in the order of their news).
 */
export async function dueOutbound(db: Kysely<Database>, nowIso: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('outbound_messages').select('id').where('status', '=', 'queued').where('next_attempt_at', '<=', nowIso).orderBy('next_attempt_at').orderBy('created_at').orderBy('id').limit(limit).execute()
  return rows.map(r => r.id)
}

/**
 * Takes one due message for sending: one conditional update, so that of any number of workers
 * (ticks of this process, other processes) exactly one gets the row; the others get undefined.
 */
export function claimOutbound(db: Kysely<Database>, id: string, nowIso: string): Promise<OutboundRow | undefined> {
  return db.updateTable('outbound_messages')
    .set(eb => ({ status: 'sending' as const, attempts: eb('attempts', '+', 1), claimed_at: nowIso }))
    .where('id', '=', id)
    .where('status', '=', 'queued')
    .where('next_attempt_at', '<=', nowIso)
    .returningAll()
    .executeTakeFirst()
}

export interface Outcome {
  status: Exclude<OutboundStatus, 'sending'>
  nextAttemptAt?: string
  sentAt?: string
  error?: string | null
}

/** Ends a claimed attempt: only the claim that took it (the same attempt) may. */
export async function finishOutbound(db: Kysely<Database>, row: Pick<OutboundRow, 'id' | 'attempts'>, outcome: Outcome): Promise<void> {
  await db.updateTable('outbound_messages')
    .set({
      status: outcome.status,
      claimed_at: null,
      ...(outcome.nextAttemptAt ? { next_attempt_at: outcome.nextAttemptAt } : {}),
      ...(outcome.sentAt ? { sent_at: outcome.sentAt } : {}),
      ...(outcome.error !== undefined ? { last_error: outcome.error } : {}),
    })
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .execute()
}

/**
 * Messages left 'sending' by a process that stopped mid-send (claimed before `staleBefore`): due
 * again at `retryAt`, or given up when they had their last attempt. Whether the provider took
 * such a message is unknown; sending it again is the lesser harm than never telling.
 */
export async function releaseStaleClaims(db: Kysely<Database>, staleBefore: string, retryAt: string, maxAttempts: number): Promise<void> {
  const stale = db.updateTable('outbound_messages').where('status', '=', 'sending').where('claimed_at', '<', staleBefore)
  await stale.set({ status: 'failed', claimed_at: null, last_error: 'interrupted' }).where('attempts', '>=', maxAttempts).execute()
  await stale.set({ status: 'queued', claimed_at: null, next_attempt_at: retryAt, last_error: 'interrupted' }).where('attempts', '<', maxAttempts).execute()
}

/** Drops messages done with (sent, given up, cancelled) created before `before`: the retention of SECURITY.md. */
export async function deleteFinishedOutbound(db: Kysely<Database>, before: string): Promise<number> {
  const result = await db.deleteFrom('outbound_messages').where('status', 'in', ['sent', 'failed', 'cancelled']).where('created_at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** The account's phone, opened, and whether the account is disabled; undefined when there is no such account. */
export async function phoneOf(db: Kysely<Database>, userId: string): Promise<{ phone: string | null, disabled: boolean } | undefined> {
  const row = await db.selectFrom('users').select(['phone', 'disabled']).where('id', '=', userId).executeTakeFirst()
  return row && { phone: row.phone === null ? null : fieldCipher().open(row.phone), disabled: row.disabled === 1 }
}
