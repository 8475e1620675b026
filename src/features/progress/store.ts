import type { ApplicationView, CaseView } from '../../domain/application/schemas'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiRequestError, errorMessage } from '../../api/client'
import { useStoredState } from '../../app/composables/useStoredState'
import { useSessionStore } from '../account'
import * as api from './api'

export const CACHE_KEY = 'progress.applications'

/** The household's applications as last fetched, so that their status shows offline. */
interface Cache {
  /** whose they are: on a shared phone, another person sees nothing of them */
  userId: string | null
  applications: ApplicationView[]
  syncedAt: string | null
}

function emptyCache(): Cache {
  return { userId: null, applications: [], syncedAt: null }
}

// A light check: the cache is written by this app from server answers.
function parseCache(value: unknown): Cache | undefined {
  const stored = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof Cache, unknown>>
  if (!Array.isArray(stored.applications) || typeof stored.userId !== 'string' || typeof stored.syncedAt !== 'string')
    return undefined
  return { userId: stored.userId, applications: stored.applications as ApplicationView[], syncedAt: stored.syncedAt }
}

export const useProgressStore = defineStore('progress', () => {
  const cache = useStoredState<Cache>(CACHE_KEY, emptyCache, { parse: parseCache })
  const session = useSessionStore()
  const loading = ref(false)
  /** why the last refresh failed, in the user's language; '' when it worked */
  const error = ref('')
  /** the last refresh failed for want of a network (what is shown is the last update) */
  const offline = ref(false)

  function failed(e: unknown) {
    error.value = errorMessage(e)
    offline.value = e instanceof ApiRequestError && e.code === 'network_error'
  }

  const ready = cache.ready
  const mine = computed(() => {
    const userId = session.user?.id
    // Signed out or the session could not load (offline): the device's last resident's cache.
    return !userId || cache.state.value.userId === userId ? cache.state.value : emptyCache()
  })
  const applications = computed(() => mine.value.applications)
  const syncedAt = computed(() => mine.value.syncedAt)

  function find(id: string): ApplicationView | undefined {
    return applications.value.find(a => a.id === id)
  }

  function keep(applications: ApplicationView[]) {
    cache.state.value = { userId: session.user?.id ?? null, applications, syncedAt: new Date().toISOString() }
  }

  /** Numbers the fetches: only the latest one started may change what is shown. */
  let latestFetch = 0

  /**
   * Runs one fetch and applies its answer, unless a newer fetch started meanwhile: an older,
   * slower answer would overwrite a newer one. On failure the cached applications stay and
   * `error` says why.
   */
  async function load<T>(fetch: () => Promise<T>, apply: (answer: T) => void): Promise<void> {
    const fetchNumber = ++latestFetch
    const latest = () => fetchNumber === latestFetch
    loading.value = true
    error.value = ''
    offline.value = false
    try {
      const answer = await fetch()
      if (latest())
        apply(answer)
    }
    catch (e) {
      if (latest())
        failed(e)
    }
    finally {
      if (latest())
        loading.value = false
    }
  }

  /** Fetches the household's applications. */
  function refresh(): Promise<void> {
    return load(api.fetchApplications, answer => keep(answer.applications))
  }

  /** Fetches one application into the cache (newest first). */
  function refreshOne(id: string): Promise<void> {
    return load(() => api.fetchApplication(id), (fresh) => {
      const others = applications.value.filter(a => a.id !== fresh.id)
      keep([fresh, ...others].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt)))
    })
  }

  function replaceCase(updated: CaseView) {
    for (const application of cache.state.value.applications) {
      const index = application.cases.findIndex(c => c.id === updated.id)
      if (index >= 0)
        application.cases[index] = updated
    }
  }

  /** Withdraws one item; throws (the view says why) when the server refuses. */
  async function withdraw(caseId: string, note?: string): Promise<CaseView> {
    const updated = await api.withdrawCase(caseId, note)
    replaceCase(updated)
    return updated
  }

  async function answer(caseId: string, text: string, attachmentIds: string[]): Promise<CaseView> {
    const updated = await api.answerCase(caseId, { text, attachmentIds: attachmentIds.length > 0 ? attachmentIds : undefined })
    replaceCase(updated)
    return updated
  }

  /** Signing out on a shared phone. */
  async function forget() {
    await cache.clear()
  }

  return { ready, loading, error, offline, applications, syncedAt, find, refresh, refreshOne, withdraw, answer, forget }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useProgressStore, import.meta.hot))
