import type { RemovableRef } from '@vueuse/core'
import { useSessionStorage } from '@vueuse/core'

const PREFIX = 'xfm.draft.'

/**
 * What a person typed into a form, kept in sessionStorage so that a reload, a failed request or
 * a crashed tab loses nothing. Session-scoped on purpose: closing the tab (or a kiosk reset) forgets it.
 * Never put passwords or codes in a draft.
 */
export function useDraft<T extends object>(key: string, initial: T): RemovableRef<T> {
  return useSessionStorage<T>(PREFIX + key, { ...initial }, { mergeDefaults: true })
}

export function clearDraft(key: string): void {
  sessionStorage.removeItem(PREFIX + key)
}

/** Forgets every form draft of this tab (signing out, kiosk reset). */
export function clearAllDrafts(): void {
  for (const key of Object.keys(sessionStorage)) {
    if (key.startsWith(PREFIX))
      sessionStorage.removeItem(key)
  }
}
