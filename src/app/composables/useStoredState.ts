import type { UseStore } from 'idb-keyval'
import type { Ref } from 'vue'
import { until } from '@vueuse/core'
import { clear as clearAll, createStore, del, get, set } from 'idb-keyval'
import { nextTick, ref, shallowRef, toRaw, watch } from 'vue'
import { whenIdle } from '../after-first-page'

/**
 * State that must survive a reload and be resumable: long questionnaires (self-diagnosis) and
 * applications. Kept in IndexedDB, so it outlives the tab, holds structured data of any size
 * and works offline.
 *
 * Why not useDraft: useDraft is sessionStorage for short sign-in forms: synchronous, strings
 * only, and forgotten when the tab closes, which is right for a phone number but not for ten
 * screens of household answers a person comes back to tomorrow.
 *
 * Loads as soon as it is called (in a store or a component); show the form once `ready` is
 * true, or the stored answers would overwrite what was typed meanwhile. Every change is
 * written back as a plain copy (IndexedDB cannot clone Vue proxies).
 */

const DB_NAME = 'xingfuma'
const STORE_NAME = 'state'

// Created on first use: opening IndexedDB at import time would fail where it is missing
// (unit tests, some private modes) before anyone could handle it.
let idbStore: UseStore | undefined
/** The idb-keyval store every stored state lives in. */
export function appStore(): UseStore {
  idbStore ??= createStore(DB_NAME, STORE_NAME)
  return idbStore
}

export interface StoredState<T> {
  state: Ref<T>
  /** true once the stored value (if any) has been loaded, or loading failed */
  ready: Ref<boolean>
  /** true when a value from an earlier visit was loaded: "we kept your answers" */
  restored: Ref<boolean>
  /** why the state cannot be kept on this device; the state still works in memory */
  error: Ref<Error | null>
  /** forget the stored value and go back to the initial one */
  clear: () => Promise<void>
}

export interface StoredStateOptions<T> {
  /** turns what was stored (maybe by an older version of the app) into T; undefined = ignore it */
  parse?: (stored: unknown) => T | undefined
  /**
   * For answers kept for offline use, which are only ever replaced whole (`state.value = …`),
   * never changed inside: held without deep reactivity (a list of 500 records is neither turned
   * into proxies nor walked on every change) and written in a later task, so that copying every
   * kept list into IndexedDB does not hold up the render of the answer that just came (issue #18).
   */
  replacedWhole?: boolean
}

/**
 * Writes of `replacedWhole` states waiting for the main thread to be free: per key, the latest
 * value only. Wiping the device drops them, so nothing kept comes back after a sign-out.
 */
const laterWrites = new Map<string, () => Promise<void>>()
let laterWritesScheduled = false
/** The longest a write waits for an idle moment. */
const LATER_WRITE_TIMEOUT_MS = 1_000

function writeLater(key: string, write: () => Promise<void>) {
  laterWrites.set(key, write)
  if (laterWritesScheduled)
    return
  laterWritesScheduled = true
  whenIdle(flushLaterWrites, LATER_WRITE_TIMEOUT_MS)
}

/** Writes what waits now; resolves when it is on the device (or failed, which its state says). */
export async function writeWaitingNow(): Promise<void> {
  laterWritesScheduled = false
  const writes = [...laterWrites.values()]
  laterWrites.clear()
  await Promise.all(writes.map(write => write()))
}

function flushLaterWrites() {
  // A flush that came first already took them; a later schedule has its own callback.
  if (laterWritesScheduled)
    void writeWaitingNow()
}

// A page going away (tab switched, app closed) writes what waits while it still may.
if (typeof document !== 'undefined') {
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden')
      void writeWaitingNow()
  })
}

/**
 * A server answer as this device last had it, kept for offline use (issue #16): what the page
 * shows with "更新于 …" when the network is gone. Every "last known answer" store keeps this shape.
 */
export interface Kept<T> {
  data: T
  /** when this device fetched it (ISO) */
  fetchedAt: string
}

/**
 * Reads a kept answer back: null stays null (nothing kept yet), a value of another shape is
 * ignored (undefined). `isData` checks the answer itself where an older version of the app may
 * have stored something else under the key.
 */
export function parseKept<T>(stored: unknown, isData: (data: unknown) => boolean = () => true): Kept<T> | null | undefined {
  if (stored === null)
    return null
  if (!stored || typeof stored !== 'object')
    return undefined
  const kept = stored as Partial<Kept<unknown>>
  return typeof kept.fetchedAt === 'string' && 'data' in kept && isData(kept.data) ? kept as Kept<T> : undefined
}

/**
 * A copy without Vue proxies, which IndexedDB cannot clone (DataCloneError). toRaw alone is
 * not enough: `{ ...member }` read through a proxy puts proxies inside a plain object.
 */
export function plainCopy<T>(value: T): T {
  const raw = toRaw(value)
  if (Array.isArray(raw))
    return raw.map(plainCopy) as T
  if (raw !== null && typeof raw === 'object' && Object.getPrototypeOf(raw) === Object.prototype)
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, plainCopy(v)])) as T
  return raw
}

export function useStoredState<T>(key: string, initial: () => T, options: StoredStateOptions<T> = {}): StoredState<T> {
  const state = (options.replacedWhole ? shallowRef(initial()) : ref(initial())) as Ref<T>
  const ready = ref(false)
  const restored = ref(false)
  const error = ref<Error | null>(null)
  let paused = false

  function fail(cause: unknown) {
    error.value = cause instanceof Error ? cause : new Error(String(cause))
    console.warn(`stored state "${key}" is kept in memory only:`, error.value.message)
  }

  async function load() {
    try {
      const stored = await get<unknown>(key, appStore())
      if (stored !== undefined) {
        const parsed = options.parse ? options.parse(stored) : stored as T
        if (parsed !== undefined) {
          state.value = parsed
          restored.value = true
        }
      }
    }
    catch (cause) {
      fail(cause)
    }
    finally {
      ready.value = true
    }
  }

  async function write(value: T) {
    try {
      await set(key, plainCopy(value), appStore())
    }
    catch (cause) {
      fail(cause)
    }
  }

  watch(state, (value) => {
    if (!ready.value || paused || error.value)
      return
    if (options.replacedWhole)
      writeLater(key, () => write(value))
    else
      void write(value)
  }, { deep: !options.replacedWhole })

  async function clear() {
    // The load would otherwise bring the stored value back after it was cleared.
    await until(ready).toBe(true)
    paused = true
    laterWrites.delete(key)
    state.value = initial()
    restored.value = false
    // Let the watcher see (and skip) the reset before writes resume.
    await nextTick()
    paused = false
    if (!error.value)
      await del(key, appStore())
  }

  void load()
  return { state, ready, restored, error, clear }
}

/** Wipes every stored state on this device: a kiosk reset, or signing out on a shared phone. */
export async function clearStoredState(): Promise<void> {
  laterWrites.clear()
  // Without IndexedDB (some private modes) nothing was stored, so there is nothing to wipe.
  if (typeof indexedDB === 'undefined')
    return
  await clearAll(appStore())
}
