import type { Kept } from '../../app/composables/useStoredState'
import type { HappinessList, ListFilter, QuarterList } from './api'
import { until } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { ApiRequestError, errorMessage } from '../../api/client'
import { useStoredState } from '../../app/composables/useStoredState'
import { shanghaiToday } from '../../domain/time'
import { useSessionStore } from '../account'
import { fetchList, fetchQuarterList, filterQuery } from './api'

/** Lists kept on the device per filter (and per quarter); the oldest are dropped beyond this. */
export const MAX_KEPT_LISTS = 12
export const STORAGE_KEY = 'happiness-list.synced'

/**
 * A list as this device fetched it, per filter (`key`), with the household it belongs to (null
 * when the session was unknown).
 */
interface KeptList<T> extends Kept<T> { key: string, household: string | null }
export interface SyncedLists {
  lists: KeptList<HappinessList>[]
  quarters: KeptList<QuarterList>[]
}

function keep<T>(entries: KeptList<T>[], entry: KeptList<T>): KeptList<T>[] {
  return [entry, ...entries.filter(e => e.key !== entry.key)].slice(0, MAX_KEPT_LISTS)
}

/**
 * Lists kept by this version, or by older ones: those said `syncedAt` (or nothing) for when the
 * device fetched them; a list without that date is dated by the list itself.
 */
function parseSyncedLists(stored: unknown): SyncedLists | undefined {
  if (!stored || typeof stored !== 'object')
    return undefined
  const { lists, quarters } = stored as { lists?: unknown, quarters?: unknown }
  if (!Array.isArray(lists) || !Array.isArray(quarters))
    return undefined
  const entries = <T>(all: unknown[], dated: (data: T) => string | undefined): KeptList<T>[] => all.flatMap((e) => {
    if (!e || typeof e !== 'object')
      return []
    const old = e as Partial<KeptList<T>> & { syncedAt?: string }
    if (typeof old.key !== 'string' || !('data' in old) || !old.data)
      return []
    const fetchedAt = old.fetchedAt ?? old.syncedAt ?? dated(old.data as T)
    return fetchedAt ? [{ key: old.key, household: old.household ?? null, data: old.data as T, fetchedAt }] : []
  })
  return { lists: entries<HappinessList>(lists, l => l.updatedAt), quarters: entries<QuarterList>(quarters, () => undefined) }
}

/**
 * The household's happiness list. Every list fetched is kept in IndexedDB, so the list opens
 * offline as of the last sync (its `updatedAt` is shown as "更新于 …"); when the network fails
 * the view shows the kept list and says why it may be out of date.
 */
