/** What other parts of the PWA may use of this feature (the import boundary of issue #17: scripts/eslint/boundaries.js). */
export type { HouseholdCode } from './api'
export { regenerateHouseholdCode } from './api'
export { formatListAge } from './list-age'
export type { HouseholdTokenCheck } from './offline-keys'
export { learnRevoked, startKeyRefresh, verifyHouseholdToken } from './offline-keys'
