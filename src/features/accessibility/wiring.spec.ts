// @vitest-environment happy-dom
import type { Component } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import Vant from 'vant'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { installSpeech, removeSpeech, voice } from '../../app/accessibility/test-support'
import { useSpeech } from '../../app/accessibility/useSpeech'
import { i18n, setLocale } from '../../app/i18n'
import { routes } from '../../app/router'
import ResultCard from '../diagnosis/components/ResultCard.vue'
import ListRecord from '../happiness-list/components/ListRecord.vue'
import { sampleList } from '../happiness-list/test-support'
import ApplicationCard from '../progress/components/ApplicationCard.vue'
import CaseCard from '../progress/components/CaseCard.vue'
import { applicationView, caseView, step } from '../progress/test-support'

// The read-aloud buttons and term hints where issue #7 wants them: questions (see
// ReadAloudButton.spec.ts), results, progress and the happiness list.

async function mountIt(component: Component, props: Record<string, unknown>) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push('/')
  await router.isReady()
  return mount(component, { props, global: { plugins: [pinia, i18n, router, Vant] }, attachTo: document.body })
}

let synth: ReturnType<typeof installSpeech>

beforeEach(async () => {
  await setLocale('zh-CN')
  synth = installSpeech([voice('zh-CN')])
})

afterEach(() => {
  useSpeech().stop()
  removeSpeech()
  document.body.innerHTML = ''
})

describe('read aloud and plain words in the app', () => {
  it('should read a self-diagnosis result: the item, the verdict and why, not the list of documents', async () => {
    const result = { item: 'dibao', verdict: 'likely', reasons: [{ key: 'reasons.dibaoIncomeBelow', params: { income: '500', line: '886' } }] }
    const wrapper = await mountIt(ResultCard, { result, selectable: true })
    await wrapper.get('button[aria-label="朗读：这一项结果"]').trigger('click')
    expect(synth.lastText).toBe('最低生活保障（低保），很可能符合，为什么，家庭人均月收入 500 元，低于本地低保标准 886 元。')
  })

  it('should read an item\'s progress: status, who has it and what to do now, without the timeline', async () => {
    const c = caseView({ status: 'need_more_info', residentTodo: '请补交近三个月的工资条', steps: [step('submitted', '2026-03-01T08:00:00.000Z', { actor: '申请人' }), step('need_more_info', '2026-03-02T08:00:00.000Z')] })
    const wrapper = await mountIt(CaseCard, { case: c, offline: true })
    await wrapper.get('button[aria-label="朗读：这一项的进度"]').trigger('click')
    const text = synth.lastText ?? ''
    expect(text).toMatch(/^最低生活保障（低保），需补充材料，/)
    expect(text).toContain('民政部门')
    expect(text).toContain('请补交近三个月的工资条')
    expect(text).not.toContain('申请人') // the timeline's first step
    // The item's name explains itself, after the heading.
    await wrapper.get('h2 button').trigger('click')
    expect(wrapper.text()).toContain('政府每月发钱保基本生活')
    expect(wrapper.get('h2').text()).toBe('最低生活保障（低保）')
  })

  it('should read an application of the list and explain its items without leaving the list', async () => {
    const wrapper = await mountIt(ApplicationCard, { application: applicationView() })
    await wrapper.get('button[aria-label="朗读：这份申请"]').trigger('click')
    expect(synth.lastText).toContain('申请编号 SQ20260301-0001')
    expect(synth.lastText).toContain('医疗救助，等待困难认定')
    // No button inside the link (nested controls), and the names explain themselves in place.
    expect(wrapper.get('a').find('button').exists()).toBe(false)
    const medical = wrapper.findAll('.case button').find(b => b.text() === '医疗救助')!
    await medical.trigger('click')
    expect(medical.attributes('aria-expanded')).toBe('true')
    expect(wrapper.text()).toContain('医保报完后')
  })

  it('should read a record of the happiness list and explain its item, also a benefit that is no item', async () => {
    const records = sampleList().records
    const wrapper = await mountIt(ListRecord, { record: records[4], lang: 'zh-CN' })
    expect(wrapper.get('summary').find('button').exists()).toBe(false)
    expect(wrapper.find('button').exists()).toBe(false) // nothing extra in a closed record
    ;(wrapper.get('details').element as HTMLDetailsElement).open = true
    await wrapper.get('details').trigger('toggle')
    await wrapper.get('button[aria-label="朗读：这条记录"]').trigger('click')
    expect(synth.lastText).toMatch(/^慈善帮扶/)
    expect(synth.lastText).toContain('已发放')
    expect(synth.lastText).toContain('发放部门，慈善组织')
    expect(synth.lastText?.match(/慈善帮扶/g)).toHaveLength(1) // the name is not read twice
    await wrapper.findAll('button').find(b => b.text() === '慈善帮扶')!.trigger('click')
    expect(wrapper.text()).toContain('爱心人士')
  })
})
