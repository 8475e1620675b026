// The assistance items of the layered system (分层分类). The codes are used everywhere
// (API, data, routing), so this list is the single source of truth for them.
// Source: /work/shared/policy-brief.md §1, 粤府办〔2024〕12号 (seed 002).
export const ITEM_CODES = [
  'dibao',
  'dibao_edge',
  'expense_hardship',
  'tekun',
  'medical',
  'education',
  'housing',
  'employment',
  'disaster',
  'temporary',
  'vagrant',
  'disability_allowance',
  'electricity',
  'funeral',
  'two_cancers',
  'child_rehab',
  'orphan',
] as const

export type ItemCode = typeof ITEM_CODES[number]

export function isItemCode(value: unknown): value is ItemCode {
  return typeof value === 'string' && (ITEM_CODES as readonly string[]).includes(value)
}

export const LAYERS = ['basic', 'special', 'emergency', 'other'] as const
export type Layer = typeof LAYERS[number]

// The departments' long names (domain.departments in the catalogs) say where a resident actually
// goes: most items start at the township (乡镇/街道) window or online, and the brief's "一证通办"
// routes them on.
export const DEPARTMENT_CODES = [
  'mingzheng',
  'yibao',
  'jiaoyu',
  'zhujian',
  'renshe',
  'yingji',
  'canlian',
  'fulian',
  'dianli',
] as const

export type DepartmentCode = typeof DEPARTMENT_CODES[number]

/**
 * What to bring, one code per document: the documents most means-tested items share (the brief's
 * "一证一书", ID and authorisation; proof of status; a bank account) are one entry each. Worded in
 * the locale catalogs (src/domain/vocabulary.ts).
 */
export const DOCUMENT_CODES = [
  'applicant_id',
  'authorisation',
  'status_proof',
  'bank_account',
  'income_wages',
  'income',
  'disability_or_records',
  'single_person_records',
  'medical_bills_records',
  'education_receipts',
  'disability_or_diagnosis_if_any',
  'supporters_statement',
  'id_or_insurance_card',
  'hospital_bills',
  'insurance_settlement',
  'student_proof',
  'tuition_receipts',
  'housing_proof',
  'id_card',
  'employment_card',
  'training_documents',
  'damage_description',
  'damage_confirmation',
  'hardship_proof',
  'nothing_needed',
  'disability_certificate',
  'dibao_tekun_proof',
  'electricity_account',
  'deceased_id',
  'death_certificate',
  'agent_id',
  'cancer_diagnosis',
  'child_birth_proof',
  'disability_or_diagnosis',
  'guardian_id',
  'residence_permit',
  'child_id',
  'parents_proof',
  'situation_statement',
] as const

export type DocumentCode = typeof DOCUMENT_CODES[number]

export interface ItemInfo {
  code: ItemCode
  layer: Layer
  department: DepartmentCode
  documents: readonly DocumentCode[]
}

export const ITEMS: Record<ItemCode, ItemInfo> = {
  dibao: { code: 'dibao', layer: 'basic', department: 'mingzheng', documents: ['applicant_id', 'authorisation', 'income_wages', 'disability_or_records', 'bank_account'] },
  dibao_edge: { code: 'dibao_edge', layer: 'basic', department: 'mingzheng', documents: ['applicant_id', 'authorisation', 'income_wages', 'single_person_records'] },
  expense_hardship: { code: 'expense_hardship', layer: 'basic', department: 'mingzheng', documents: ['applicant_id', 'authorisation', 'medical_bills_records', 'education_receipts', 'income'] },
  tekun: { code: 'tekun', layer: 'basic', department: 'mingzheng', documents: ['applicant_id', 'authorisation', 'disability_or_diagnosis_if_any', 'supporters_statement'] },
  medical: { code: 'medical', layer: 'special', department: 'yibao', documents: ['id_or_insurance_card', 'status_proof', 'hospital_bills', 'insurance_settlement'] },
  education: { code: 'education', layer: 'special', department: 'jiaoyu', documents: ['applicant_id', 'student_proof', 'status_proof', 'tuition_receipts'] },
  housing: { code: 'housing', layer: 'special', department: 'zhujian', documents: ['applicant_id', 'authorisation', 'status_proof', 'housing_proof'] },
  employment: { code: 'employment', layer: 'special', department: 'renshe', documents: ['id_card', 'employment_card', 'status_proof', 'training_documents'] },
  disaster: { code: 'disaster', layer: 'special', department: 'yingji', documents: ['id_card', 'damage_description', 'damage_confirmation'] },
  temporary: { code: 'temporary', layer: 'emergency', department: 'mingzheng', documents: ['id_card', 'authorisation', 'hardship_proof', 'bank_account'] },
  vagrant: { code: 'vagrant', layer: 'emergency', department: 'mingzheng', documents: ['nothing_needed'] },
  disability_allowance: { code: 'disability_allowance', layer: 'other', department: 'canlian', documents: ['applicant_id', 'disability_certificate', 'status_proof', 'bank_account'] },
  electricity: { code: 'electricity', layer: 'other', department: 'dianli', documents: ['id_card', 'dibao_tekun_proof', 'electricity_account'] },
  funeral: { code: 'funeral', layer: 'other', department: 'mingzheng', documents: ['deceased_id', 'death_certificate', 'status_proof', 'agent_id'] },
  two_cancers: { code: 'two_cancers', layer: 'other', department: 'fulian', documents: ['id_card', 'cancer_diagnosis', 'status_proof', 'bank_account'] },
  child_rehab: { code: 'child_rehab', layer: 'other', department: 'canlian', documents: ['child_birth_proof', 'disability_or_diagnosis', 'guardian_id', 'residence_permit'] },
  orphan: { code: 'orphan', layer: 'other', department: 'mingzheng', documents: ['child_id', 'parents_proof', 'guardian_id', 'situation_statement'] },
}
