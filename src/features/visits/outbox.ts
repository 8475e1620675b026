import type { UseStore } from 'idb-keyval'
import type { VisitInput, VisitType } from '../../domain/visits/api'
import type { VisitSent } from '../../domain/visits/confirmation'
import { clear, createStore, del, get, set, values } from 'idb-keyval'
import { ApiRequestError } from '../../api/errors'
import { decodeToken } from '../../domain/household-code/token'

/**
 * The visit outbox (issue #6, "offline first"): a visit is written here the moment the volunteer
 * saves it, before any network, and sent to POST /api/visits when the network allows. Each entry
 * carries the clientId made when the form opened: the server stores it once however often it
 * is resent, so a lost answer, a timeout or a second tab sending the same entry never makes a
 * second visit.
 *
 * Its own IndexedDB database (not the app's `state` store): one record per visit, so two tabs
 * writing different visits never overwrite each other. Signing out wipes it (clearOutbox).
 */

const DB_NAME = 'xingfuma-visits'
const STORE_NAME = 'outbox'
/** Web Locks name: one sync at a time on the device, across tabs. */
export const SYNC_LOCK = 'xingfuma-visits-sync'
/** Other tabs hear about changes on this channel (their lists refresh). */
const CHANNEL = 'xingfuma-visits'

/** A request that has not answered by then is given up (and retried later). */
export const SEND_TIMEOUT_MS = 20_000
/** Synced visits stay listed on the phone this long ("已上传"), then only the server keeps them. */
export const SYNCED_KEEP_MS = 7 * 24 * 3600_000
/** Waiting time after the n-th failed try: 30 s, 1 min, 2 min, … at most 30 min. */
const BACKOFF_BASE_MS = 30_000
const BACKOFF_MAX_MS = 30 * 60_000

/**
 * `awaiting`: uploaded, but the household's code had been regenerated before the visit; town
 * staff confirm it (issue #16). The server keeps it: nothing is lost and nothing is resent.
 */
export type OutboxState = 'pending' | 'synced' | 'awaiting' | 'rejected'
/** Why the last try of a pending visit did not go through (worded by the view). */
export type RetryReason = 'network' | 'timeout' | 'server' | 'signed_out' | 'rate_limited'
/**
 * Why the server refused a visit, as a code the view words in the language on screen (the
 * server's message was in the language of the moment of the sync, issue #16).
 */
export const REFUSAL_CODES = ['invalid_code', 'outside_area', 'visit_time', 'photo', 'client_id_taken', 'invalid', 'not_confirmed', 'other'] as const
export type RefusalCode = (typeof REFUSAL_CODES)[number]

/** What the lists show of a visit: no more personal data than the household card showed. */
export interface VisitSummary {
  maskedHeadName?: string
  villageName?: string
  type: VisitType
  visitedAt: string
  urgent: boolean
  /** a referral (转介) goes with the visit: all the phone ever says of it */
  referred?: boolean
}

export interface OutboxEntry {
  clientId: string
  /** the visit as it will be sent; dropped once synced (the server has it) */
  input: VisitInput | null
  summary: VisitSummary
  state: OutboxState
  /** why the server refused it, for a rejected visit */
  errorCode?: RefusalCode
  /** the server's own words, from app versions before errorCode (shown only without a code) */
  error?: string
  /** the code version the server said no longer counts (awaiting, or refused as invalid) */
  revokedCode?: { ref: string, version: number }
  retryReason?: RetryReason
  attempts: number
  lastTriedAt: string | null
  createdAt: string
  syncedId?: string
  syncedAt?: string
}

/** Sends one visit; throws ApiRequestError (status null for network failures) like the API client. */
export type Transport = (input: VisitInput, options: { signal: AbortSignal, timeoutMs: number }) => Promise<VisitSent>

export interface SyncOptions {
  transport: Transport
  timeoutMs?: number
  /** true: the volunteer tapped 立即同步, so visits waiting out their backoff are tried too */
  force?: boolean
  now?: () => number
}

