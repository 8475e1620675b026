import type { Plugin } from 'vite'
import { VantResolver } from '@vant/auto-import-resolver'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VitePWA } from 'vite-plugin-pwa'
import { defineConfig } from 'vitest/config'
import { pwaOptions } from './src/app/pwa.config'

const API_PORT = Number(process.env.API_PORT ?? 8081)

/** Vant's icon font names a copy on a third-party CDN after its inline woff2. */
const VANT_REMOTE_ICON_FONT = /,\s*url\((?:https?:)?\/\/at\.alicdn\.com\/[^)]*\)\s*format\("woff"\)/g

/**
 * Keeps the icon font on our origin: the Content-Security-Policy allows fonts from 'self' and
 * data: only (issue #13), and a resident's phone should not call a CDN. The inline woff2 is
 * enough for every browser the PWA supports.
 */
function vantIconFontInlineOnly(): Plugin {
  return {
    name: 'vant-icon-font-inline-only',
    transform(code, id) {
      if (id.includes('/vant/') && id.endsWith('.css'))
        return code.replace(VANT_REMOTE_ICON_FONT, '')
    },
  }
}

export default defineConfig(() => {
  return {
    plugins: [
      vue(),
      // Vant per component: each component brings only its own JS and CSS.
      Components({ resolvers: [VantResolver()], dts: false }),
      vantIconFontInlineOnly(),
      VitePWA(pwaOptions),
    ],
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
      testTimeout: 20_000,
      setupFiles: ['src/app/test-setup.ts'],
      // Vant ships CSS imports inside its ES modules: let Vite transform it instead of Node.
      server: { deps: { inline: ['vant'] } },
    },
  }
})
