import type { ApplicationStart, AttachmentInfo, AttachmentUploadBody, DraftResponse } from '../../domain/application/resident-api'
import type { ApplicationInput, ApplicationView } from '../../domain/application/schemas'
import { del, get, post, put } from '../../api/client'

// Typed calls of the issue #4 contract (.scratch/issue4-api.md), resident side. Types only
// from src/domain/application: their zod schemas stay out of the bundle.

/** data: base64 without the data: prefix, at most 500 KB decoded. */
export function uploadAttachment(body: AttachmentUploadBody): Promise<AttachmentInfo> {
  return post('/attachments', body)
}

export type ServerDraft = DraftResponse

export function fetchServerDraft(): Promise<ServerDraft> {
  return get('/application-draft')
}

export function saveServerDraft(draft: unknown): Promise<{ savedAt: string }> {
  return put('/application-draft', { draft })
}

export function deleteServerDraft(): Promise<ServerDraft> {
  return del('/application-draft')
}

/** The bound household's registered members (the applicant first) and the items it already holds. */
export function fetchApplicationStart(): Promise<ApplicationStart> {
  return get('/application-start')
}

/** 201 the first time; the same idempotencyKey again returns the same application (200). */
export function submitApplication(body: ApplicationInput): Promise<ApplicationView> {
  return post('/applications', body)
}

export function fetchApplication(id: string): Promise<ApplicationView> {
  return get(`/applications/${encodeURIComponent(id)}`)
}
