import type { VisitInput } from '../../domain/visits/api'
import type { ObservationLevel, VisitDimension, VisitType } from '../../domain/visits/limits'
import { JPEG_DATA_URL_PREFIX } from '../../domain/photo'
import { MAX_VISIT_NOTE, MAX_VISIT_NOTES, MAX_VISIT_PHOTO_CHARS, VISIT_DIMENSIONS } from '../../domain/visits/limits'

// The visit form's draft and its checks: pure, so they are tested without a browser. The limits
// are the contract's (src/domain/visits/api.ts), so what the phone accepts the server accepts.

export interface DimensionDraft {
  level: ObservationLevel | ''
  note: string
}

export interface VisitLocation { lat: number, lng: number, accuracyM: number }

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
    household: null,
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
  return { ...fresh, ...draft, dimensions: { ...fresh.dimensions, ...draft.dimensions } }
}

export function hasUrgentDimension(draft: VisitDraft): boolean {
  return VISIT_DIMENSIONS.some(d => draft.dimensions[d].level === 'urgent')
}

/** An error to show: an i18n key under visits.form.errors and its parameters. */
export interface FieldError { key: string, params?: Record<string, number> }
export type FormErrors = Partial<Record<string, FieldError>>

/** Field names (also the inputs' names): type, note.<dimension>, urgentNote, notes, photo. */
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
  }
}
