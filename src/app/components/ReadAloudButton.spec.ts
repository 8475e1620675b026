// @vitest-environment happy-dom
import type { Component } from 'vue'
import { mount } from '@vue/test-utils'
import Vant from 'vant'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { readableText } from '../accessibility/readable-text'
import { installSpeech, removeSpeech, voice } from '../accessibility/test-support'
import { useSpeech } from '../accessibility/useSpeech'
import { i18n, setLocale } from '../i18n'
import ChoiceQuestion from './ChoiceQuestion.vue'
import ReadAloudButton from './ReadAloudButton.vue'

function mountIt(component: Component) {
  return mount(component, { global: { plugins: [i18n, Vant] }, attachTo: document.body })
}

/** A question card as the app draws one: what the screen shows, plus things it must not read. */
const Card = defineComponent({
  setup() {
    return () => h('div', { 'data-read-root': '' }, [
      h('h3', '家里有人突然遇到困难吗？'),
      h('span', { class: 'sr-only' }, '只给读屏软件的话'),
      h('p', { style: 'display: none' }, '藏起来的字'),
      h('label', [h('input', { type: 'radio', value: 'x' }), h('span', '是')]),
      h('label', [h('input', { type: 'radio', value: 'y' }), h('span', '否')]),
      h('p', { 'data-read-skip': '' }, '不读这一段'),
      h(ReadAloudButton, { what: '这一题' }),
    ])
  },
})

beforeEach(async () => {
  await setLocale('zh-CN')
})

afterEach(() => {
  useSpeech().stop()
  removeSpeech()
  document.body.innerHTML = ''
})

describe('readAloudButton', () => {
  it('should not be there without a Mandarin voice', () => {
    installSpeech([voice('en-US'), voice('zh-HK', 'Cantonese')])
    const wrapper = mountIt(Card)
    expect(wrapper.find('button').exists()).toBe(false)
  })

  it('should not be there without speech synthesis at all', () => {
    removeSpeech()
    expect(mountIt(Card).find('button').exists()).toBe(false)
  })

  it('should appear once the voices are loaded', async () => {
    const synth = installSpeech([])
    const wrapper = mountIt(Card)
    expect(wrapper.find('button').exists()).toBe(false)
    synth.loadVoices([voice('zh-CN')])
    await nextTick()
    expect(wrapper.find('button').exists()).toBe(true)
  })

  it('should read the text shown on screen with the Mandarin voice, and stop on a second press', async () => {
    const synth = installSpeech([voice('en-US'), voice('zh-CN', 'Tingting')])
    const wrapper = mountIt(Card)
    const button = wrapper.get('button')
    expect(button.attributes('aria-label')).toBe('朗读：这一题')
    expect(button.attributes('aria-pressed')).toBe('false')

    await button.trigger('click')
    expect(synth.lastText).toBe('家里有人突然遇到困难吗？是，否。')
    expect(synth.spoken[0].voice?.name).toBe('Tingting')
    expect(button.attributes('aria-pressed')).toBe('true')

    await button.trigger('click')
    expect(button.attributes('aria-pressed')).toBe('false')
    expect(synth.spoken).toHaveLength(1)
    expect(synth.cancels).toBe(2)
  })

  it('should show as not pressed once the reading has ended', async () => {
    const synth = installSpeech([voice('zh-CN')])
    const wrapper = mountIt(Card)
    await wrapper.get('button').trigger('click')
    synth.finish()
    await nextTick()
    expect(wrapper.get('button').attributes('aria-pressed')).toBe('false')
  })

  it('should stop reading when it goes away', async () => {
    const synth = installSpeech([voice('zh-CN')])
    const shown = ref(true)
    const wrapper = mountIt(defineComponent({ setup: () => () => shown.value ? h(Card) : h('p', '下一题') }))
    await wrapper.get('button').trigger('click')
    const cancels = synth.cancels
    shown.value = false
    await nextTick()
    expect(synth.cancels).toBe(cancels + 1)
    expect(useSpeech().speaking.value).toBeNull()
  })

  it('should read a target element or a text when given one', async () => {
    const synth = installSpeech([voice('zh-CN')])
    const target = document.createElement('p')
    target.textContent = '别处的一段话'
    document.body.append(target)
    const wrapper = mountIt(defineComponent({
      setup: () => () => h('div', [h(ReadAloudButton, { what: '甲', target }), h(ReadAloudButton, { what: '乙', text: '直接给的话。' })]),
    }))
    const [one, two] = wrapper.findAll('button')
    await one.trigger('click')
    expect(synth.lastText).toBe('别处的一段话。')
    await two.trigger('click')
    expect(synth.lastText).toBe('直接给的话。')
    expect(one.attributes('aria-pressed')).toBe('false')
    expect(two.attributes('aria-pressed')).toBe('true')
  })

  it('should not be offered when the app is in English', async () => {
    installSpeech([voice('zh-CN')])
    await setLocale('en')
    expect(mountIt(Card).find('button').exists()).toBe(false)
  })

  it('should read a question of the questionnaire with its choices', async () => {
    const synth = installSpeech([voice('zh-CN')])
    const wrapper = mount(ChoiceQuestion, {
      props: { label: '有没有人得了重病？', hint: '比如癌症、尿毒症', options: [{ value: true, label: '有' }, { value: false, label: '没有' }], modelValue: null },
      global: { plugins: [i18n, Vant] },
      attachTo: document.body,
    })
    const button = wrapper.get('button[aria-label="朗读：这一题"]')
    // Outside the legend: the question's name stays the question.
    expect(wrapper.get('legend').text()).toBe('有没有人得了重病？')
    await button.trigger('click')
    expect(synth.lastText).toBe('有没有人得了重病？比如癌症、尿毒症，有，没有。')
  })
})

describe('readableText', () => {
  it('should make one phrase per block and keep the sentence marks that are there', () => {
    const el = document.createElement('article')
    el.innerHTML = '<h3>最低生活保障（低保）</h3><span>可能符合</span><ul><li>收入低于标准。</li><li>财产在限额内</li></ul><img alt="图"><button aria-label="x"><i aria-hidden="true">♪</i></button>'
    expect(readableText(el)).toBe('最低生活保障（低保），可能符合，收入低于标准。财产在限额内。')
  })

  it('should make a phrase of a span laid out as a box of its own', () => {
    const el = document.createElement('summary')
    el.innerHTML = '<span style="display: block">慈善帮扶</span><span style="display: block">10 公斤</span><span>2026-10-20</span> · <span>已发放</span>'
    document.body.append(el)
    expect(readableText(el)).toBe('慈善帮扶，10 公斤，2026-10-20 · 已发放。')
  })

  it('should read nothing from an empty element', () => {
    expect(readableText(document.createElement('div'))).toBe('')
  })
})
