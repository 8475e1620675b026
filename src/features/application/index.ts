/** What other parts of the PWA may use of this feature (the import boundary of issue #17: scripts/eslint/boundaries.js). */
export { uploadAttachment } from './api'
export type { StoredDraft } from './draft'
export { parseDraft } from './draft'
export { serverCopy } from './input'
export { useApplicationStore } from './store'
