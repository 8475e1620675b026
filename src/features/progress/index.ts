/** What other parts of the PWA may use of this feature (the import boundary of issue #17: scripts/eslint/boundaries.js). */
export { useNotificationBadge } from './notifications'
export { statusTone } from './timeline'
