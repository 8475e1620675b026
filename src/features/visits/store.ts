import type { Kept } from '../../app/composables/useStoredState'
import type { HouseholdVisits, MyVisits, VisitInput } from './api'
import type { OutboxEntry, SyncReport, Transport, VisitSummary } from './outbox'
import { until } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiRequestError, errorMessage } from '../../api/client'
import { parseKept, useStoredState } from '../../app/composables/useStoredState'
import { fetchHouseholdVisits, fetchMyVisits, postVisit } from './api'
import { requestBackgroundSync } from './background-sync'
import * as outbox from './outbox'

export const MINE_KEY = 'visits.mine'
export const HOUSEHOLD_KEY = 'visits.household'
/** An automatic retry never waits less than this (a reconnect makes several 'online' events). */
const MIN_RETRY_MS = 5_000
const HTTP_FORBIDDEN = 403

const transport: Transport = (input, { signal, timeoutMs }) => postVisit(input, { signal, timeoutMs })

/**
 * The volunteer's visits: the outbox on this phone (pending, synced, rejected) and the history
 * on the server. Sync runs on app start, when the network comes back, after a save when online,
 * on 立即同步, and again after a failure once its backoff is over (while the app is open).
 */
export const useVisitsStore = defineStore('visits', () => {
  const entries = ref<OutboxEntry[]>([])
  const loaded = ref(false)
  const syncing = ref(false)
  const lastReport = ref<SyncReport | null>(null)
  /** why the outbox cannot be read or written on this device */
  const storageError = ref('')
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  const pending = computed(() => entries.value.filter(e => e.state === 'pending'))
  const rejected = computed(() => entries.value.filter(e => e.state === 'rejected'))
  const awaiting = computed(() => entries.value.filter(e => e.state === 'awaiting'))

  /**
   * Codes the server said no longer count (a visit held for staff, or refused for its code),
   * whoever synced it (this page, another tab, the service worker): into the phone's own list,
   * so the same code is refused at the next door with no signal (issue #16).
   */
  const learnt = new Set<string>()
  function learnRevocations(list: OutboxEntry[]) {
    const fresh = list.flatMap(e => e.revokedCode && !learnt.has(`${e.revokedCode.ref}:${e.revokedCode.version}`) ? [e.revokedCode] : [])
    if (fresh.length === 0)
      return
    fresh.forEach(c => learnt.add(`${c.ref}:${c.version}`))
    void import('../household-code').then(keys => keys.learnRevoked(fresh))
  }

  async function refresh() {
    try {
      entries.value = await outbox.listEntries()
      storageError.value = ''
      learnRevocations(entries.value)
    }
    catch (e) {
      storageError.value = e instanceof Error ? e.message : String(e)
    }
    finally {
      loaded.value = true
    }
  }

  function scheduleRetry() {
    clearTimeout(retryTimer)
    const now = Date.now()
    const waits = pending.value.map(e => Math.max(outbox.backoffMs(e.attempts) - (e.lastTriedAt ? now - Date.parse(e.lastTriedAt) : 0), MIN_RETRY_MS))
    if (waits.length > 0 && typeof window !== 'undefined')
      retryTimer = setTimeout(() => void syncNow(), Math.min(...waits))
  }

  /** Sends what is pending. `force`: the volunteer asked (立即同步), so backoff is not waited out. */
  async function syncNow(force = false): Promise<SyncReport | null> {
    syncing.value = true
    try {
      lastReport.value = await outbox.sync({ transport, force })
      return lastReport.value
    }
    catch (e) {
      storageError.value = e instanceof Error ? e.message : String(e)
      return null
    }
    finally {
      // The list first: "syncing" ending with the old list would show sent visits as still pending.
      await refresh()
      syncing.value = false
      if (pending.value.length > 0 && (typeof navigator === 'undefined' || navigator.onLine))
        scheduleRetry()
      // Still waiting: where the browser can, it wakes the service worker once the network is back.
      if (pending.value.length > 0)
        void requestBackgroundSync()
    }
  }

  /** Writes the visit to the outbox (nothing else needed to keep it), then sends it if online. */
  async function save(input: VisitInput, summary: Omit<VisitSummary, 'type' | 'visitedAt' | 'urgent' | 'referred'>): Promise<OutboxEntry> {
    const entry = await outbox.saveVisit(input, summary)
    start()
    await refresh()
    if (typeof navigator === 'undefined' || navigator.onLine)
      void syncNow()
    else
      void requestBackgroundSync()
    return entry
  }

  async function discard(clientId: string) {
    await outbox.discardEntry(clientId)
    await refresh()
  }

  // --- my visits on the server -----------------------------------------------------------
  const mineKept = useStoredState<Kept<MyVisits> | null>(MINE_KEY, () => null, { parse: stored => parseKept<MyVisits>(stored) })
  const mine = computed(() => mineKept.state.value)
  const mineFromDevice = ref(false)
  const mineError = ref('')
  const mineLoading = ref(false)

  async function loadMine() {
    mineLoading.value = true
    mineError.value = ''
    try {
      const data = await fetchMyVisits()
      await until(mineKept.ready).toBe(true)
      mineKept.state.value = { data, fetchedAt: new Date().toISOString() }
      mineFromDevice.value = false
      // What staff decided about visits waiting for confirmation, on this phone too.
      const settled = await outbox.settleAwaiting({
        confirmed: data.visits.map(v => v.clientId),
        rejected: data.unconfirmed.filter(v => v.status === 'rejected').map(v => v.clientId),
      })
      if (settled > 0)
        await refresh()
    }
    catch (e) {
      mineError.value = errorMessage(e)
      await until(mineKept.ready).toBe(true)
      mineFromDevice.value = mineKept.state.value !== null
    }
    finally {
      mineLoading.value = false
    }
  }

  let started = false
  /** Listens for the network coming back and to other tabs; sends what is pending now. */
  function start() {
    if (started || typeof window === 'undefined')
      return
    started = true
    outbox.onOutboxChange(() => void refresh())
    // A reconnect or a fresh start is worth one try of everything, backoff or not: the failures
    // that built the backoff were most likely the missing network.
    window.addEventListener('online', () => void syncNow(true))
    void refresh().then(() => {
      if (pending.value.length > 0 && navigator.onLine)
        void syncNow(true)
    })
  }

  return { entries, loaded, syncing, lastReport, storageError, pending, rejected, awaiting, refresh, syncNow, save, discard, start, mine, mineFromDevice, mineError, mineLoading, loadMine }
})