export const useHappinessListStore = defineStore('happiness-list', () => {
  const synced = useStoredState<SyncedLists>(STORAGE_KEY, () => ({ lists: [], quarters: [] }), { parse: parseSyncedLists, replacedWhole: true })
  const filter = ref<ListFilter>({ year: Number(shanghaiToday().slice(0, 4)), item: '', member: '' })
  // Answers of the server, shown as they came and replaced whole: no deep proxies (issue #18).
  const list = shallowRef<HappinessList | null>(null)
  const quarter = shallowRef<QuarterList | null>(null)
  /** true when what is shown comes from the device, not from the server just now */
  const fromDevice = ref(false)
  /** When what is shown was fetched from the server (ISO), null when not known. */
  const syncedAt = ref<string | null>(null)
  const loading = ref(false)
  const error = ref('')
  /** The last load failed for want of a network (not a refusal or a server error). */
  const offline = ref(false)
  const session = useSessionStore()

  /**
   * A shared phone: once the session says whose household this is, lists of any other household
   * are dropped. Offline the session is unknown after a reload, and the kept list is shown: that
   * is what offline is for. (Signing out should wipe it all: clearStoredState.)
   */
  function dropOtherHouseholds(): string | null {
    const household = session.user?.household?.id ?? null
    if (household) {
      const { lists, quarters } = synced.state.value
      const mine = <T>(entries: KeptList<T>[]) => entries.filter(e => e.household === household)
      if (lists.some(e => e.household !== household) || quarters.some(e => e.household !== household))
        synced.state.value = { lists: mine(lists), quarters: mine(quarters) }
    }
    return household
  }

  /** The kept lists load asynchronously; writing before that would overwrite them. */
  function whenStoredReady() {
    return until(synced.ready).toBe(true)
  }

  function failed(e: unknown) {
    error.value = errorMessage(e)
    offline.value = !(e instanceof ApiRequestError) || e.code === 'network_error'
  }

  /**
   * The list asked for as the route is entered, before the page mounts (issue #18): the page's
   * first load() takes it over instead of asking again, so a visit is still one request.
   */
  let ahead: { key: string, loading: Promise<void> } | null = null

  /**
   * Starts loading the list of the current filter while the page's chunk is still on its way (the
   * router calls it as /list is entered), so that the list shows one step sooner. Only for a
   * session with a household (without one the page asks to bind it first; with the session
   * unknown, offline, the page loads as it mounts), and not while a load is on its way already.
   */
  function loadAhead(): void {
    if (!session.user?.household || loading.value)
      return
    const key = filterQuery(filter.value)
    ahead = { key, loading: fetchAndKeep(key) }
  }

  /** Loads the list of the current filter (or takes over the load started ahead for it). */
  function load(): Promise<void> {
    const key = filterQuery(filter.value)
    const started = ahead
    ahead = null
    return started?.key === key ? started.loading : fetchAndKeep(key)
  }

  async function fetchAndKeep(key: string) {
    loading.value = true
    error.value = ''
    offline.value = false
    try {
      const fresh = await fetchList(filter.value)
      list.value = fresh
      fromDevice.value = false
      syncedAt.value = fresh.updatedAt
      await whenStoredReady()
      const household = dropOtherHouseholds()
      synced.state.value = { ...synced.state.value, lists: keep(synced.state.value.lists, { key, household, data: fresh, fetchedAt: fresh.updatedAt }) }
    }
    catch (e) {
      failed(e)
      await whenStoredReady()
      dropOtherHouseholds()
      // Same filter if it was seen before, otherwise the last list synced: better than nothing.
      const kept = synced.state.value.lists.find(x => x.key === key) ?? synced.state.value.lists[0]
      if (kept) {
        list.value = kept.data
        fromDevice.value = true
        syncedAt.value = kept.fetchedAt
      }
    }
    finally {
      loading.value = false
    }
  }

  async function loadQuarter(q: string) {
    const key = q
    loading.value = true
    error.value = ''
    offline.value = false
    quarter.value = null
    try {
      const fresh = await fetchQuarterList(q)
      const now = new Date().toISOString()
      quarter.value = fresh
      fromDevice.value = false
      syncedAt.value = now
      await whenStoredReady()
      const household = dropOtherHouseholds()
      synced.state.value = { ...synced.state.value, quarters: keep(synced.state.value.quarters, { key, household, data: fresh, fetchedAt: now }) }
    }
    catch (e) {
      failed(e)
      await whenStoredReady()
      dropOtherHouseholds()
      const kept = synced.state.value.quarters.find(x => x.key === key)
      if (kept) {
        quarter.value = kept.data
        fromDevice.value = true
        syncedAt.value = kept.fetchedAt
      }
    }
    finally {
      loading.value = false
    }
  }

  /** Names of the items this household has had, from every list kept: the item filter's options. */
  const knownItems = computed(() => {
    const names = new Map<string, string>()
    for (const l of [list.value, ...synced.state.value.lists.map(x => x.data)]) {
      for (const b of l?.totals.byItem ?? [])
        names.set(b.key, b.name)
    }
    return [...names].map(([code, name]) => ({ code, name }))
  })

  return { filter, list, quarter, fromDevice, syncedAt, loading, error, offline, knownItems, load, loadAhead, loadQuarter }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useHappinessListStore, import.meta.hot))
