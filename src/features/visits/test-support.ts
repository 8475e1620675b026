import type { OutboxEntry } from './outbox'

// Test support: happy-dom and node have no IndexedDB. The fake keeps one Map per idb-keyval
// store, so the outbox ('outbox') and the app's stored state ('state') stay apart as in a browser.

export const stores = new Map<string, Map<string, unknown>>()

function storeOf(name: unknown): Map<string, unknown> {
  const key = String(name ?? 'default')
  let store = stores.get(key)
  if (!store) {
    store = new Map()
    stores.set(key, store)
  }
  return store
}

/** Use as `vi.mock('idb-keyval', async () => (await import('./test-support')).fakeIdbKeyval())`. */
export function fakeIdbKeyval() {
  return {
    createStore: (_db: string, name: string) => name,
    get: async (key: string, store?: string) => structuredClone(storeOf(store).get(key)),
    set: async (key: string, value: unknown, store?: string) => {
      storeOf(store).set(key, structuredClone(value))
    },
    del: async (key: string, store?: string) => {
      storeOf(store).delete(key)
    },
    clear: async (store?: string) => {
      storeOf(store).clear()
    },
    values: async (store?: string) => [...storeOf(store).values()].map(v => structuredClone(v)),
  }
}

export function outboxEntries(): OutboxEntry[] {
  return [...storeOf('outbox').values()] as OutboxEntry[]
}

export function resetStores() {
  stores.clear()
}