/** 谁来看过我: the household's visits, kept on the device for offline use. */
export const useHouseholdVisitsStore = defineStore('household-visits', () => {
  const kept = useStoredState<Kept<HouseholdVisits> | null>(HOUSEHOLD_KEY, () => null, { parse: stored => parseKept<HouseholdVisits>(stored) })
  const list = computed(() => kept.state.value)
  const fromDevice = ref(false)
  const error = ref('')
  const loading = ref(false)
  /** The server says the person has no household (403): the page offers to bind one. */
  const unbound = ref(false)

  async function load() {
    loading.value = true
    error.value = ''
    unbound.value = false
    try {
      const data = await fetchHouseholdVisits()
      await until(kept.ready).toBe(true)
      kept.state.value = { data, fetchedAt: new Date().toISOString() }
      fromDevice.value = false
    }
    catch (e) {
      if (e instanceof ApiRequestError && e.status === HTTP_FORBIDDEN) {
        unbound.value = true
        return
      }
      error.value = errorMessage(e)
      await until(kept.ready).toBe(true)
      fromDevice.value = kept.state.value !== null
    }
    finally {
      loading.value = false
    }
  }

  return { list, fromDevice, error, loading, unbound, load }
})

if (import.meta.hot) {
  import.meta.hot.accept(acceptHMRUpdate(useVisitsStore, import.meta.hot))
  import.meta.hot.accept(acceptHMRUpdate(useHouseholdVisitsStore, import.meta.hot))
}
