import type { Kysely } from 'kysely'
import type { OutboundTemplate } from '../../../src/domain/notify/messages'
import type { PushGateway } from '../../adapters/push'
import type { NotificationSmsTemplate, SmsGateway } from '../../adapters/sms'
import type { OutboundRow, Outcome } from '../../db/repos/outbound-messages'
import type { Database } from '../../db/schema'
import { safeAppPath } from '../../../src/domain/notify/messages'
import { inQuietHours, MAX_ATTEMPTS, nextAttemptAt } from '../../../src/domain/notify/schedule'
import { PushDeliveryError } from '../../adapters/push'
import { translate } from '../../catalog'
import { channelChoice, claimOutbound, deleteFinishedOutbound, dueOutbound, effectiveChoice, finishOutbound, forgetPushSubscription, markPushResult, phoneOf, pushTargetOf, releaseStaleClaims } from '../../db/repos/outbound-messages'
import { AppError } from '../../errors'

// The notify worker (issue #19): sends the queued texts and pushes after their transaction
// committed, in the server process. Each row is claimed before it is sent (store.ts), so that
// 20 ticks at once or two servers send it once. A failure is retried later (1 min, 5 min, 30 min,
// 2 h, then given up, as the row says); nothing is sent at night; a decision never waits for any
// of it.

/** How often the worker looks for due messages: a text follows its decision within this. */
export const DISPATCH_INTERVAL_MS = 10_000
/** Rows claimed per query; a tick goes on until none is due. */
const BATCH = 50
/** A claim older than this was left by a process that stopped mid-send (a send takes at most ~10 s). */
export const STALE_CLAIM_MS = 10 * 60_000
/** How long finished messages are kept (SECURITY.md): enough to answer "did my text go?". */
export const FINISHED_RETENTION_DAYS = 30
const DAY_MS = 86_400_000
/** How often the finished ones are swept. */
const SWEEP_EVERY_MS = 3_600_000

export interface DispatchDeps {
  db: Kysely<Database>
  sms: SmsGateway
  push: PushGateway
  /** PUBLIC_URL: texts link to the page there. */
  publicUrl: string
  /** Which channels can send now: texts of case news need their provider templates (or the demo), push its VAPID keys. */
  channels: { sms: boolean, push: boolean }
}

export interface DispatchResult {
  sent: number
  retried: number
  failed: number
  cancelled: number
}

/** Why a message is not sent and never will be: recorded as its last_error. */
type Cancel = 'channel_unavailable' | 'opted_out' | 'no_phone' | 'account_disabled' | 'subscription_gone'

/** Each message's registered text template (server/adapters/sms.ts): every message has one (the compiler checks). */
const SMS_TEMPLATE: Record<OutboundTemplate, NotificationSmsTemplate> = {
  case_accepted: 'case_accepted',
  case_needs_info: 'case_needs_info',
  case_approved: 'case_approved',
  case_rejected: 'case_rejected',
  invitation: 'invitation',
}

function paramsOf(row: OutboundRow): { path: string } {
  const parsed = JSON.parse(row.params) as { path?: unknown }
  return { path: safeAppPath(parsed.path) }
}

/** A failed attempt: again later, or given up after the last one. */
function retryOrGiveUp(row: OutboundRow, error: string, now: Date): Outcome {
  const next = nextAttemptAt(row.attempts, now)
  return next ? { status: 'queued', nextAttemptAt: next.toISOString(), error } : { status: 'failed', error }
}

const cancelled = (reason: Cancel): Outcome => ({ status: 'cancelled', error: reason })

/** The code a text's failure is recorded by: the provider's error as the app names it, never its text. */
function smsErrorCode(error: unknown): string {
  if (error instanceof AppError)
    return error.detail ?? error.code
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : 'unknown'
}

async function sendSms(deps: DispatchDeps, row: OutboundRow, now: Date): Promise<Outcome> {
  if (!deps.channels.sms)
    return cancelled('channel_unavailable')
  const account = await phoneOf(deps.db, row.user_id)
  if (!account || account.disabled)
    return cancelled('account_disabled')
  if (account.phone === null)
    return cancelled('no_phone')
  // Asked again at sending time: a person who turned texts off meanwhile (at night) gets none.
  if (!effectiveChoice(await channelChoice(deps.db, row.user_id), true).sms)
    return cancelled('opted_out')
  const link = `${deps.publicUrl}${paramsOf(row).path}`
  try {
    await deps.sms.send(account.phone, { template: SMS_TEMPLATE[row.template], params: { link } })
    return { status: 'sent', sentAt: now.toISOString(), error: null }
  }
  catch (error) {
    // A number the provider will not send to stays so: no retry.
    if (error instanceof AppError && error.statusCode === 400)
      return { status: 'failed', error: smsErrorCode(error) }
    return retryOrGiveUp(row, smsErrorCode(error), now)
  }
}

