import type { NotificationItem } from '../../domain/application/resident-api'
import { useDocumentVisibility, useIntervalFn } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { errorMessage } from '../../api/client'
import { yieldToMain } from '../../app/yield-to-main'
import { useSessionStore } from '../account'
import * as api from './api'

/** How often the 进度 tab asks for news while the app is open and visible. */
export const NOTIFICATION_POLL_MS = 60_000

/** In-app notifications: a case changed (accepted, more information needed, decided…). */
export const useNotificationsStore = defineStore('notifications', () => {
  const session = useSessionStore()
  const items = ref<NotificationItem[]>([])
  const unread = ref(0)
  /** why the last refresh failed; '' when it worked */
  const error = ref('')

  /** Only a resident with a bound household has applications to hear about. */
  const enabled = computed(() => session.user?.role === 'resident' && session.user.household !== null)

  async function refresh(): Promise<void> {
    if (!enabled.value)
      return
    try {
      const res = await api.fetchNotifications()
      items.value = res.items
      unread.value = res.unread
      error.value = ''
    }
    catch (e) {
      error.value = errorMessage(e)
    }
  }

  /** Marks some (or all) as read at once; puts them back and throws when the server refuses. */
  async function markRead(ids?: string[]): Promise<void> {
    const before = items.value.map(n => ({ ...n }))
    const beforeUnread = unread.value
    items.value = items.value.map(n => (!ids || ids.includes(n.id) ? { ...n, read: true } : n))
    unread.value = items.value.filter(n => !n.read).length
    try {
      unread.value = (await api.markNotificationsRead(ids)).unread
    }
    catch (e) {
      items.value = before
      unread.value = beforeUnread
      throw e
    }
  }

  function reset() {
    items.value = []
    unread.value = 0
    error.value = ''
  }

  return { items, unread, error, enabled, refresh, markRead, reset }
})

/**
 * The number on the 进度 tab: fetched when a resident with a household is signed in, then every
 * minute while the app is visible and again when it comes back to the front. Undefined = no badge.
 */
export function useNotificationBadge() {
  const store = useNotificationsStore()
  const visibility = useDocumentVisibility()
  const poll = useIntervalFn(() => void store.refresh(), NOTIFICATION_POLL_MS, { immediate: false })

  watch([() => store.enabled, visibility], ([enabled, visible]) => {
    if (enabled && visible === 'visible') {
      // A task after the layout renders (issue #18): the number shows on the tab bar, which comes then too.
      void yieldToMain().then(() => store.refresh())
      poll.resume()
    }
    else {
      poll.pause()
      if (!enabled)
        store.reset()
    }
  }, { immediate: true })

  return computed(() => (store.unread > 0 ? store.unread : undefined))
}

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useNotificationsStore, import.meta.hot))
