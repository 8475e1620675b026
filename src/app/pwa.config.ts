import type { VitePWAOptions } from 'vite-plugin-pwa'

export const THEME_COLOR = '#c8102e'

/**
 * Service worker: precache the app shell (every built asset), fall back to the shell for
 * app routes and to offline.html for other navigations, and never touch /api.
 */
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
  workbox: {
    globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}'],
    navigateFallback: '/index.html',
    // /api and the API docs are not app routes: they must never get the shell.
    navigateFallbackDenylist: [/^\/api(\/|$)/],
    cleanupOutdatedCaches: true,
    runtimeCaching: [
      {
        // A navigation the shell does not cover (e.g. /api/docs) gets the offline page when the network is gone.
        urlPattern: ({ request, url }) => request.mode === 'navigate' && url.pathname.startsWith('/api'),
        handler: 'NetworkOnly',
        options: { precacheFallback: { fallbackURL: '/offline.html' } },
      },
    ],
  },
}