/** The push's words, in the language the device showed when it subscribed. */
function pushWords(template: OutboundTemplate, lang: Parameters<typeof translate>[0]) {
  return { title: translate(lang, 'server.outbound.title'), body: translate(lang, `server.outbound.${template}`) }
}

async function sendPush(deps: DispatchDeps, row: OutboundRow, now: Date): Promise<Outcome> {
  if (!deps.channels.push)
    return cancelled('channel_unavailable')
  const device = row.subscription_id === null ? undefined : await pushTargetOf(deps.db, row.subscription_id)
  // Unsubscribed, gone, or taken over by another account of a shared phone since it was queued.
  if (!device || device.userId !== row.user_id)
    return cancelled('subscription_gone')
  if (!effectiveChoice(await channelChoice(deps.db, row.user_id), false).push)
    return cancelled('opted_out')
  const at = now.toISOString()
  try {
    await deps.push.send(device.target, { ...pushWords(row.template, device.lang), url: paramsOf(row).path })
    await markPushResult(deps.db, row.subscription_id!, at, null)
    return { status: 'sent', sentAt: at, error: null }
  }
  catch (error) {
    const failure = error instanceof PushDeliveryError ? error : new PushDeliveryError(null, 'unknown')
    if (failure.gone) {
      await forgetPushSubscription(deps.db, row.subscription_id!)
      return { status: 'failed', error: failure.code }
    }
    await markPushResult(deps.db, row.subscription_id!, at, failure.code)
    // The service refused the request itself (other than "too many"): it will not take it later either.
    if (failure.statusCode !== null && failure.statusCode >= 400 && failure.statusCode < 500 && failure.statusCode !== 429)
      return { status: 'failed', error: failure.code }
    return retryOrGiveUp(row, failure.code, now)
  }
}

/**
 * Sends every message due at `now`, each once. Does nothing in quiet hours (what falls due at
 * night waits for 08:00). Never throws for one message's failure: that is recorded on its row.
 */
export async function dispatchDue(deps: DispatchDeps, now: Date = new Date()): Promise<DispatchResult> {
  const result: DispatchResult = { sent: 0, retried: 0, failed: 0, cancelled: 0 }
  if (inQuietHours(now))
    return result
  const nowIso = now.toISOString()
  await releaseStaleClaims(deps.db, new Date(now.getTime() - STALE_CLAIM_MS).toISOString(), nowIso, MAX_ATTEMPTS)
  for (;;) {
    const ids = await dueOutbound(deps.db, nowIso, BATCH)
    for (const id of ids) {
      const row = await claimOutbound(deps.db, id, nowIso)
      if (!row)
        continue
      const outcome = row.channel === 'sms' ? await sendSms(deps, row, now) : await sendPush(deps, row, now)
      await finishOutbound(deps.db, row, outcome)
      if (outcome.status === 'sent')
        result.sent++
      else if (outcome.status === 'queued')
        result.retried++
      else if (outcome.status === 'failed')
        result.failed++
      else
        result.cancelled++
    }
    if (ids.length < BATCH)
      return result
  }
}

export interface NotifyWorker {
  /** One tick now (tests, and start-up); resolves when it is done. */
  tick: () => Promise<void>
  /** No more ticks; resolves when the one under way (if any) is done, so the database can close. */
  stop: () => Promise<void>
}

/**
 * The worker of the server process: a tick every DISPATCH_INTERVAL_MS (one at a time here; other
 * processes may tick too), and once an hour the finished messages past their retention are
 * dropped. Errors (the database away for a moment) go to onError and the next tick tries again.
 */
export function startNotifyWorker(deps: DispatchDeps, onError: (error: unknown) => void, clock: () => Date = () => new Date()): NotifyWorker {
  let running: Promise<void> | null = null
  let lastSweep = 0
  const tick = () => {
    running ??= (async () => {
      const now = clock()
      try {
        await dispatchDue(deps, now)
        if (now.getTime() - lastSweep >= SWEEP_EVERY_MS) {
          lastSweep = now.getTime()
          await deleteFinishedOutbound(deps.db, new Date(now.getTime() - FINISHED_RETENTION_DAYS * DAY_MS).toISOString())
        }
      }
      catch (error) {
        onError(error)
      }
    })().finally(() => {
      running = null
    })
    return running
  }
  const timer = setInterval(() => void tick(), DISPATCH_INTERVAL_MS)
  return {
    tick,
    stop: async () => {
      clearInterval(timer)
      await running
    },
  }
}