export interface SyncReport {
  synced: number
  /** uploaded and waiting for staff confirmation */
  awaiting: number
  rejected: number
  /** still pending after a failed try */
  failed: number
  /** pending and not tried: waiting out their backoff, or the run stopped at a network failure */
  waiting: number
}

// Created on first use: opening IndexedDB at import time would fail where it is missing.
let idbStore: UseStore | undefined
/** The idb-keyval store of the outbox. */
export function outboxStore(): UseStore {
  idbStore ??= createStore(DB_NAME, STORE_NAME)
  return idbStore
}

// --- change notices (this tab and others) -----------------------------------------------

type Listener = () => void
const listeners = new Set<Listener>()
let channel: BroadcastChannel | null | undefined

function broadcast(): BroadcastChannel | null {
  if (channel === undefined) {
    // Pages and the service worker (Background Sync) tell each other; plain Node has no audience.
    const scope = globalThis as { window?: unknown, registration?: unknown }
    const audience = scope.window !== undefined || scope.registration !== undefined
    channel = typeof BroadcastChannel === 'undefined' || !audience ? null : new BroadcastChannel(CHANNEL)
    if (channel)
      channel.onmessage = () => listeners.forEach(l => l())
  }
  return channel
}

/** Calls `listener` whenever the outbox changes, here or in another tab; returns the unsubscribe. */
export function onOutboxChange(listener: Listener): () => void {
  broadcast()
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function changed() {
  listeners.forEach(l => l())
  broadcast()?.postMessage('changed')
}

// --- reading and writing ----------------------------------------------------------------

/** Signing out bumps this: a sync still running must not write an entry back afterwards. */
let generation = 0

function isEntry(value: unknown): value is OutboxEntry {
  return typeof value === 'object' && value !== null && typeof (value as OutboxEntry).clientId === 'string' && typeof (value as OutboxEntry).state === 'string'
}

/** Every visit on the device, newest first; synced ones older than SYNCED_KEEP_MS are dropped (awaiting ones stay until decided). */
export async function listEntries(now: number = Date.now()): Promise<OutboxEntry[]> {
  const all = (await values<unknown>(outboxStore())).filter(isEntry)
  const expired = all.filter(e => e.state === 'synced' && e.syncedAt && now - Date.parse(e.syncedAt) > SYNCED_KEEP_MS)
  for (const e of expired)
    await del(e.clientId, outboxStore())
  return all.filter(e => !expired.includes(e)).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

export async function pendingCount(): Promise<number> {
  return (await listEntries()).filter(e => e.state === 'pending').length
}

/**
 * Writes a visit to the outbox at once. Saving the same clientId again (a double tap, a second
 * save of the same form) keeps the first entry: one form, one visit.
 */
export async function saveVisit(input: VisitInput, summary: Omit<VisitSummary, 'type' | 'visitedAt' | 'urgent' | 'referred'>, now: number = Date.now()): Promise<OutboxEntry> {
  const existing = await get<OutboxEntry>(input.clientId, outboxStore())
  if (existing)
    return existing
  const entry: OutboxEntry = {
    clientId: input.clientId,
    input,
    summary: { ...summary, type: input.type, visitedAt: input.visitedAt, urgent: input.urgent, ...(input.referral ? { referred: true } : {}) },
    state: 'pending',
    attempts: 0,
    lastTriedAt: null,
    createdAt: new Date(now).toISOString(),
  }
  await set(entry.clientId, entry, outboxStore())
  changed()
  return entry
}

/** Discards one visit (the 删除 of a rejected one). */
export async function discardEntry(clientId: string): Promise<void> {
  await del(clientId, outboxStore())
  changed()
}

/** Wipes the outbox: signing out leaves no household data on a shared phone. */
export async function clearOutbox(): Promise<void> {
  generation++
  // Without IndexedDB (some private modes) nothing was ever stored here.
  if (typeof indexedDB === 'undefined' && idbStore === undefined)
    return
  await clear(outboxStore())
  changed()
}

// --- sending ----------------------------------------------------------------------------

export function backoffMs(attempts: number): number {
  if (attempts <= 0)
    return 0
  return Math.min(BACKOFF_BASE_MS * 2 ** (attempts - 1), BACKOFF_MAX_MS)
}

/** Whether an automatic run should try this pending entry now. */
export function isDue(entry: OutboxEntry, now: number): boolean {
  return entry.lastTriedAt === null || now - Date.parse(entry.lastTriedAt) >= backoffMs(entry.attempts)
}

type Outcome = { kind: 'stored', stored: VisitSent } | { kind: 'rejected', code: RefusalCode, serverCode: string } | { kind: 'retry', reason: RetryReason, stopRun: boolean }

const TIMED_OUT = Symbol('timeout')
const HTTP_REQUEST_TIMEOUT = 408
const HTTP_UNAUTHORIZED = 401
const HTTP_FORBIDDEN = 403
const HTTP_CONFLICT = 409
const HTTP_TOO_MANY = 429
const HTTP_CLIENT_ERROR = 400
const HTTP_SERVER_ERROR = 500

/** The refusal's code from the server's answer to POST /api/visits. */
export function refusalCode(error: ApiRequestError): RefusalCode {
  switch (error.code) {
    case 'invalid_household_code': return 'invalid_code'
    case 'invalid_visit_time': return 'visit_time'
    case 'invalid_photo': return 'photo'
    case 'validation_failed': return 'invalid'
  }
  // The only 403 a signed-in field worker gets from POST /api/visits: not their area.
  if (error.status === HTTP_FORBIDDEN && error.code === 'forbidden')
    return 'outside_area'
  if (error.status === HTTP_CONFLICT)
    return 'client_id_taken'
  return 'other'
}

/**
 * What a failure means for the visit. Only the server saying "this visit is wrong" (a 4xx)
 * rejects it; anything that may pass later keeps it pending: no network, a timeout, the server
 * down (5xx), 408, 429, and a session that ended (401) or a stale CSRF cookie: signing in again
 * must not lose a day's visits.
 */
export function classify(error: unknown): Outcome {
  if (error === TIMED_OUT)
    return { kind: 'retry', reason: 'timeout', stopRun: true }
  if (!(error instanceof ApiRequestError) || error.status === null)
    return { kind: 'retry', reason: 'network', stopRun: true }
  const status = error.status
  if (status === HTTP_TOO_MANY)
    return { kind: 'retry', reason: 'rate_limited', stopRun: true }
  if (status === HTTP_UNAUTHORIZED || (status === HTTP_FORBIDDEN && error.code === 'csrf_failed'))
    return { kind: 'retry', reason: 'signed_out', stopRun: true }
  if (status === HTTP_REQUEST_TIMEOUT || status >= HTTP_SERVER_ERROR)
    return { kind: 'retry', reason: 'server', stopRun: false }
  if (status >= HTTP_CLIENT_ERROR)
    return { kind: 'rejected', code: refusalCode(error), serverCode: error.code }
  return { kind: 'retry', reason: 'server', stopRun: false }
}

async function send(input: VisitInput, transport: Transport, timeoutMs: number): Promise<Outcome> {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  // The transport is asked to stop too, but the timer alone decides: a transport that ignores
  // the signal cannot hang the outbox.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(TIMED_OUT)
    }, timeoutMs)
  })
  try {
    const stored = await Promise.race([transport(input, { signal: controller.signal, timeoutMs }), timeout])
    return { kind: 'stored', stored }
  }
  catch (error) {
    return classify(error)
  }
  finally {
    clearTimeout(timer)
  }
}

