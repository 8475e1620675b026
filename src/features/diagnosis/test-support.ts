import type { Component } from 'vue'
import type { DiagnosisDraft } from './draft'
import type { StepId } from './steps'
import { flushPromises, mount } from '@vue/test-utils'
import { until } from '@vueuse/core'
import { createPinia } from 'pinia'
import Vant from 'vant'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { i18n, setLocale } from '../../app/i18n'
import { writeState } from '../../app/idb-test-support'
import { recordNavigations } from '../../app/testing'
import { yieldToMain } from '../../app/yield-to-main'
import { createMember, emptyDraft } from './draft'
import { useDiagnosisStore } from './store'

// Component-test helpers for the diagnosis feature: the real locale files, a fresh Pinia,
// a memory router with the feature's routes, Vant registered globally (vitest has no
// auto-import), and IndexedDB (fake-indexeddb, emptied before each test).

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
export function storeAnswers(draft: DiagnosisDraft, step: StepId): Promise<void> {
  return writeState('diagnosis.questionnaire', { draft, step })
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
  recordNavigations(router)
  const pinia = createPinia()
  const wrapper = mount(RouterView, { global: { plugins: [pinia, i18n, router, Vant] }, attachTo: document.body })
  // The pages show the questionnaire once the stored answers are loaded, its questions a task later.
  await until(() => useDiagnosisStore(pinia).ready).toBe(true)
  await flushPromises()
  await yieldToMain()
  await flushPromises()
  return { wrapper, router }
}

export function mountComponent(component: Component, options: Parameters<typeof mount>[1] = {}) {
  // The app's own i18n (all feature messages); callers that need English await setLocale('en') first.
  return mount(component, { ...options, global: { plugins: [createPinia(), i18n, Vant] } })
}
