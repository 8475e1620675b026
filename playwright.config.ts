import { defineConfig } from '@playwright/test'
import { CHROMIUM, CHROMIUM_ARGS, PHONE_CONTEXT } from './tests/e2e/support'

/**
 * The e2e suite (`npm run test:e2e`): the production build, served by the real server, driven
 * in Debian's Chromium at phone size. Each file starts its own server with its own database
 * (tests/e2e/fixtures.ts), so that two files run side by side (E2E_CONCURRENCY) on the 2-core
 * CI machine; a file's tests run in order.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.e2e.ts',
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: 'test-results/e2e',
  workers: Number(process.env.E2E_CONCURRENCY ?? 2),
  // A flaky test is fixed, not retried.
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 120_000,
  // Waits for what the page does after a tap; generous because CI shares 2 cores with a build.
  expect: { timeout: 20_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    ...PHONE_CONTEXT,
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
})
