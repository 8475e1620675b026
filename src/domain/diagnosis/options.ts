// Choices of the self-diagnosis questionnaire, apart from the zod schema so that the PWA's
// questionnaire screens can use them without loading zod.

export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other'] as const
export const STUDENT_LEVELS = ['none', 'preschool', 'compulsory', 'high_school', 'college'] as const
export const HOUSING_SITUATIONS = ['adequate', 'renting_hardship', 'unsafe', 'none'] as const
// What a household can already be receiving; the other items are found by the engine.
export const RECEIVABLE_ITEMS = ['dibao', 'dibao_edge', 'tekun'] as const
// As on the ID card; asked because some items are for women only (两癌).
export const SEXES = ['female', 'male'] as const
// 0 = no disability certificate; 1 is the most severe grade.
export const DISABILITY_GRADES = [0, 1, 2, 3, 4] as const

export type Relation = typeof RELATIONS[number]
export type Sex = typeof SEXES[number]
export type StudentLevel = typeof STUDENT_LEVELS[number]
export type HousingSituation = typeof HOUSING_SITUATIONS[number]
export type ReceivableItem = typeof RECEIVABLE_ITEMS[number]
