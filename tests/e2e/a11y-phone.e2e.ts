import { axeSweep, PHONE_VARIANTS } from './a11y-sweep'
import { test } from './fixtures'

// Every route at 360×740, normal and 长辈版 (issue #7).
test.describe('accessibility (axe-core, WCAG 2.2 AA), phone and phone-elder', () => {
  test('finds no serious or critical violation on any route', async ({ newContext, server }) => {
    await axeSweep(PHONE_VARIANTS, { newContext, server })
  })
})
