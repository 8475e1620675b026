import type { BindHouseholdBody, PasswordLoginBody, SessionUser, SmsVerifyBody } from '../../domain/http/auth'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { clearAllDrafts } from '../../app/composables/useDraft'
import { clearStoredState } from '../../app/composables/useStoredState'
import * as api from './api'

/** The signed-in person. The server holds the session; this mirrors what it says. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null)
  const loaded = ref(false)
  let loading: Promise<void> | null = null

  const role = computed(() => user.value?.role ?? null)
  const signedIn = computed(() => user.value !== null)

  /** Loads the session once; later calls reuse the answer. A network failure leaves us signed out but retryable. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value)
      return Promise.resolve()
    loading ??= api.fetchSession()
      .then((res) => {
        user.value = res.user
        loaded.value = true
      })
      .finally(() => {
        loading = null
      })
    return loading
  }

  /** Asks the server again, e.g. after a kiosk hand-off signed this phone in. */
  async function refresh() {
    loaded.value = false
    await ensureLoaded()
  }

  async function signInWithSms(body: SmsVerifyBody) {
    user.value = (await api.verifySmsCode(body)).user
    loaded.value = true
  }

  async function signInWithPassword(body: PasswordLoginBody) {
    user.value = (await api.loginWithPassword(body)).user
    loaded.value = true
  }

  async function bindHousehold(body: BindHouseholdBody) {
    user.value = (await api.bindHousehold(body)).user
  }

  /**
   * Ends the session on the server, then leaves nothing of the person on the device: a shared
   * phone or a relative's phone is common. Drafts, answers and offline lists go too (the server
   * keeps its copy of an application draft).
   */
  async function signOut() {
    await api.logout()
    user.value = null
    clearAllDrafts()
    await clearStoredState()
    // Care visits not yet uploaded, with their household codes and notes (issue #6). Loaded
    // here only: residents never download the outbox.
    await (await import('../visits/outbox')).clearOutbox()
  }

  return { user, loaded, role, signedIn, ensureLoaded, refresh, signInWithSms, signInWithPassword, bindHousehold, signOut }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot))
