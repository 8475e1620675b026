/** What other parts of the PWA may use of this feature (the import boundary of issue #17: scripts/eslint/boundaries.js). */
export { forgetCards, knownCard, rememberCard } from './card-memory'
export { clearOutbox, pendingCount, saveVisit } from './outbox'
export { useVisitsStore } from './store'
