import type { CarriedWork } from '../../domain/handoff/carried'
import { until } from '@vueuse/core'
import { plainCopy } from '../../app/composables/useStoredState'
import { carriesApplication, isTypedDraftOf } from '../../domain/handoff/carried'
import { carriesDiagnosis } from '../../domain/handoff/targets'
import { isRecord } from '../../domain/record'

// 在手机上继续 carries everything typed on the screen (issue #16): the kiosk gathers it, the
// phone takes it before it opens the same screen. Which forms a screen has: domain/handoff/carried.ts.
// The features' stores are imported when needed: a kiosk loads this on every screen.

/** Where useDraft keeps each form in sessionStorage (src/app/composables/useDraft.ts; carry.spec.ts checks). */
export const DRAFT_PREFIX = 'xfm.draft.'

export type CarryProblem = 'photos' | 'too_large'

/** What was typed cannot go along: the kiosk says so rather than open the phone without it. */
export class CarryError extends Error {
  constructor(readonly problem: CarryProblem) {
    super(problem)
  }
}

/** The form drafts of the screen, as useDraft keeps them; undefined when nothing was typed. */
export function typedDraftsOf(target: string): Record<string, unknown> | undefined {
  const forms: Record<string, unknown> = {}
  for (const name of Object.keys(sessionStorage)) {
    const key = name.slice(DRAFT_PREFIX.length)
    if (!name.startsWith(DRAFT_PREFIX) || !isTypedDraftOf(target, key))
      continue
    try {
      const value = JSON.parse(sessionStorage.getItem(name) ?? 'null') as unknown
      if (isRecord(value))
        forms[key] = value
    }
    catch (error) {
      // Not written by useDraft: the screen would not read it either.
      console.warn(`form draft ${key} is not JSON, left behind`, error)
    }
  }
  return Object.keys(forms).length > 0 ? forms : undefined
}

/** Puts the carried form drafts where the screen's forms read them (only the screen's own). */
export function keepTypedDrafts(target: string, forms: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(forms)) {
    if (isTypedDraftOf(target, key) && isRecord(value))
      sessionStorage.setItem(DRAFT_PREFIX + key, JSON.stringify(value))
  }
}

/**
 * The application draft, when the resident's account cannot carry it. A bound household's draft
 * is written to the account first and the phone, signed in as them, reads it there (nothing of it
 * in the hand-off); a resident who has not bound a household yet has it on this kiosk only.
 */
async function applicationToCarry(): Promise<unknown> {
  const [{ useApplicationStore }, { serverCopy }] = await Promise.all([import('../application'), import('../application')])
  const application = useApplicationStore()
  await until(() => application.ready).toBe(true)
  // Photos the kiosk could not upload yet exist on this machine only: up they go now.
  const waiting = application.form.attachments.filter(a => a.id === null && application.hasPhotoData(a.localId))
  const uploaded = await Promise.all(waiting.map(a => application.uploadPhoto(a.localId)))
  if (uploaded.includes(false))
    throw new CarryError('photos')
  await application.saveToServer()
  if (application.sync.state === 'failed')
    throw new Error(application.sync.error)
  if (application.sync.state === 'saved')
    return undefined
  // The same copy the account would keep (the diagnosis' verdicts stay here unless shared).
  const copy = serverCopy(plainCopy(application.draft))
  if (copy === null)
    throw new CarryError('too_large')
  return copy
}

/** Everything the phone needs besides the session to continue `target` as it is on the kiosk. */
export async function gatherCarried(target: string): Promise<CarriedWork> {
  const work: CarriedWork = {}
  if (carriesDiagnosis(target)) {
    const { useDiagnosisStore } = await import('../diagnosis')
    work.diagnosis = useDiagnosisStore().exportAnswers()
  }
  if (carriesApplication(target)) {
    const application = await applicationToCarry()
    if (application !== undefined)
      work.application = application
  }
  const forms = typedDraftsOf(target)
  if (forms)
    work.forms = forms
  return work
}

/**
 * The phone takes over the kiosk's application draft as its own: the resident asked to go on
 * with what is on the kiosk's screen, so it replaces an older draft of theirs on this phone
 * (someone else's the form clears anyway). Taken in as the person's edit, so the form keeps it
 * and, once a household is bound, writes it to the account.
 */
async function takeApplication(value: unknown): Promise<void> {
  const [{ useApplicationStore }, { parseDraft }] = await Promise.all([import('../application'), import('../application')])
  const carried = parseDraft(value)
  if (!carried)
    return
  const application = useApplicationStore()
  await until(() => application.ready).toBe(true)
  // Opened first: whose draft this phone holds is settled before the kiosk's is put in.
  await application.open()
  Object.assign(application.form, carried.form)
  application.step = carried.meta.step
}

/** The phone's side: everything carried goes where its screen reads it, before it opens. */
export async function takeCarried(target: string, work: CarriedWork): Promise<void> {
  if (work.diagnosis !== undefined) {
    const { useDiagnosisStore } = await import('../diagnosis')
    await useDiagnosisStore().importAnswers(work.diagnosis)
  }
  if (work.application !== undefined && carriesApplication(target))
    await takeApplication(work.application)
  if (work.forms)
    keepTypedDrafts(target, work.forms)
}
