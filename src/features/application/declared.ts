import type { Lang } from '../../domain/lang'
import type { ApplicationForm } from './draft'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { formatYuan } from '../../domain/happiness-list/money'
import { maskIdNumber } from '../../domain/mask'
import { yuanToFen } from '../../domain/money'
import { isFromDiagnosis, needsVerification, roundYuan } from './draft'
import { DEPOSITS_RULES, INCOME_RULES, readNumber, VEHICLES_RULES } from './steps'

// What the household declares, in words, as the review step shows it and the adults sign it with
// the authorisation: the members with their incomes, who was left out and why, and the assets.

export function useDeclaredFacts(form: () => ApplicationForm) {
  const { t, locale } = useI18n()
  const yuan = (value: number) => formatYuan(yuanToFen(value), locale.value as Lang)
  const relation = (r: string | null) => (r ? t(`application.relations.${r}`) : '')

  const members = computed(() => form().members.map((m) => {
    const income = readNumber(m.income, INCOME_RULES)
    return {
      text: t('application.review.member', {
        name: m.name.trim(),
        relation: relation(m.relation),
        id: maskIdNumber(m.idNumber.trim().toUpperCase()),
        income: income === null ? '—' : yuan(income),
      }),
      unregistered: needsVerification(form(), m),
    }
  }))

  const removed = computed(() => form().removed.map(r => t('application.review.removed', {
    name: r.member.name,
    relation: relation(r.member.relation),
    id: maskIdNumber(r.member.idNumber),
    reason: t(`application.members.reasons.${r.reason}`),
  }) + (r.note.trim() ? t('application.members.removedNote', { note: r.note.trim() }) : '')))

  const assets = computed(() => {
    const { declaration, members: people } = form()
    const deposits = readNumber(declaration.deposits, DEPOSITS_RULES)
    const vehicles = readNumber(declaration.vehicles, VEHICLES_RULES)
    return {
      deposits: deposits === null
        ? '—'
        : t('application.review.deposits', { total: yuan(deposits), n: people.length, perCapita: yuan(roundYuan(deposits / Math.max(people.length, 1))) }),
      vehicles: vehicles === null ? '—' : t('application.review.vehicles', { n: vehicles }),
      housing: declaration.extraHousing === null
        ? '—'
        : t(declaration.extraHousing ? 'application.declaration.housingYes' : 'application.declaration.housingNo'),
      fromDiagnosis: isFromDiagnosis(declaration),
    }
  })

  return { members, removed, assets }
}
