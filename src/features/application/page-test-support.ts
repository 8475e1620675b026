import type { VueWrapper } from '@vue/test-utils'
import type { StoredDraft } from './draft'
import { flushPromises } from '@vue/test-utils'
import { until } from '@vueuse/core'
import { afterEach, beforeEach, vi } from 'vitest'
import { readState, writeState } from '../../app/idb-test-support'
import { mountPage } from '../../app/testing'
import { DRAFT_KEY, useApplicationStore } from './store'
import ApplyPage from './views/ApplyPage.vue'

// Opens the application form as a resident would (component tests of ApplyPage and its steps).
// Each spec file still calls vi.mock itself (it is hoisted, and applies to its own file only),
// with the fakes of ./test-support (not of this file: it imports the page, hence ./api, and a
// mock factory that imports the module it mocks never settles):
//
//   vi.mock('../api', async () => (await import('../test-support')).fakeApplicationApi())
//   vi.mock('../../account/api', async () => (await import('../test-support')).fakeAccountApi())
//   useApplyPage()

/** Each test starts with nothing stored, the mocks as above and real timers; the form is closed after it. */
export function useApplyPage() {
  beforeEach(() => {
    sessionStorage.clear()
    vi.resetAllMocks()
  })
  afterEach(() => {
    vi.useRealTimers()
    closeApply()
  })
}

let current: VueWrapper | undefined

export async function openApply(draft?: StoredDraft) {
  if (draft)
    await writeState(DRAFT_KEY, draft)
  const mounted = await mountPage(ApplyPage, { path: '/apply' })
  current = mounted.wrapper
  // The form shows once the draft, the photos and the diagnosis are loaded from the device.
  await until(() => useApplicationStore(mounted.pinia).ready).toBe(true)
  await flushPromises()
  return mounted
}

export function closeApply() {
  current?.unmount()
  current = undefined
  document.body.innerHTML = ''
}

export function page(): VueWrapper {
  if (!current)
    throw new Error('the form is not open')
  return current
}

export function heading(): string {
  return page().get('h2').text()
}

/** Types into the field whose label reads exactly `label` (the index-th of them). */
export async function fill(label: string, value: string, index = 0) {
  const labels = page().findAll('label').filter(l => l.text() === label && l.attributes('for'))
  if (!labels[index])
    throw new Error(`no field labelled "${label}"`)
  await page().get(`#${labels[index].attributes('for')}`).setValue(value)
  await flushPromises()
}

export function fieldValue(label: string, index = 0): string {
  const labels = page().findAll('label').filter(l => l.text() === label && l.attributes('for'))
  if (!labels[index])
    throw new Error(`no field labelled "${label}"`)
  return (page().get(`#${labels[index].attributes('for')}`).element as HTMLInputElement).value
}

export async function click(text: string) {
  const button = page().findAll('button').find(b => b.text() === text)
  if (!button)
    throw new Error(`no button "${text}" in ${page().findAll('button').map(b => b.text()).join('|')}`)
  await button.trigger('click')
  await flushPromises()
}

/** Picks the radio labelled `option` in the group whose legend reads `question` (the index-th such group). */
export async function choose(question: string, option: string, index = 0) {
  const group = page().findAll('fieldset').filter(f => f.find('legend').exists() && f.get('legend').text() === question)[index]
  if (!group)
    throw new Error(`no question "${question}"`)
  const label = group.findAll('label').find(l => l.text() === option)
  if (!label)
    throw new Error(`no option "${option}" in "${question}"`)
  await label.get('input').setValue(true)
  await flushPromises()
}

export function alerts(): string[] {
  return page().findAll('[role="alert"]').map(a => a.text())
}

/** The draft as kept on the device. */
export async function stored(): Promise<StoredDraft> {
  return (await readState<StoredDraft>(DRAFT_KEY))!
}
