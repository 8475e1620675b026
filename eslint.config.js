import antfu from '@antfu/eslint-config'
import boundaries from './scripts/eslint/boundaries.js'

export default antfu(
  {
    vue: true,
    typescript: true,
    ignores: ['dist/**', 'dist-server/**', 'data/**', 'test-results/**', '.scratch/**', '**/*.md'],
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
    files: ['server/**/*.ts', 'mock/**/*.ts', 'scripts/**/*.ts', 'tests/**/*.ts', 'vite.config.ts'],
    rules: { 'no-console': 'off', 'node/prefer-global/process': 'off', 'node/prefer-global/buffer': 'off', 'antfu/no-top-level-await': 'off' },
  },
)
