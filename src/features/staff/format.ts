import type { CaseStatus } from '../../domain/application/case-status'
import { asLocale } from '../../app/i18n'
import { CASE_STATUS_NAMES } from '../../domain/application/labels'

/** Dates and times as staff read them, in the reader's language. */
export function formatDateTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
}

export function formatDate(iso: string, locale: string): string {
  return new Date(iso).toLocaleDateString(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })
}

/** Case status in the reader's language, from the shared case labels. */
export function caseStatusName(status: CaseStatus, locale: string): string {
  return CASE_STATUS_NAMES[status][asLocale(locale)]
}
