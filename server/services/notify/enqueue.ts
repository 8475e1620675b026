import type { Kysely } from 'kysely'
import type { NewOutbound } from '../../db/repos/outbound-messages'
import type { Database } from '../../db/schema'
import { randomUUID } from 'node:crypto'
import { outboundPath, outboundTemplateOf } from '../../../src/domain/notify/messages'
import { sendableFrom } from '../../../src/domain/notify/schedule'
import { channelChoices, effectiveChoice, insertOutbound, queuedOfGroup, subscriptionsOf } from '../../db/repos/outbound-messages'

// Queuing the texts and pushes of a notification (issue #19), in the caller's transaction: the
// decision, its notifications and its messages are stored together or not at all. Sending is the
// worker's (dispatch.ts), after the commit; nothing here talks to a provider.

export interface NotifiedUser {
  notificationId: string
  userId: string
}

export interface OutboundEvent {
  /** The notification's code: only some go out (src/domain/notify/messages.ts). */
  code: string
  applicationId: string | null
  householdId: string
  /** When it happened (ISO): the messages are due then, or at 08:00 when that is at night. */
  at: string
}

/**
 * Queues one text per person who has texts on and a phone, and one push per subscribed device
 * of each person who has push on; none when the code does not go out. A message of the same kind
 * about the same application still waiting for that person and device is not queued again: a
 * refusal that also ends two dependent items, or three items accepted at night, is one text.
 */
export async function enqueueOutbound(db: Kysely<Database>, notified: readonly NotifiedUser[], event: OutboundEvent): Promise<void> {
  const template = outboundTemplateOf(event.code)
  if (!template || notified.length === 0)
    return
  const userIds = [...new Set(notified.map(n => n.userId))]
  const groupKey = `${template}:${event.applicationId ?? event.householdId}`
  const [choices, subscriptions, waiting] = await Promise.all([
    channelChoices(db, userIds),
    subscriptionsOf(db, userIds),
    queuedOfGroup(db, userIds, groupKey),
  ])
  const isWaiting = (userId: string, channel: 'sms' | 'push', subscriptionId: string | null) =>
    waiting.some(w => w.user_id === userId && w.channel === channel && w.subscription_id === subscriptionId)

  const due = sendableFrom(new Date(event.at)).toISOString()
  const base = {
    template,
    params: JSON.stringify({ path: outboundPath(template, event.applicationId) }),
    group_key: groupKey,
    status: 'queued' as const,
    attempts: 0,
    next_attempt_at: due,
    claimed_at: null,
    sent_at: null,
    last_error: null,
    created_at: event.at,
  }
  const rows: NewOutbound[] = []
  for (const { notificationId, userId } of notified) {
    const user = choices.get(userId)
    if (!user || user.disabled)
      continue
    const choice = effectiveChoice(user.choice, user.hasPhone)
    if (choice.sms && user.hasPhone && !isWaiting(userId, 'sms', null))
      rows.push({ ...base, id: randomUUID(), notification_id: notificationId, user_id: userId, channel: 'sms', subscription_id: null })
    if (!choice.push)
      continue
    for (const s of subscriptions.filter(s => s.user_id === userId && !isWaiting(userId, 'push', s.id)))
      rows.push({ ...base, id: randomUUID(), notification_id: notificationId, user_id: userId, channel: 'push', subscription_id: s.id })
  }
  await insertOutbound(db, rows)
}
