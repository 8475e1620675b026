// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import Vant from 'vant'
import { beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import ResultCard from '../../features/diagnosis/components/ResultCard.vue'
import { i18n, setLocale } from '../i18n'
import TermExplanation from './TermExplanation.vue'
import TermHint from './TermHint.vue'

const DIBAO_EXPLAIN = '家里每人每月平均收入比当地低保标准低、家里财产也不多的，政府每月发钱保基本生活。'

function mountIt(component: Parameters<typeof mount>[0], props: Record<string, unknown> = {}) {
  return mount(component, { props, global: { plugins: [i18n, Vant] }, attachTo: document.body })
}

beforeEach(async () => {
  await setLocale('zh-CN')
})

describe('termHint', () => {
  it('should open the explanation under the word on a tap, announced by aria-expanded, and close it on a second tap', async () => {
    const wrapper = mountIt(TermHint, { term: 'dibao' })
    const button = wrapper.get('button')
    expect(button.text()).toBe('最低生活保障（低保）')
    expect(button.attributes('aria-expanded')).toBe('false')
    expect(wrapper.text()).not.toContain(DIBAO_EXPLAIN)

    await button.trigger('click')
    expect(button.attributes('aria-expanded')).toBe('true')
    const panel = wrapper.get(`#${button.attributes('aria-controls')}`)
    expect(panel.text()).toBe(DIBAO_EXPLAIN)

    await button.trigger('click')
    expect(button.attributes('aria-expanded')).toBe('false')
    expect(button.attributes('aria-controls')).toBeUndefined()
    expect(wrapper.text()).not.toContain(DIBAO_EXPLAIN)
  })

  it('should close with Escape', async () => {
    const wrapper = mountIt(TermHint, { term: 'tekun' })
    const button = wrapper.get('button')
    await button.trigger('click')
    expect(wrapper.text()).toContain('没有劳动能力')
    await button.trigger('keydown', { key: 'Escape' })
    expect(button.attributes('aria-expanded')).toBe('false')
    expect(wrapper.text()).not.toContain('没有劳动能力')
  })

  it('should show the words of the page (the slot) rather than the glossary\'s name', () => {
    const wrapper = mount(TermHint, { props: { term: 'dibao_edge' }, slots: { default: '低保边缘家庭认定' }, global: { plugins: [i18n, Vant] } })
    expect(wrapper.get('button').text()).toBe('低保边缘家庭认定')
  })

  it('should be plain text for a word the glossary does not know', () => {
    const wrapper = mount(TermHint, { props: { term: null }, slots: { default: '新项目' }, global: { plugins: [i18n, Vant] } })
    expect(wrapper.find('button').exists()).toBe(false)
    expect(wrapper.text()).toBe('新项目')
  })

  it('should open an explanation placed elsewhere (after a heading) when given its id', async () => {
    const open = ref(false)
    const wrapper = mountIt(defineComponent({
      setup: () => () => h('div', [
        h('h3', [h(TermHint, { 'term': 'medical', 'panelId': 'far', 'open': open.value, 'onUpdate:open': (v: boolean) => (open.value = v) })]),
        h(TermExplanation, { id: 'far', term: 'medical', open: open.value }),
      ]),
    }))
    await wrapper.get('button').trigger('click')
    expect(wrapper.get('button').attributes('aria-controls')).toBe('far')
    expect(wrapper.get('h3').text()).toBe('医疗救助')
    expect(wrapper.get('#far').text()).toContain('医保报完后')
  })

  it('should explain the item of a self-diagnosis result, outside its heading', async () => {
    const result = { item: 'dibao', verdict: 'likely', reasons: [{ key: 'reasons.dibaoIncomeBelow', params: { income: '500', line: '886' } }] }
    const wrapper = mountIt(ResultCard, { result })
    const button = wrapper.get('h3 button')
    await button.trigger('click')
    const panel = wrapper.get(`#${button.attributes('aria-controls')}`)
    expect(panel.text()).toBe(DIBAO_EXPLAIN)
    expect(panel.element.closest('h3')).toBeNull()
    expect(wrapper.get('h3').text()).toBe('最低生活保障（低保）')
  })
})
