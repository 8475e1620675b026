/**
 * Component-test support: mounts a component the way the app runs it (real locale messages,
 * Pinia, a router with the app's routes in memory, Vant registered), without a browser.
 */
import type { Component } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import Vant from 'vant'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from './i18n'
import { routes } from './router'

export async function mountPage(component: Component, { path = '/' }: { path?: string } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  await setLocale('zh-CN')
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  const wrapper = mount(component, { global: { plugins: [pinia, i18n, router, Vant] }, attachTo: document.body })
  return { wrapper, router, pinia }
}

/** Lets pending promises and the DOM update settle. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++)
    await new Promise(resolve => setTimeout(resolve, 0))
}
