import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { loadHttp } from '../api/client'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import './styles.css'

/** How long the HTTP client's early load waits for an idle moment at most. */
const IDLE_LOAD_TIMEOUT_MS = 3000

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(router)
app.mount('#app')
// Visitors only (issue #6): visits saved offline go out on app start and when the network comes
// back, and the happiness-code keys for checking codes offline are refreshed. Loaded lazily:
// residents never download either.
void import('../features/visits/autosync').then(m => m.startVisitSync())
// The HTTP client (axios) is not in the app shell (issue #18); a page that needs the session has
// asked for it already. Otherwise (sign-in, self-diagnosis) it loads once the first page shows and
// the phone is idle, so that the first tap that calls the server does not wait for it. A failed
// load needs nothing here: the next call tries again and reports a network error itself.
void router.isReady().then(() => {
  const load = () => void loadHttp().catch(() => undefined)
  if ('requestIdleCallback' in window)
    requestIdleCallback(load, { timeout: IDLE_LOAD_TIMEOUT_MS })
  else
    setTimeout(load, 0)
})
