import type { CaseAction, CaseStatus } from '../src/domain/application/case-status'
import type { ErrorCode } from '../src/domain/http/errors'
import type { ItemCode } from '../src/domain/items'
import type { Lang } from '../src/domain/lang'
import type serverZhCN from './locales/zh-CN.json'
import { ERROR_CODES } from '../src/domain/http/errors'
import { formatMonth } from '../src/domain/time'
import { caseActionKey, caseStatusKey, itemNameKey } from '../src/domain/vocabulary'
import { hasMessage, translate } from './catalog'

/**
 * The client says which language it shows (its first Accept-Language tag): English gets English,
 * traditional Chinese (zh-TW, zh-HK, zh-MO, zh-Hant…) gets 繁體中文, anything else simplified Chinese.
 */
export function langOf(acceptLanguage: string | undefined): Lang {
  const [first = ''] = acceptLanguage?.split(/[,;]/) ?? []
  const tag = first.trim().toLowerCase()
  if (tag.startsWith('en'))
    return 'en'
  return /^zh-(?:hant|tw|hk|mo)(?:-|$)/.test(tag) ? 'zh-TW' : 'zh-CN'
}

/**
 * More precise wordings for some errors (server.details in server/locales): the code stays the
 * stable one (conflict, forbidden), the message says why.
 */
export type DetailMessage = keyof typeof serverZhCN.server.details

/**
 * The label of a field path (server.fields), so that a validation message says which box is
 * wrong: its last named part (authorisations.1 → 核对授权书, members.0.name → 姓名), or the path
 * itself when it has no label.
 */
export function fieldLabel(lang: Lang, field: string): string {
  const leaf = field.split('.').filter(part => !/^\d+$/.test(part)).pop() ?? field
  return hasMessage(`server.fields.${leaf}`) ? translate(lang, `server.fields.${leaf}`) : field
}

/** An error's message (server.details, else server.errors) with its parameters worded in `lang`. */
export function message(lang: Lang, code: ErrorCode | DetailMessage, params: Record<string, string | number> = {}): string {
  const key = hasMessage(`server.details.${code}`) ? `server.details.${code}` : `server.errors.${code}`
  return translate(lang, key, Object.fromEntries(Object.entries(params).map(([name, value]) => [name, localizedParam(lang, name, value)])))
}

/**
 * Parameters that travel as codes (case statuses, actions, items), by name: the key that names
 * them. A value that is no such code has no message and is shown as it is.
 */
const CODE_PARAMS = new Map<string, (code: string) => string>([
  ['status', code => caseStatusKey(code as CaseStatus)],
  ['action', code => caseActionKey(code as CaseAction)],
  ['item', code => itemNameKey(code as ItemCode)],
])

/** A code named in the reader's language, a month ("since") as every screen writes it. */
function localizedParam(lang: Lang, name: string, value: string | number): string | number {
  if (typeof value !== 'string')
    return value
  const key = CODE_PARAMS.get(name)?.(value)
  if (key && hasMessage(key))
    return translate(lang, key)
  return name === 'since' ? formatMonth(value, lang) : value
}

export function isErrorCode(value: string): value is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(value)
}
