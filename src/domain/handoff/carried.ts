// What a kiosk hand-off carries besides the session (issue #16): everything the person typed on
// the screen they continue on the phone. Zod-free: the PWA and the server share it.
import { isRecord } from '../record'

/**
 * A signed-in resident may carry more than an anonymous visitor: an application draft (at most
 * MAX_DRAFT_BYTES), or a small need with its photo (MAX_NEED_PHOTO_CHARS). Below the server's
 * body limit; a hand-off lives three minutes and is erased when the phone takes it.
 */
export const HANDOFF_MAX_SIGNED_IN_PAYLOAD_CHARS = 1_000_000

/** What is carried, each part only for the screen that has it. */
export interface CarriedWork {
  /** the self-diagnosis answers kept on the kiosk (/diagnosis) */
  diagnosis?: unknown
  /** the application draft, when the resident's account cannot carry it (/apply, not bound yet) */
  application?: unknown
  /** form drafts of the screen (useDraft keys → what was typed), see typedDraftsOf */
  forms?: Record<string, unknown>
}

/**
 * The form drafts (useDraft keys) each screen keeps of what is typed on it. A hand-off carries
 * only these: the phone number typed at sign-in, or a draft of another screen, stays behind.
 */
const TYPED_DRAFTS: readonly { screen: RegExp, draft: (key: string) => boolean }[] = [
  // 查进度 by application number (EnquiryForm)
  { screen: /^\/progress$/, draft: key => key === 'enquiry' },
  // 补充材料 the office asked for, per case (AnswerForm)
  { screen: /^\/progress\/[\w-]+$/, draft: key => /^answer\.[\w-]{1,64}$/.test(key) },
  // confirming and rating a delivered need (ConfirmForm)
  { screen: /^\/needs$/, draft: key => /^needs\.confirm\.[\w-]{1,64}$/.test(key) },
  // a new need (NeedPostPage)
  { screen: /^\/needs\/new$/, draft: key => key === 'needs.new' },
]

/** Whether the form draft `key` belongs to the screen `target` and travels with its hand-off. */
export function isTypedDraftOf(target: string, key: string): boolean {
  return TYPED_DRAFTS.some(rule => rule.screen.test(target) && rule.draft(key))
}

/** The screen whose state is the application draft. */
export function carriesApplication(target: string): boolean {
  return target === '/apply'
}

/** Marks a stored payload of this shape; rows written before it held the diagnosis answers alone. */
const ENVELOPE = 2

/** The hand-off's stored payload: null when nothing is carried. */
export function packCarried(work: CarriedWork): string | null {
  const parts = Object.fromEntries(Object.entries(work).filter(([, value]) => value !== undefined))
  return Object.keys(parts).length === 0 ? null : JSON.stringify({ carried: ENVELOPE, ...parts })
}

/** Reads a stored payload back; a payload of the first version is the diagnosis answers. */
export function unpackCarried(payload: string | null): CarriedWork {
  if (payload === null)
    return {}
  const value = JSON.parse(payload) as unknown
  if (!isRecord(value) || value.carried !== ENVELOPE)
    return { diagnosis: value }
  const work: CarriedWork = {}
  if (value.diagnosis !== undefined)
    work.diagnosis = value.diagnosis
  if (value.application !== undefined)
    work.application = value.application
  if (isRecord(value.forms))
    work.forms = value.forms
  return work
}
