import type { HouseholdCode } from './api'
import { until } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiRequestError, errorMessage } from '../../api/client'
import { useStoredState } from '../../app/composables/useStoredState'
import { useKioskStore } from '../kiosk'
import { fetchHouseholdCode } from './api'

/** The key of the household's own code in the app's stored state (wiped by signing out). */
export const OWN_CODE_KEY = 'household-code.own'

/** The household's own code as last shown online, with what the page heads it with. */
export interface KeptCode {
  householdId: string
  areaName: string
  headName: string
  code: HouseholdCode
  /** When this phone last had it from the server (ISO). */
  keptAt: string
}

const HTTP_FORBIDDEN = 403

function isText(value: unknown): value is string {
  return typeof value === 'string'
}

/** What an older version of the app (or anything else) left under the key; undefined if unusable. */
export function parseKeptCode(stored: unknown): KeptCode | null | undefined {
  if (stored === null)
    return null
  if (typeof stored !== 'object' || stored === undefined)
    return undefined
  const k = stored as Partial<KeptCode>
  const c = k.code as Partial<HouseholdCode> | undefined
  if (!isText(k.householdId) || !isText(k.areaName) || !isText(k.headName) || !isText(k.keptAt) || !c || !isText(c.token) || !isText(c.url) || !Number.isInteger(c.version) || !isText(c.issuedAt))
    return undefined
  return { householdId: k.householdId, areaName: k.areaName, headName: k.headName, keptAt: k.keptAt, code: { token: c.token, url: c.url, version: c.version!, issuedAt: c.issuedAt } }
}

/**
 * 幸福码 (issue #16): the one screen an old person must be able to show at the door, with or
 * without signal. The code shown online is kept on the phone with its version (in the app's
 * stored state: never in a URL or a log, and signing out wipes it); offline the kept one is
 * shown and says since when. The next load replaces a regenerated (revoked) version. A kiosk is
 * for everyone: it keeps nothing.
 */
export const useHouseholdCodeStore = defineStore('household-code', () => {
  const kiosk = useKioskStore()
  const stored = kiosk.enabled ? null : useStoredState<KeptCode | null>(OWN_CODE_KEY, () => null, { parse: parseKeptCode })
  /** Fetched from the server in this page's life. */
  const fresh = ref<KeptCode | null>(null)
  const loading = ref(false)
  const error = ref('')
  /** The last load failed for want of a network (not a refusal or a server error). */
  const offline = ref(false)

  const kept = computed(() => stored?.state.value ?? null)
  const ready = computed(() => stored?.ready.value ?? true)

  function keep(code: KeptCode) {
    fresh.value = code
    if (stored)
      stored.state.value = code
  }

  async function forget() {
    fresh.value = null
    await stored?.clear()
  }

  /**
   * The code of the household to show: fresh from the server, else the one kept on the phone.
   * `householdId` null: the session is not known (offline after a reload), the kept one is shown.
   */
  function shown(householdId: string | null): { code: KeptCode, fromDevice: boolean } | null {
    if (fresh.value && (householdId === null || fresh.value.householdId === householdId))
      return { code: fresh.value, fromDevice: false }
    const k = kept.value
    if (k && (householdId === null || k.householdId === householdId))
      return { code: k, fromDevice: true }
    return null
  }

  async function load(household: { id: string, areaName: string, headName: string }) {
    loading.value = true
    error.value = ''
    offline.value = false
    try {
      const code = await fetchHouseholdCode()
      // What the phone kept is read first (useStoredState): set before that, the new code would
      // be replaced by the old one, or never written.
      await until(ready).toBe(true)
      keep({ householdId: household.id, areaName: household.areaName, headName: household.headName, code, keptAt: new Date().toISOString() })
    }
    catch (e) {
      // No longer bound to it (unbound by the household or staff): nothing of it stays here.
      if (e instanceof ApiRequestError && e.status === HTTP_FORBIDDEN)
        await forget()
      offline.value = !(e instanceof ApiRequestError) || e.status === null
      error.value = errorMessage(e)
    }
    finally {
      loading.value = false
    }
  }

  /** A new version made on this phone: the old one stops working, so it is not kept either. */
  function regenerated(household: { id: string, areaName: string, headName: string }, code: HouseholdCode) {
    keep({ householdId: household.id, areaName: household.areaName, headName: household.headName, code, keptAt: new Date().toISOString() })
  }

  return { kept, ready, fresh, loading, error, offline, shown, load, regenerated, forget }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useHouseholdCodeStore, import.meta.hot))
