/** What the service worker (src/app/sw.ts) may run of this feature: a public entry of its own, so the worker's bundle holds no stores or views. */
export { syncVisitsInServiceWorker, VISITS_SYNC_TAG } from './background-sync'
