import type { MemberDraft } from './draft'

// Small wording helpers shared by the steps; `t` is vue-i18n's translate of the caller.
type Translate = (key: string, params?: Record<string, unknown>) => string

/** "第 2 位：配偶，45 岁", so that a person knows whom a question is about. */
export function memberLabel(t: Translate, index: number, member: MemberDraft): string {
  const relation = t(`diagnosis.relations.${member.relation ?? 'other'}`)
  return member.age === null
    ? t('diagnosis.members.label', { n: index + 1, relation })
    : t('diagnosis.members.labelWithAge', { n: index + 1, relation, age: member.age })
}

export function yesNo(t: Translate): { value: boolean, label: string }[] {
  return [
    { value: true, label: t('diagnosis.yes') },
    { value: false, label: t('diagnosis.no') },
  ]
}
