import type { VitePWAOptions } from 'vite-plugin-pwa'

export const THEME_COLOR = '#c8102e'

/** The web app manifest and how the service worker (src/app/sw.ts) is built. */
export const pwaOptions: Partial<VitePWAOptions> = {
  registerType: 'prompt',
  injectRegister: false,
  includeAssets: ['favicon.svg', 'offline.html', 'icons/*.png'],
  manifest: {
    name: '幸福码 · 社会救助',
    short_name: '幸福码',
    description: '救助自诊、一证通办、进度查询、幸福清单和幸福码，一个应用办好。',
    lang: 'zh-CN',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'any',
    theme_color: THEME_COLOR,
    background_color: '#ffffff',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  // Our own service worker (src/app/sw.ts): Background Sync of care visits needs code of ours in it.
  strategies: 'injectManifest',
  srcDir: 'src/app',
  filename: 'sw.ts',
  injectManifest: {
    globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
    rollupFormat: 'iife',
  },
}
