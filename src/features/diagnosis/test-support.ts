import type { Component } from 'vue'
import type { DiagnosisDraft } from './draft'
import type { StepId } from './steps'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import Vant from 'vant'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { i18n, setLocale } from '../../app/i18n'
import { createMember, emptyDraft } from './draft'

// Component-test helpers for the diagnosis feature: the real locale files, a fresh Pinia,
// a memory router with the feature's routes, Vant registered globally (vitest has no
// auto-import), and an in-memory idb-keyval (happy-dom has no IndexedDB).

export const idb = new Map<string, unknown>()

/** Use as `vi.mock('idb-keyval', () => fakeIdbKeyval())` (the factory runs lazily). */
export function fakeIdbKeyval() {
  return {
    createStore: () => 'store',
    get: async (key: string) => idb.get(key),
    set: async (key: string, value: unknown) => {
      idb.set(key, structuredClone(value))
    },
    del: async (key: string) => {
      idb.delete(key)
    },
    clear: async () => {
      idb.clear()
    },
  }
}

/** An elderly man living alone in 330106 with 600 yuan a month: the e2e household. */
export function elderlyDraft(over: Partial<DiagnosisDraft> = {}): DiagnosisDraft {
  return {
    ...emptyDraft(),
    region: '330106',
    members: [{
      ...createMember('self'),
      sex: 'male',
      age: 72,
      income: { amount: 600, period: 'month' },
      canWork: false,
      seriousIllness: true,
      hasCapableSupporter: false,
    }],
    depositsTotal: 3000,
    extraHousing: false,
    suddenHardship: false,
    disaster: false,
    housing: 'adequate',
    ...over,
  }
}

/** Puts answers on the "device" as an earlier visit would have left them. */
export function storeAnswers(draft: DiagnosisDraft, step: StepId) {
  idb.set('diagnosis.questionnaire', structuredClone({ draft, step }))
}

const Stub = (text: string) => defineComponent({ render: () => h('p', text) })

export async function mountAt(path: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Stub('home') },
      { path: '/diagnosis', name: 'diagnosis', component: () => import('./views/DiagnosisPage.vue') },
      { path: '/diagnosis/result', name: 'diagnosis-result', component: () => import('./views/DiagnosisResultPage.vue') },
      { path: '/apply', name: 'apply', component: Stub('apply page') },
    ],
  })
  await setLocale(locale)
  await router.push(path)
  await router.isReady()
  const wrapper = mount(RouterView, { global: { plugins: [createPinia(), i18n, router, Vant] }, attachTo: document.body })
  await settle()
  return { wrapper, router }
}

/** Lets stored answers load and lazy routes render. */
export async function settle() {
  for (let i = 0; i < 3; i++)
    await flushPromises()
}

export function mountComponent(component: Component, options: Parameters<typeof mount>[1] = {}) {
  // The app's own i18n (all feature messages); callers that need English await setLocale('en') first.
  return mount(component, { ...options, global: { plugins: [createPinia(), i18n, Vant] } })
}
