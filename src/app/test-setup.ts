import { afterAll, afterEach, beforeAll } from 'vitest'

/**
 * Component tests: Vant's nav bar and tab bar measure themselves 100–300 ms after mounting
 * (vant/es/composables/use-height.mjs). Left alone, those timers fire into the next test, or after
 * happy-dom is torn down ("window is not defined" in the next file's report). The timers a test
 * leaves behind are cancelled after it instead of waited for.
 */
if (typeof window !== 'undefined') {
  const pending = new Set<ReturnType<typeof setTimeout>>()
  const realSetTimeout = globalThis.setTimeout
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    const timer = realSetTimeout(() => {
      pending.delete(timer)
      callback(...args)
    }, delay)
    pending.add(timer)
    return timer
  }) as typeof setTimeout
  const cancelLeftovers = () => {
    pending.forEach(clearTimeout)
    pending.clear()
  }
  afterEach(cancelLeftovers)
  afterAll(cancelLeftovers)
}

/**
 * Component tests mount components without their routes, which load the messages they show in
 * the app (src/app/route-messages.ts): here every folder is loaded, in zh-CN and in any language
 * a test then chooses. route-messages.spec.ts checks that each route names what it shows.
 */
if (typeof window !== 'undefined') {
  beforeAll(async () => {
    const { loadMessages, MESSAGE_FOLDERS } = await import('./i18n')
    await loadMessages(MESSAGE_FOLDERS)
  })
}
