import type { VueWrapper } from '@vue/test-utils'
import type { StoredDraft } from './draft'
import { afterAll, afterEach, beforeEach, vi } from 'vitest'
import { mountPage, settle } from '../../app/testing'
import { idb } from '../diagnosis/test-support'
import { DRAFT_KEY } from './store'
import { vantTimersDone } from './test-support'
import ApplyPage from './views/ApplyPage.vue'

// Opens the application form as a resident would (component tests of ApplyPage and its steps).
// Each spec file still calls vi.mock itself (it is hoisted, and applies to its own file only),
// with the fakes of ./test-support (not of this file: it imports the page, hence ./api, and a
// mock factory that imports the module it mocks never settles):
//
//   vi.mock('idb-keyval', async () => (await import('../../diagnosis/test-support')).fakeIdbKeyval())
//   vi.mock('../api', async () => (await import('../test-support')).fakeApplicationApi())
//   vi.mock('../../account/api', async () => (await import('../test-support')).fakeAccountApi())
//   useApplyPage()

/** Each test starts with nothing stored and the mocks as above; the form is closed after it. */
export function useApplyPage() {
  beforeEach(() => {
    idb.clear()
    sessionStorage.clear()
    vi.resetAllMocks()
  })
  afterEach(closeApply)
  afterAll(vantTimersDone)
}

let current: VueWrapper | undefined

export async function openApply(draft?: StoredDraft) {
  if (draft)
    idb.set(DRAFT_KEY, structuredClone(draft))
  const mounted = await mountPage(ApplyPage, { path: '/apply' })
  current = mounted.wrapper
  await settle()
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
  await settle()
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
  await settle()
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
  await settle()
}

export function alerts(): string[] {
  return page().findAll('[role="alert"]').map(a => a.text())
}

export function stored(): StoredDraft {
  return idb.get(DRAFT_KEY) as StoredDraft
}
