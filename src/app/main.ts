import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { loadHttp } from '../api/client'
import { afterFirstPage } from './after-first-page'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import { yieldToMain } from './yield-to-main'
import './styles.css'

// Three tasks where there was one (issue #18): the shell's modules are evaluated; the router starts
// the first page's navigation (its files and the session are asked for); then the app mounts.
void yieldToMain().then(async () => {
  const app = createApp(App)
  app.use(createPinia())
  app.use(i18n)
  app.use(router)
  await yieldToMain()
  app.mount('#app')
})
// Visitors only (issue #6): visits saved offline go out on app start and when the network comes
// back, and the happiness-code keys for checking codes offline are refreshed. Loaded lazily, once
// the first page shows: residents never download more than this check (it asks for the session).
afterFirstPage(router, () => void import('../features/visits/autosync').then(m => m.startVisitSync()))
// The HTTP client (axios) is not in the app shell (issue #18); a page that needs the session has
// asked for it already. Otherwise (sign-in, self-diagnosis) it loads once the first page shows and
// the phone is idle, so that the first tap that calls the server does not wait for it. A failed
// load needs nothing here: the next call tries again and reports a network error itself.
afterFirstPage(router, () => void loadHttp().catch(() => undefined))
