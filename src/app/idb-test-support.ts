import { get, set } from 'idb-keyval'
import { beforeEach } from 'vitest'
import { appStore, writeWaitingNow } from './composables/useStoredState'
import 'fake-indexeddb/auto'

/**
 * IndexedDB for unit and component tests (Node and happy-dom have none): fake-indexeddb, the
 * real API kept in memory. Import this file for its effect; every test then starts with empty
 * databases, as on a new phone. They are emptied rather than deleted or replaced: the app keeps
 * its connections open (idb-keyval opens each store once), and a deletion waits for them.
 */
beforeEach(async () => {
  // What the test before left waiting to be written lands now, not in this test's database.
  await writeWaitingNow()
  await emptyIndexedDB()
})

/** Empties every database: a fresh device, also in the middle of a test. */
export async function emptyIndexedDB(): Promise<void> {
  for (const { name } of await indexedDB.databases()) {
    if (name)
      await emptyDatabase(name)
  }
}

/** What the app keeps under `key` (useStoredState), read as the app reads it, once what waits to be written is. */
export async function readState<T = unknown>(key: string): Promise<T | undefined> {
  await writeWaitingNow()
  return get<T>(key, appStore())
}

/** Leaves `value` under `key` (useStoredState) as an earlier visit would have. */
export function writeState(key: string, value: unknown): Promise<void> {
  return set(key, value, appStore())
}

function emptyDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name)
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const db = open.result
      const stores = [...db.objectStoreNames]
      if (stores.length === 0) {
        db.close()
        resolve()
        return
      }
      const tx = db.transaction(stores, 'readwrite')
      stores.forEach(store => tx.objectStore(store).clear())
      tx.oncomplete = () => {
        db.close()
        resolve()
      }
      tx.onerror = tx.onabort = () => reject(tx.error)
    }
  })
}
