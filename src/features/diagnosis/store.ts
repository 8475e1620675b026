import type { DiagnosisAnswers, DiagnosisResult } from '../../domain/diagnosis'
import type { ItemCode } from '../../domain/items'
import type { ResolvedRegion } from '../../domain/regions'
import type { DiagnosisDraft } from './draft'
import type { StepId } from './steps'
import { until } from '@vueuse/core'
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed } from 'vue'
import { plainCopy, useStoredState } from '../../app/composables/useStoredState'
import { diagnose } from '../../domain/diagnosis/engine'
import { isItemCode } from '../../domain/items'
import { resolveRegion } from '../../domain/regions/resolve'
import { emptyDraft, parseDraft } from './draft'
import { completeAnswers, isStepId, STEP_IDS } from './steps'

/** The questionnaire as stored on the device: the answers so far and the screen to resume on. */
export interface Questionnaire {
  draft: DiagnosisDraft
  step: StepId
}

/** What "申请这些项目" carries into the application (issue #4), so nothing is typed twice. */
export interface ApplicationHandoff {
  items: ItemCode[]
  answers: DiagnosisAnswers
  /** ISO time the person chose the items */
  createdAt: string
}

export interface DiagnosisOutcome {
  region: ResolvedRegion
  results: DiagnosisResult[]
}

const QUESTIONNAIRE_KEY = 'diagnosis.questionnaire'
export const HANDOFF_KEY = 'diagnosis.handoff'

function emptyQuestionnaire(): Questionnaire {
  return { draft: emptyDraft(), step: STEP_IDS[0] }
}

function parseQuestionnaire(value: unknown): Questionnaire {
  const stored = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof Questionnaire, unknown>>
  return { draft: parseDraft(stored.draft), step: isStepId(stored.step) ? stored.step : STEP_IDS[0] }
}

// A light check only: the application validates the answers again, on the server too.
function parseHandoff(value: unknown): ApplicationHandoff | null {
  const stored = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof ApplicationHandoff, unknown>>
  const answers = stored.answers as Partial<DiagnosisAnswers> | undefined
  if (!Array.isArray(answers?.members) || !Array.isArray(stored.items) || typeof stored.createdAt !== 'string')
    return null
  return { items: stored.items.filter(isItemCode), answers: answers as DiagnosisAnswers, createdAt: stored.createdAt }
}

/**
 * Self-diagnosis answers on this device. Results are computed here with the shared engine,
 * not by the API, so that the questionnaire works offline; the API serves other channels.
 */
export const useDiagnosisStore = defineStore('diagnosis', () => {
  const questionnaire = useStoredState(QUESTIONNAIRE_KEY, emptyQuestionnaire, { parse: parseQuestionnaire })
  const handoffState = useStoredState<ApplicationHandoff | null>(HANDOFF_KEY, () => null, { parse: parseHandoff })

  const ready = computed(() => questionnaire.ready.value && handoffState.ready.value)
  /** answers from an earlier visit were loaded */
  const restored = computed(() => questionnaire.restored.value)
  /** the device cannot keep the answers (no IndexedDB): they live until the tab closes */
  const storageError = computed(() => questionnaire.error.value)
  const draft = computed(() => questionnaire.state.value.draft)
  const step = computed<StepId>({
    get: () => questionnaire.state.value.step,
    set: (value) => {
      questionnaire.state.value.step = value
    },
  })
  const answers = computed(() => completeAnswers(draft.value))
  const handoff = computed(() => handoffState.state.value)

  /**
   * Results, likely first; null while the answers are incomplete. Reasons are texts worded where
   * they are shown, so a change of language re-words them without diagnosing again. Nothing of
   * the result is stored: it is computed from the stored answers on every visit.
   */
  const outcome = computed<DiagnosisOutcome | null>(() => {
    const a = answers.value
    const region = a ? resolveRegion(a.region) : null
    if (!a || !region)
      return null
    return { region, results: diagnose(a, region) }
  })

  function startApplication(items: ItemCode[]) {
    if (!answers.value)
      throw new Error('the questionnaire is not complete')
    handoffState.state.value = { items: [...items], answers: structuredClone(answers.value), createdAt: new Date().toISOString() }
  }

  /** "重新自诊": forget the answers (a chosen application stays until the application takes it). */
  async function reset() {
    await questionnaire.clear()
  }

  /** The answers as they are kept, to carry from a kiosk to the resident's phone. */
  function exportAnswers(): Questionnaire {
    return plainCopy(questionnaire.state.value)
  }

  /** Takes over answers carried from a kiosk (checked like stored ones), on the same screen. */
  async function importAnswers(value: unknown) {
    await until(questionnaire.ready).toBe(true)
    questionnaire.state.value = parseQuestionnaire(value)
  }

  /** Everything, on a kiosk reset or a shared device. */
  async function wipe() {
    await Promise.all([questionnaire.clear(), handoffState.clear()])
  }

  return { ready, restored, storageError, draft, step, answers, handoff, outcome, startApplication, reset, wipe, exportAnswers, importAnswers }
})

if (import.meta.hot)
  import.meta.hot.accept(acceptHMRUpdate(useDiagnosisStore, import.meta.hot))
