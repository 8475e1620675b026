import antfu from '@antfu/eslint-config'
import boundaries from './scripts/eslint/boundaries.js'

// Node 20 has no Object.groupBy (Node 21+), which eslint-flat-config-utils 3.1+ (under
// @antfu/eslint-config) calls while it builds the config (antfu/eslint-flat-config-utils#11).
// Drop this once the project needs Node 22.
if (!Object.groupBy) {
  Object.groupBy = (items, keyOf) => {
    const groups = Object.create(null)
    let index = 0
    for (const item of items) {
      const key = keyOf(item, index++)
      ;(groups[key] ??= []).push(item)
    }
    return groups
  }
}

export default antfu(
  {
    vue: true,
    typescript: {
      // Type-aware rules (a lost promise is a bug the types can see): typescript-eslint's project
      // service opens each file in its program of the solution tsconfig.json, SFCs included.
      tsconfigPath: 'tsconfig.json',
      filesTypeAware: ['**/*.?([cm])ts', '**/*.vue'],
      overridesTypeAware: {
        // typescript-eslint does not run vue-tsc: a .vue import is an unresolved type to it, and
        // tests read `inject().json()` (any), so these fire on ~1,450 lines that are fine.
        'ts/no-unsafe-argument': 'off',
        'ts/no-unsafe-assignment': 'off',
        'ts/no-unsafe-call': 'off',
        'ts/no-unsafe-member-access': 'off',
        'ts/no-unsafe-return': 'off',
        // Style: a function that returns a promise need not be marked async.
        'ts/promise-function-async': 'off',
        // Truthiness of strings and numbers (`if (name)`) is used on purpose throughout.
        'ts/strict-boolean-expressions': 'off',
        // Its fixes widen literals fed to generic inference (`useDraft({ item: '' as ItemCode | '' })`).
        'ts/no-unnecessary-type-assertion': 'off',
        // vue-i18n's `const { t, te } = useI18n()` and vitest's `expect(obj.method)` are unbound by design.
        'ts/unbound-method': 'off',
        // A `default` branch is a deliberate answer for the remaining cases; without one, all must be listed.
        'ts/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      },
    },
    ignores: ['dist/**', 'dist-server/**', 'data/**', 'test-results/**', 'playwright-report/**', '.scratch/**', '**/*.md'],
  },
  {
    // New in @antfu/eslint-config 9: its fix makes Array.from({ length }, () => x) an unknown[] in TypeScript.
    rules: { 'e18e/prefer-array-fill': 'off' },
  },
  {
    // Locale files: sorted keys, so that the two languages are easy to compare.
    files: ['src/app/locales/*.json'],
    rules: { 'jsonc/sort-keys': 'error' },
  },
  {
    // src/domain is shared by the PWA and the server: it may not depend on either.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vue', 'vue-*', 'pinia', 'vant', '@vueuse/*', 'axios'], message: 'src/domain is shared with the server: no front-end imports.' },
          { group: ['node:*', 'fastify', 'fastify-*', '@fastify/*', 'kysely', 'pg', 'better-sqlite3'], message: 'src/domain runs in the browser: no Node or server imports.' },
        ],
      }],
    },
  },
  {
    // Which part of the codebase may import which (scripts/eslint/boundaries.js says why).
    files: ['src/**/*.{ts,vue}', 'server/**/*.ts', 'mock/**/*.ts', 'scripts/**/*.ts'],
    plugins: { boundaries },
    rules: { 'boundaries/imports': 'error' },
  },
  {
    // Playwright (not vitest): a fixture that uses no other fixture still takes `{}` first; a
    // `.only` left behind fails CI through forbidOnly (playwright.config.ts).
    files: ['tests/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  {
    files: ['server/**/*.ts', 'mock/**/*.ts', 'scripts/**/*.ts', 'tests/**/*.ts', 'vite.config.ts', 'vite.server.config.ts', 'playwright.config.ts'],
    rules: { 'no-console': 'off', 'node/prefer-global/process': 'off', 'node/prefer-global/buffer': 'off', 'antfu/no-top-level-await': 'off' },
  },
)
