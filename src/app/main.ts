import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import './styles.css'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(router)
app.mount('#app')
// Visitors only (issue #6): visits saved offline go out on app start and when the network comes
// back, and the happiness-code keys for checking codes offline are refreshed. Loaded lazily:
// residents never download either.
void import('../features/visits/autosync').then(m => m.startVisitSync())
