// Codes of a benefit record that the PWA needs without loading zod (record.ts re-exports them).

export const BENEFIT_KINDS = ['cash', 'subsidy', 'fee_waiver', 'in_kind', 'service', 'insurance_premium'] as const
export type BenefitKind = typeof BENEFIT_KINDS[number]
/** Kinds measured by quantity and unit (10 kg of rice, 8 hours of care) rather than money. */
export const QUANTITY_KINDS: readonly BenefitKind[] = ['in_kind', 'service']

/** granted 已核定 (decided, not paid yet) · paid 已发放 · stopped 已停发 · recovered 已追回 */
export const BENEFIT_STATUSES = ['granted', 'paid', 'stopped', 'recovered'] as const
export type BenefitStatus = typeof BENEFIT_STATUSES[number]
/** approval: made by this system from an approval (always granted) · feed, import: a department's word */
export const BENEFIT_SOURCES = ['approval', 'feed', 'import'] as const
export type BenefitSource = typeof BENEFIT_SOURCES[number]
