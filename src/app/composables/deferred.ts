import { getCurrentInstance, onBeforeUnmount, readonly, ref } from 'vue'

/**
 * "Undo" for staff actions that are hard to take back (issue #16): resolving an urgent flag,
 * approving or refusing a case. After the clerk confirms, the request waits this long before it
 * is sent, with 撤销 (undo) and 立即提交 (send now) beside it. Nothing reaches the server, the
 * audit log or the resident until the window has passed, so an undo leaves no trace and needs no
 * "un-resolve" endpoint.
 *
 * Leaving the page sends what was confirmed at once (the clerk meant it); closing the tab within
 * the window asks the browser to stay (beforeunload) while the requests go out.
 */
export const UNDO_WINDOW_MS = 10_000
const TICK_MS = 1_000

export function useDeferredActions(windowMs = UNDO_WINDOW_MS) {
  const waiting = new Map<string, { timer: ReturnType<typeof setTimeout>, run: () => Promise<void> }>()
  /** key → the moment it will be sent (ms since epoch). */
  const dueAt = ref<Record<string, number>>({})
  const now = ref(Date.now())
  let ticker: ReturnType<typeof setInterval> | null = null

  function forget(key: string) {
    const { [key]: _, ...rest } = dueAt.value
    dueAt.value = rest
    if (waiting.size === 0 && ticker !== null) {
      clearInterval(ticker)
      ticker = null
    }
  }

  /** Sends it now (the window passed, or the clerk pressed 立即提交). */
  function flush(key: string): Promise<void> {
    const entry = waiting.get(key)
    if (!entry)
      return Promise.resolve()
    clearTimeout(entry.timer)
    waiting.delete(key)
    forget(key)
    return entry.run()
  }

  /** Starts the window for `key`; a key already waiting keeps its first request. */
  function schedule(key: string, run: () => Promise<void>): void {
    if (waiting.has(key))
      return
    now.value = Date.now()
    waiting.set(key, { timer: setTimeout(() => void flush(key), windowMs), run })
    dueAt.value = { ...dueAt.value, [key]: now.value + windowMs }
    ticker ??= setInterval(() => {
      now.value = Date.now()
    }, TICK_MS)
  }

  /** Drops it: nothing was or will be sent. */
  function undo(key: string): void {
    const entry = waiting.get(key)
    if (!entry)
      return
    clearTimeout(entry.timer)
    waiting.delete(key)
    forget(key)
  }

  function flushAll(): Promise<void[]> {
    return Promise.all([...waiting.keys()].map(flush))
  }

  function isWaiting(key: string): boolean {
    return key in dueAt.value
  }

  /** Whole seconds until it is sent, for "10 秒后提交". */
  function secondsLeft(key: string): number {
    const due = dueAt.value[key]
    return due === undefined ? 0 : Math.max(0, Math.ceil((due - now.value) / 1000))
  }

  function onBeforeUnload(event: BeforeUnloadEvent) {
    if (waiting.size === 0)
      return
    void flushAll()
    event.preventDefault()
  }

  if (getCurrentInstance()) {
    window.addEventListener('beforeunload', onBeforeUnload)
    onBeforeUnmount(() => {
      window.removeEventListener('beforeunload', onBeforeUnload)
      void flushAll()
    })
  }

  return { dueAt: readonly(dueAt), schedule, undo, flush, flushAll, isWaiting, secondsLeft }
}
