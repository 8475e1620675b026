import type { ItemCode } from '../../domain/items'
import type { Lang } from '../../domain/lang'
import type { WarningDetail } from './api'
import { formatYuan } from '../../domain/happiness-list/money'
import { yuanToFen } from '../../domain/money'
import { formatDate } from '../../domain/time'
import { itemNameKey } from '../../domain/vocabulary'

// What a warning's page words that the server sends as codes and numbers: a signal's payload
// (amounts in fen, certificate grades, school levels, what a volunteer saw), the warning's figures
// and the region figures it used. A field this file does not know is shown as sent: better
// plain than hidden.

export interface Words {
  t: (key: string, params?: Record<string, unknown>) => string
  /** whether the catalogs have the key (vue-i18n's te) */
  te: (key: string) => boolean
  lang: Lang
}

export interface Line {
  key: string
  label: string
  value: string
}

function yuan(fen: number, w: Words): string {
  return w.t('warnings.units.yuan', { amount: formatYuan(fen, w.lang) })
}

/** A code worded by its catalog key, or the code itself when the catalog has no word for it. */
function coded(prefix: string, code: unknown, w: Words): string {
  const key = `${prefix}.${String(code)}`
  return w.te(key) ? w.t(key) : String(code)
}

function itemName(item: unknown, w: Words): string {
  const key = itemNameKey(String(item) as ItemCode)
  return w.te(key) ? w.t(key) : String(item)
}

function list(values: unknown, word: (value: unknown) => string, w: Words): string {
  return Array.isArray(values) ? values.map(word).join(w.t('domain.listSeparator')) : String(values)
}

function plain(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value)
}

function payloadValue(key: string, value: unknown, w: Words): string {
  switch (key) {
    case 'amountFen':
      return typeof value === 'number' ? yuan(value, w) : plain(value)
    case 'grade':
      return w.t('warnings.units.grade', { grade: coded('reasons.grades', value, w) })
    case 'category':
      return coded('warnings.categories', value, w)
    case 'level':
      return coded('warnings.levels', value, w)
    case 'status':
      return coded('warnings.studentStatus', value, w)
    case 'seen':
      return list(value, code => coded('warnings.seen', code, w), w)
    case 'items':
      return list(value, item => itemName(item, w), w)
    default:
      return plain(value)
  }
}

/** What a signal carries, one line per field, in the order the server sent them. */
export function payloadLines(payload: Record<string, unknown>, w: Words): Line[] {
  return Object.entries(payload)
    .filter(([, value]) => value !== '' && value !== null && value !== undefined)
    .map(([key, value]) => ({ key, label: coded('warnings.payload', key, w), value: payloadValue(key, value, w) }))
}

/** The numbers the rule compared: money in yuan, months, an age, a certificate grade. */
export function figureLines(figures: Record<string, number>, w: Words): Line[] {
  return Object.entries(figures).map(([key, value]) => {
    let shown: string
    if (key.endsWith('Fen'))
      shown = yuan(value, w)
    else if (key === 'months')
      shown = w.t('warnings.units.months', { count: value })
    else if (key === 'age')
      shown = w.t('warnings.units.age', { age: value })
    else if (key === 'grade')
      shown = w.t('warnings.units.grade', { grade: coded('reasons.grades', value, w) })
    else
      shown = String(value)
    return { key, label: coded('warnings.figures', key, w), value: shown }
  })
}

/** A region figure the rule used, with its source and the day it applies from. */
export function basisLines(basis: WarningDetail['basis'], w: Words): (Line & { source: string })[] {
  return basis.map((b) => {
    let shown: string
    if (b.key === 'medicalWarningYuan')
      shown = yuan(yuanToFen(b.value), w)
    else if (b.key === 'warningVerifyWorkingDays')
      shown = w.t('warnings.units.workingDays', { count: b.value })
    else
      shown = String(b.value)
    return { key: b.key, label: coded('warnings.basisKeys', b.key, w), value: shown, source: w.t('warnings.detail.basisSource', { source: b.source, date: formatDate(b.effectiveFrom, w.lang) }) }
  })
}
