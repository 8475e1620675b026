import type { VisitInput } from '../../domain/visits/api'
import type { ObservationLevel, VisitDimension, VisitReferralCode, VisitType } from '../../domain/visits/limits'
import { JPEG_DATA_URL_PREFIX } from '../../domain/photo'
import { MAX_REFERRAL_NOTE, MAX_VISIT_NOTE, MAX_VISIT_NOTES, MAX_VISIT_PHOTO_CHARS, REFERRAL_NEEDS_NOTE, VISIT_DIMENSIONS, VISIT_REFERRAL_CODES } from '../../domain/visits/limits'

// The visit form's draft and its checks: pure, so they are tested without a browser. The limits
// are the contract's (src/domain/visits/api.ts), so what the phone accepts the server accepts.

export interface DimensionDraft {
  level: ObservationLevel | ''
  note: string
}

export interface VisitLocation { lat: number, lng: number, accuracyM: number }

/** 转介给工作人员 (issue #19): sent with the visit when anything seen is ticked. */
export interface ReferralDraft {
  seen: VisitReferralCode[]
  note: string
}

export interface VisitDraft {
  /** made when the form opens: saving twice (a double tap) stores one visit */
  clientId: string
  type: VisitType | ''
  dimensions: Record<VisitDimension, DimensionDraft>
  urgent: boolean
  urgentNote: string
  notes: string
  photo: { dataUrl: string, thumb: string } | null
  location: VisitLocation | null
  referral: ReferralDraft
  /** what the household card showed (masked), for the outbox list; null when not known */
  household: { maskedHeadName: string, villageName: string } | null
}

export function newDraft(clientId: string = globalThis.crypto.randomUUID()): VisitDraft {
  return {
    clientId,
    type: '',
    dimensions: Object.fromEntries(VISIT_DIMENSIONS.map(d => [d, { level: '', note: '' }])) as Record<VisitDimension, DimensionDraft>,
    urgent: false,
    urgentNote: '',
    notes: '',
    photo: null,
    location: null,
    referral: { seen: [], note: '' },
    household: null,
  }
}

/** A stored referral draft's known codes and note, or an empty one. */
function parseReferral(stored: unknown): ReferralDraft {
  const referral = (stored && typeof stored === 'object' ? stored : {}) as Partial<ReferralDraft>
  const seen = Array.isArray(referral.seen) ? referral.seen : []
  return {
    seen: VISIT_REFERRAL_CODES.filter(code => seen.includes(code)),
    note: typeof referral.note === 'string' ? referral.note : '',
  }
}

/** A stored draft from an earlier visit to the page (or an older app version): kept only if it still fits. */
export function parseDraft(stored: unknown): VisitDraft | undefined {
  if (!stored || typeof stored !== 'object')
    return undefined
  const draft = stored as Partial<VisitDraft>
  if (typeof draft.clientId !== 'string' || !draft.dimensions || typeof draft.dimensions !== 'object')
    return undefined
  const fresh = newDraft(draft.clientId)
  // Drafts of app versions before the referral have none: an empty one.
  return { ...fresh, ...draft, dimensions: { ...fresh.dimensions, ...draft.dimensions }, referral: parseReferral(draft.referral) }
}

export function hasUrgentDimension(draft: VisitDraft): boolean {
  return VISIT_DIMENSIONS.some(d => draft.dimensions[d].level === 'urgent')
}

/** An error to show: an i18n key under visits.form.errors and its parameters. */
export interface FieldError { key: string, params?: Record<string, number> }
export type FormErrors = Partial<Record<string, FieldError>>

/** Whether the visit goes with a referral: something seen is ticked. */
export function hasReferral(draft: VisitDraft): boolean {
  return draft.referral.seen.length > 0
}

/** Field names (also the inputs' names): type, note.<dimension>, urgentNote, notes, photo, referral.seen, referral.note. */
export function validateDraft(draft: VisitDraft): FormErrors {
  const errors: FormErrors = {}
  if (!draft.type)
    errors.type = { key: 'type' }
  for (const d of VISIT_DIMENSIONS) {
    if (draft.dimensions[d].note.trim().length > MAX_VISIT_NOTE)
      errors[`note.${d}`] = { key: 'tooLong', params: { max: MAX_VISIT_NOTE } }
  }
  // An urgent flag reaches town staff: they need to know what is needed.
  if (draft.urgent && !draft.urgentNote.trim())
    errors.urgentNote = { key: 'urgentNote' }
  else if (draft.urgentNote.trim().length > MAX_VISIT_NOTE)
    errors.urgentNote = { key: 'tooLong', params: { max: MAX_VISIT_NOTE } }
  if (draft.notes.trim().length > MAX_VISIT_NOTES)
    errors.notes = { key: 'tooLong', params: { max: MAX_VISIT_NOTES } }
  const referralNote = draft.referral.note.trim()
  // A note alone refers nothing: staff need to know what was seen.
  if (!hasReferral(draft) && referralNote)
    errors['referral.seen'] = { key: 'referralSeen' }
  if (draft.referral.seen.includes(REFERRAL_NEEDS_NOTE) && !referralNote)
    errors['referral.note'] = { key: 'referralNote' }
  else if (referralNote.length > MAX_REFERRAL_NOTE)
    errors['referral.note'] = { key: 'tooLong', params: { max: MAX_REFERRAL_NOTE } }
  if (draft.photo && (!draft.photo.dataUrl.startsWith(JPEG_DATA_URL_PREFIX) || draft.photo.dataUrl.length > MAX_VISIT_PHOTO_CHARS))
    errors.photo = { key: 'photo' }
  return errors
}

/** The request body for POST /api/visits; `visitedAt` is now, on the phone. */
export function toVisitInput(draft: VisitDraft, token: string, now: Date = new Date()): VisitInput {
  if (!draft.type)
    throw new Error('validate the draft first')
  const urgent = draft.urgent || hasUrgentDimension(draft)
  return {
    clientId: draft.clientId,
    token,
    type: draft.type,
    visitedAt: now.toISOString(),
    observations: VISIT_DIMENSIONS.flatMap((dimension) => {
      const { level, note } = draft.dimensions[dimension]
      return level ? [{ dimension, level, note: note.trim() }] : []
    }),
    urgent,
    urgentNote: urgent ? draft.urgentNote.trim() : '',
    notes: draft.notes.trim(),
    ...(draft.photo ? { photo: draft.photo.dataUrl } : {}),
    ...(draft.location ? { location: draft.location } : {}),
    // In the list's order, each once, whatever order they were ticked in.
    ...(hasReferral(draft) ? { referral: { seen: VISIT_REFERRAL_CODES.filter(code => draft.referral.seen.includes(code)), note: draft.referral.note.trim() } } : {}),
  }
}
