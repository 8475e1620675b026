/**
 * Component-test support: mounts a component the way the app runs it (real locale messages,
 * Pinia, a router with the app's routes in memory, Vant registered), without a browser.
 */
import type { Pinia } from 'pinia'
import type { Component } from 'vue'
import type { RouteLocationNormalized, Router } from 'vue-router'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import Vant from 'vant'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from './i18n'
import { routes } from './router'

/** `before`: runs with the fresh Pinia before mounting, e.g. to sign someone in as the route guard would have. */
export async function mountPage(component: Component, { path = '/', before }: { path?: string, before?: (pinia: Pinia) => void } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  before?.(pinia)
  await setLocale('zh-CN')
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  recordNavigations(router)
  const wrapper = mount(component, { global: { plugins: [pinia, i18n, router, Vant] }, attachTo: document.body })
  return { wrapper, router, pinia }
}

interface Arrivals {
  landed: RouteLocationNormalized[]
  waiting: ((route: RouteLocationNormalized) => void)[]
}
const arrivals = new WeakMap<Router, Arrivals>()

/** Keeps every navigation the router completes from now on, for nextRoute. */
export function recordNavigations(router: Router): void {
  const state: Arrivals = { landed: [], waiting: [] }
  arrivals.set(router, state)
  router.afterEach((to, _from, failure) => {
    if (failure)
      return
    const waiter = state.waiting.shift()
    if (waiter)
      waiter(to)
    else
      state.landed.push(to)
  })
}

/**
 * Where the router's next navigation landed (redirects followed, lazy route components loaded),
 * counting from recordNavigations (mountPage: once mounted), one after the other: a navigation
 * that ended before the test asked is not missed, and one that never happens fails the test by
 * its timeout. A test that navigates itself takes its own navigations too.
 */
export function nextRoute(router: Router): Promise<RouteLocationNormalized> {
  const state = arrivals.get(router)
  if (!state)
    throw new Error('nextRoute: the router was not recorded (mountPage records its own)')
  const landed = state.landed.shift()
  return landed ? Promise.resolve(landed) : new Promise(resolve => state.waiting.push(resolve))
}

/** A radio's accessible name as a screen reader gets it: aria-label, else its label's text. */
export function radioName(radio: { element: Element } | Element): string {
  const el = radio instanceof Element ? radio : radio.element
  const label = el.getAttribute('aria-label')
    ?? (el.closest('label') ?? (el.id ? el.ownerDocument.querySelector(`label[for="${el.id}"]`) : null) ?? (el.getAttribute('role') === 'radio' ? el : null))?.textContent
  return (label ?? '').replace(/\s+/g, ' ').trim()
}

/** The name of the group a radio belongs to: its fieldset's legend, or a (radio)group's label. */
function groupName(radio: Element): string {
  const fieldset = radio.closest('fieldset')
  const legend = fieldset?.querySelector(':scope > legend')?.textContent?.trim()
  if (legend)
    return legend
  const group = radio.closest('[role="radiogroup"], [role="group"]')
  if (!group)
    return ''
  const labelledBy = group.getAttribute('aria-labelledby')
  const byId = labelledBy?.split(/\s+/).map(id => group.ownerDocument.getElementById(id)?.textContent ?? '').join(' ')
  return (group.getAttribute('aria-label') ?? byId ?? '').trim()
}

/**
 * Radios under `root` a screen reader cannot place: no name of their own, or no named group
 * (fieldset + legend, or role=radiogroup/group with a label). "是" alone says nothing.
 */
export function radiosWithoutGroupName(root: Element): string[] {
  return [...root.querySelectorAll('input[type="radio"], [role="radio"]')]
    .filter(radio => radioName(radio) === '' || groupName(radio) === '')
    .map(radio => radioName(radio) || radio.outerHTML.slice(0, 80))
}
