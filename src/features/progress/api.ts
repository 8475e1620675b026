import type { EnquiryBody, EnquiryResult, NotificationList } from '../../domain/application/resident-api'
import type { ApplicationView, CaseView } from '../../domain/application/schemas'
import { get, post } from '../../api/client'

// Typed calls of the issue #4 contract (.scratch/issue4-api.md) for following an application.
// Types only from src/domain/application: their zod schemas stay out of the bundle.

export function fetchApplications(): Promise<{ applications: ApplicationView[] }> {
  return get('/applications')
}

export function fetchApplication(id: string): Promise<ApplicationView> {
  return get(`/applications/${encodeURIComponent(id)}`)
}

export function withdrawCase(caseId: string, note?: string): Promise<CaseView> {
  return post(`/cases/${encodeURIComponent(caseId)}/withdraw`, note ? { note } : {})
}

export function answerCase(caseId: string, body: { text: string, attachmentIds?: string[] }): Promise<CaseView> {
  return post(`/cases/${encodeURIComponent(caseId)}/answer`, body)
}

export function fetchNotifications(): Promise<NotificationList> {
  return get('/notifications')
}

/** No ids = all. */
export function markNotificationsRead(ids?: string[]): Promise<{ unread: number }> {
  return post('/notifications/read', ids ? { ids } : {})
}

/** idSuffix: the last 6 characters of the applicant's ID number. 404 for a wrong pair, 429 after 10 tries an hour. */
export function enquire(body: EnquiryBody): Promise<EnquiryResult> {
  return post('/enquiry', body)
}