async function runSync({ transport, timeoutMs = SEND_TIMEOUT_MS, force = false, now = Date.now }: SyncOptions): Promise<SyncReport> {
  const report: SyncReport = { synced: 0, awaiting: 0, rejected: 0, failed: 0, waiting: 0 }
  const started = generation
  // Oldest first: the order they were made in.
  const pending = (await listEntries(now())).filter(e => e.state === 'pending').reverse()
  let stopped = false
  for (const listed of pending) {
    // Re-read: another tab may have sent it, or it may have been discarded meanwhile.
    const entry = await get<OutboxEntry>(listed.clientId, outboxStore())
    if (!entry || entry.state !== 'pending' || !entry.input || generation !== started)
      continue
    if (stopped || (!force && !isDue(entry, now()))) {
      report.waiting++
      continue
    }
    const outcome = await send(entry.input, transport, timeoutMs)
    if (generation !== started)
      break
    const tried = { ...entry, attempts: entry.attempts + 1, lastTriedAt: new Date(now()).toISOString() }
    if (outcome.kind === 'stored') {
      const { status, id } = outcome.stored
      // The server has it: the input (token, notes, photo) leaves the phone in every case.
      const uploaded = { ...tried, input: null, error: undefined, retryReason: undefined, syncedId: id, syncedAt: tried.lastTriedAt }
      if (status === 'pending_confirmation') {
        await set(entry.clientId, { ...uploaded, state: 'awaiting', revokedCode: codeOf(entry.input.token) } satisfies OutboxEntry, outboxStore())
        report.awaiting++
      }
      else if (status === 'rejected') {
        await set(entry.clientId, { ...uploaded, state: 'rejected', errorCode: 'not_confirmed' } satisfies OutboxEntry, outboxStore())
        report.rejected++
      }
      else {
        await set(entry.clientId, { ...uploaded, state: 'synced' } satisfies OutboxEntry, outboxStore())
        report.synced++
      }
    }
    else if (outcome.kind === 'rejected') {
      // Kept as a code, worded on screen; an invalid code is remembered for the phone's own checks.
      const revokedCode = outcome.serverCode === 'invalid_household_code' ? codeOf(entry.input.token) : undefined
      await set(entry.clientId, { ...tried, state: 'rejected', errorCode: outcome.code, error: undefined, retryReason: undefined, ...(revokedCode ? { revokedCode } : {}) } satisfies OutboxEntry, outboxStore())
      report.rejected++
    }
    else {
      await set(entry.clientId, { ...tried, retryReason: outcome.reason } satisfies OutboxEntry, outboxStore())
      report.failed++
      // No network (or told to slow down): the next visits would fail the same way.
      stopped = outcome.stopRun
    }
    changed()
  }
  return report
}

