import { clearAllDrafts } from '../../app/composables/useDraft'
import { clearStoredState } from '../../app/composables/useStoredState'
import { ELDER_MODE_KEY } from '../../app/prefs'
import { KIOSK_STORAGE_KEY } from './store'

/**
 * The end of one person's turn at a kiosk: nothing of them may be left for the next one. The
 * server session ends (when reachable), then every store on the device is emptied: form drafts,
 * sessionStorage, localStorage but the machine's own setting, every IndexedDB database (drafts,
 * offline lists, the visit outbox, whatever a feature adds later) and runtime caches. The app
 * shell's precache stays: it holds no personal data and keeps the kiosk working offline.
 * The caller then reloads, which drops every in-memory store (sessionStorage is emptied once
 * more as the page unloads).
 */

/** localStorage keys that belong to the machine, not to the person using it. */
export const DEVICE_KEYS: readonly string[] = [KIOSK_STORAGE_KEY]
const PRECACHE_PREFIX = 'workbox-precache'

/** Empties every object store of a database. Deleting it instead would wait on open connections. */
function emptyDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const open = indexedDB.open(name)
    open.onerror = () => resolve()
    open.onsuccess = () => {
      const db = open.result
      const names = [...db.objectStoreNames]
      if (names.length === 0) {
        db.close()
        resolve()
        return
      }
      const tx = db.transaction(names, 'readwrite')
      for (const store of names)
        tx.objectStore(store).clear()
      tx.oncomplete = tx.onerror = tx.onabort = () => {
        db.close()
        resolve()
      }
    }
  })
}

export async function wipeDeviceForNextPerson(endServerSession: () => Promise<unknown>): Promise<void> {
  // Offline or already signed out: the device is wiped all the same.
  await endServerSession().catch(() => {})
  clearAllDrafts()
  await clearStoredState().catch(() => {})
  sessionStorage.clear()
  // vue-router 5 keeps the scroll position of every page visited ('vue-router:scroll', with the
  // paths) in sessionStorage and writes it back from memory on pagehide: empty it again as the
  // caller's reload unloads this page (our listener comes after the router's).
  window.addEventListener('pagehide', () => sessionStorage.clear(), { once: true })
  for (const key of Object.keys(localStorage)) {
    if (!DEVICE_KEYS.includes(key))
      localStorage.removeItem(key)
  }
  // The next person at a kiosk starts in 长辈版 again, whatever the last one chose.
  if (localStorage.getItem(KIOSK_STORAGE_KEY)?.includes('"enabled":true'))
    localStorage.setItem(ELDER_MODE_KEY, 'true')
  if (typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function') {
    for (const db of await indexedDB.databases()) {
      if (db.name)
        await emptyDatabase(db.name)
    }
  }
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) {
      if (!name.startsWith(PRECACHE_PREFIX))
        await caches.delete(name)
    }
  }
}
