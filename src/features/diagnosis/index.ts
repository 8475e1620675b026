/** What other parts of the PWA may use of this feature (the import boundary of issue #17: scripts/eslint/boundaries.js). */
export type { ApplicationHandoff } from './store'
export { useDiagnosisStore } from './store'
