import type { Plugin } from 'vite'
import { availableParallelism } from 'node:os'
import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VitePWA } from 'vite-plugin-pwa'
import { defineConfig } from 'vitest/config'
import { axiosXhrOnly } from './scripts/vite/axios-xhr-only.ts'
import { firstRouteChunks } from './scripts/vite/first-route-chunks.ts'
import { inlineShellCss } from './scripts/vite/inline-shell-css.ts'
import { precompileMessages } from './scripts/vite/precompile-messages.ts'
import { precompress } from './scripts/vite/precompress.ts'
import { preloadHttpClient } from './scripts/vite/preload-http-client.ts'
import { sizeBudget } from './scripts/vite/size-budget.ts'
import { vantIconFont } from './scripts/vite/vant-icon-font.ts'
import { vantUseHeight } from './scripts/vite/vant-use-height.ts'
import { pwaOptions } from './src/app/pwa.config.ts'
import { ROUTE_MESSAGES } from './src/app/route-message-table.ts'

const API_PORT = Number(process.env.API_PORT ?? 8081)

/** vue-i18n 11.4.2 looks for a `currentInstance` export with `key in Vue` on its `import * as Vue from 'vue'`. */
const VUE_I18N_NAMESPACE_PROBE = /if \(key in Vue\) \{\s*return Vue\[key\];\s*\}\s*else \{\s*(return Vue\.getCurrentInstance\(\);)\s*\}/

/**
 * Rolldown (Vite 8) keeps every export of vue for that `in` probe, which put 11 KB (gzip) of Vue we
 * never call (hydration, custom elements, TransitionGroup…) into the app shell. Vue 3.5 has no such
 * export, so the probe always falls through to `getCurrentInstance()`: call it directly. vue-i18n
 * fixed this in 11.4.9 (intlify/vue-i18n#2573), which needs Node 22; drop this plugin with it.
 */
function vueI18nWithoutNamespaceProbe(): Plugin {
  return {
    name: 'vue-i18n-without-namespace-probe',
    apply: 'build',
    transform(code, id) {
      if (!/\/vue-i18n\/dist\/vue-i18n[^/]*\.m?js$/.test(id) || !code.includes('key in Vue'))
        return
      if (!VUE_I18N_NAMESPACE_PROBE.test(code)) {
        this.warn('vue-i18n changed: its namespace probe is left as it is (check the app shell size)')
        return
      }
      return code.replace(VUE_I18N_NAMESPACE_PROBE, '$1')
    },
  }
}

export default defineConfig(({ command }) => {
  return {
    plugins: [
      // Components use <script setup> only (so do Vant, vue-router and Pinia): Vue's Options API
      // support, a few KB of the shell, is left out (issue #18).
      vue({ features: { optionsAPI: false } }),
      // Vant per component: each component brings only its own JS and CSS.
      Components({ resolvers: [VantResolver()], dts: false }),
      vantIconFont(),
      vantUseHeight(),
      precompileMessages(),
      vueI18nWithoutNamespaceProbe(),
      axiosXhrOnly(),
      preloadHttpClient(),
      inlineShellCss(),
      firstRouteChunks(ROUTE_MESSAGES),
      VitePWA(pwaOptions),
      precompress(),
      sizeBudget(),
    ],
    resolve: {
      // Messages arrive precompiled (precompileMessages), so the PWA needs vue-i18n's runtime only.
      alias: [{ find: /^vue-i18n$/, replacement: 'vue-i18n/dist/vue-i18n.runtime.esm-bundler.js' }],
    },
    define: {
      // vue-i18n's esm-bundler flags: Composition API only (no legacy API), no global <i18n-t> or
      // v-t (the app calls t() from useI18n), no devtools in production.
      __VUE_I18N_FULL_INSTALL__: false,
      __VUE_I18N_LEGACY_API__: false,
      __INTLIFY_PROD_DEVTOOLS__: false,
      // Leaves the message compiler out of the shell. Build only: vitest sets these flags on
      // globalThis, where the server's catalog (server/catalog.ts) still compiles its raw JSON.
      __INTLIFY_DROP_MESSAGE_COMPILER__: command === 'build',
    },
    server: {
      proxy: { '/api': `http://127.0.0.1:${API_PORT}` },
    },
    build: {
      target: 'es2020',
      // Source maps stay out of the shipped bundle; cheap phones download every byte.
      sourcemap: false,
      // dist/.vite/manifest.json lets `npm run bench:size` follow each route's chunks.
      manifest: true,
      chunkSizeWarningLimit: 300,
    },
    test: {
      include: ['src/**/*.spec.ts', 'server/**/*.spec.ts', 'mock/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
      environment: 'node',
      // API tests open a database each; PostgreSQL tests share one server.
      fileParallelism: true,
      // Vitest's default (a core left to its main process) is one file at a time on the 2-core CI
      // machine: 615 s; a file per core took 349 s (three files: 395 s). Safe on PostgreSQL since
      // the migrator looks at its own schema only (server/db/own-schema-introspector.ts).
      maxWorkers: availableParallelism(),
      testTimeout: 20_000,
      hookTimeout: 20_000,
      // expect.poll's patience: the suite runs on shared machines, where a second is not always enough.
      expect: { poll: { timeout: 5000 } },
      setupFiles: ['src/app/test-setup.ts'],
      // Vant ships CSS imports inside its ES modules: let Vite transform it instead of Node.
      server: { deps: { inline: ['vant'] } },
      // Component tests (happy-dom) load Vant pre-bundled: one module instead of hundreds to transform.
      // Its ES build, which the auto-imported components name ('vant/es'); bare 'vant' would be the
      // CommonJS one, a second copy of Vant in the same test.
      deps: { optimizer: { client: { enabled: true, include: ['vant/es'] } } },
      alias: [{ find: /^vant$/, replacement: 'vant/es' }],
    },
  }
})
