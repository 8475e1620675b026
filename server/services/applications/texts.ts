import type { CaseStatus, NoteCode } from '../../../src/domain/application/case-status'
import type { ItemCode } from '../../../src/domain/items'
import type { Lang } from '../../../src/domain/lang'
import { formatDate } from '../../../src/domain/time'
import { caseStatusKey, itemNameKey } from '../../../src/domain/vocabulary'
import { hasMessage, translate } from '../../catalog'

// Words the server writes for residents (server/locales): system notes on the timeline, what to
// do now, and notifications. Stored as codes + params, worded when read, so each reader gets their
// language.

export function noteText(lang: Lang, code: NoteCode | null, note: string | null): string | null {
  return code ? translate(lang, `server.notes.${code}`) : note
}

/** What the resident must do now for a case, or null. */
export function residentTodo(lang: Lang, status: CaseStatus, infoRequest: string | null): string | null {
  if (status === 'need_more_info')
    return translate(lang, 'server.todo.needInfo', { request: infoRequest ?? '' })
  return null
}

export type NotificationParams = Record<string, string | number | null>

/** The text of a stored notification in the reader's language (its code when no longer known). */
export function notificationText(lang: Lang, code: string, params: NotificationParams): string {
  const key = `server.notifications.${code}`
  if (!hasMessage(key))
    return code
  const plain = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, value ?? '']))
  return translate(lang, key, {
    ...plain,
    item: codeName(lang, code => itemNameKey(code as ItemCode), params.item),
    status: codeName(lang, code => caseStatusKey(code as CaseStatus), params.status),
    // A small wish claimed by someone of no organisation: "a volunteer", in the reader's language.
    organisation: params.organisation ?? translate(lang, 'server.volunteer'),
    // Dates as every screen shows them (src/domain/time.ts), not as stored.
    ...(typeof params.startDate === 'string' ? { startDate: formatDate(params.startDate, lang) } : {}),
  })
}

/** An item or case status stored as a code, in the reader's language; nothing when it is no such code. */
function codeName(lang: Lang, keyOf: (code: string) => string, value: string | number | null | undefined): string {
  return typeof value === 'string' && hasMessage(keyOf(value)) ? translate(lang, keyOf(value)) : ''
}
