import { axeSweep, KIOSK_VARIANTS } from './a11y-sweep'
import { test } from './fixtures'

// Every route at the kiosk's 1080×1920, normal and 长辈版 (issue #7).
test.describe('accessibility (axe-core, WCAG 2.2 AA), kiosk and kiosk-elder', () => {
  test('finds no serious or critical violation on any route', async ({ newContext, server }) => {
    await axeSweep(KIOSK_VARIANTS, { newContext, server })
  })
})
