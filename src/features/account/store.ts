import type { BindHouseholdBody, PasswordLoginBody, SessionUser, SmsVerifyBody } from '../../domain/http/auth'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiRequestError, onSessionEnded } from '../../api/client'
import { clearAllDrafts } from '../../app/composables/useDraft'
import { clearStoredState } from '../../app/composables/useStoredState'
import * as api from './api'

/** A session the server confirmed this recently is not asked about again (the guard just loaded it). */
const FRESH_SESSION_MS = 10_000

/** The signed-in person. The server holds the session; this mirrors what it says. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null)
  const loaded = ref(false)
  let loading: Promise<void> | null = null
  /**
   * Counts what changed the session here: every question to the server and every sign-in or end.
   * An answer to an older question is not taken (issue #18): a background check that set out
   * before a kiosk hand-off or an SMS sign-in would otherwise sign the person out again.
   */
  let generation = 0
  /** When the server last told us who is signed in (Date.now()). */
  let confirmedAt = 0

  /**
   * Why the person must sign in (again), when the server said so while the app was in use:
   * 'expired' when this app thought they were signed in (the session ended: timed out, signed
   * out elsewhere), 'required' when it did not know. Cleared by signing in.
   */
  const ended = ref<'expired' | 'required' | null>(null)

  const role = computed(() => user.value?.role ?? null)
  const signedIn = computed(() => user.value !== null)

  /**
   * The server no longer knows this session: nothing may keep showing the person as signed in
   * (the home page's greeting, the tabs, the Me page). What they typed and the lists kept for
   * offline use stay (a session ending is not signing out; the same person signs in again).
   */
  function sessionEnded() {
    generation++
    ended.value = user.value ? 'expired' : (ended.value ?? 'required')
    user.value = null
    loaded.value = true
  }
  // Any call answered 401 unauthenticated, on any screen (src/api/client.ts).
  onSessionEnded(sessionEnded)

  function ask(): Promise<void> {
    const asked = ++generation
    const attempt: Promise<void> = api.fetchSession()
      .then((res) => {
        // A newer question or a sign-in came after this one: its answer counts, not ours.
        if (asked !== generation)
          return loading !== attempt ? loading ?? undefined : undefined
        user.value = res.user
        loaded.value = true
        confirmedAt = Date.now()
        if (res.user)
          ended.value = null
      })
      .finally(() => {
        if (loading === attempt)
          loading = null
      })
    return attempt
  }

  /** Loads the session once; later calls reuse the answer. A network failure leaves us signed out but retryable. */
  function ensureLoaded(): Promise<void> {
    if (loaded.value)
      return Promise.resolve()
    loading ??= ask()
    return loading
  }

  /** Asks the server again, e.g. after a kiosk hand-off signed this phone in (a question already out is not reused). */
  async function refresh() {
    loaded.value = false
    loading = ask()
    await loading
  }

  /**
   * Checks that the session the app shows still exists (a page that shows who is signed in but
   * calls nothing else, like the home page). Offline: nothing changes.
   */
  async function revalidate() {
    if (!user.value || Date.now() - confirmedAt < FRESH_SESSION_MS)
      return
    const asked = ++generation
    let res
    try {
      res = await api.fetchSession()
    }
    catch (error) {
      // Offline or the server is down: it has not said the session ended; the page stays as it is.
      if (error instanceof ApiRequestError && (error.status === null || error.status >= 500))
        return
      throw error
    }
    if (asked !== generation)
      return
    confirmedAt = Date.now()
    if (res.user)
      user.value = res.user
    else
      sessionEnded()
  }

  function signedInAs(next: SessionUser | null) {
    generation++
    user.value = next
    loaded.value = true
    confirmedAt = Date.now()
    ended.value = null
  }

  async function signInWithSms(body: SmsVerifyBody) {
    signedInAs((await api.verifySmsCode(body)).user)
  }

  async function signInWithPassword(body: PasswordLoginBody) {
    signedInAs((await api.loginWithPassword(body)).user)
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
    try {
      await api.logout()
    }
    catch (error) {
      // Already ended on the server (401): signing out here still leaves nothing behind.
      if (!(error instanceof ApiRequestError && error.status === 401))
        throw error
    }
    generation++
    user.value = null
    ended.value = null
    clearAllDrafts()
    await clearStoredState()
    // Care visits not yet uploaded, with their household codes and notes (issue #6). Loaded
    // here only: residents never download the outbox.
    await (await import('../visits')).clearOutbox()
  }

  return { user, loaded, ended, role, signedIn, ensureLoaded, refresh, revalidate, sessionEnded, signInWithSms, signInWithPassword, bindHousehold, signOut }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useSessionStore, import.meta.hot))
