export { diagnose, VERDICTS } from './engine'
export type { DiagnosisResult, Verdict } from './engine'
export {
  diagnosisAnswersSchema,
  DISABILITY_GRADES,
  HOUSING_SITUATIONS,
  memberSchema,
  RECEIVABLE_ITEMS,
  RELATIONS,
  SEXES,
  STUDENT_LEVELS,
} from './schema'
export type {
  DiagnosisAnswers,
  DiagnosisMember,
  HousingSituation,
  ReceivableItem,
  Relation,
  Sex,
  StudentLevel,
} from './schema'