/** The household reference and version a token names (no secret: the phone's checks use them). */
function codeOf(token: string): { ref: string, version: number } | undefined {
  const decoded = decodeToken(token)
  return decoded.ok ? { ref: decoded.payload.ref, version: decoded.payload.version } : undefined
}

/**
 * What staff decided about visits waiting for confirmation, as GET /api/visits/mine tells it:
 * a confirmed one (now in the history) is uploaded, a rejected one is refused and may be deleted.
 * Returns how many entries changed.
 */
export async function settleAwaiting(decisions: { confirmed: readonly string[], rejected: readonly string[] }, now: number = Date.now()): Promise<number> {
  const confirmed = new Set(decisions.confirmed)
  const rejected = new Set(decisions.rejected)
  let settled = 0
  for (const entry of (await listEntries(now)).filter(e => e.state === 'awaiting')) {
    if (confirmed.has(entry.clientId))
      await set(entry.clientId, { ...entry, state: 'synced', syncedAt: new Date(now).toISOString() } satisfies OutboxEntry, outboxStore())
    else if (rejected.has(entry.clientId))
      await set(entry.clientId, { ...entry, state: 'rejected', errorCode: 'not_confirmed' } satisfies OutboxEntry, outboxStore())
    else
      continue
    settled++
  }
  if (settled > 0)
    changed()
  return settled
}

let running: Promise<SyncReport> | null = null

/** Runs `fn` holding the device-wide lock where the browser has Web Locks (other tabs wait). */
async function withDeviceLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
  if (!locks)
    return fn()
  return locks.request(SYNC_LOCK, fn)
}

/**
 * Sends the pending visits one by one. One run at a time: a call while a run is going on gets
 * that run's report, and another tab's run is waited for (then its synced entries are skipped).
 */
export function sync(options: SyncOptions): Promise<SyncReport> {
  running ??= withDeviceLock(() => runSync(options)).finally(() => {
    running = null
  })
  return running
}

/** Whether a run is going on in this tab. */
export function isSyncing(): boolean {
  return running !== null
}
