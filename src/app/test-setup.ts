import { afterAll } from 'vitest'

/**
 * Component tests: Vant's nav bar and tab bar measure themselves 100–300 ms after mounting
 * (use-placeholder). Let those timers run before happy-dom is torn down, or they throw
 * "window is not defined" into the next file's report.
 */
const VANT_MEASURE_MS = 350

afterAll(async () => {
  if (typeof window !== 'undefined')
    await new Promise(resolve => setTimeout(resolve, VANT_MEASURE_MS))
})
