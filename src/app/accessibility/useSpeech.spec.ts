// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { installSpeech, removeSpeech, voice } from './test-support'
import { ELDER_RATE, pickMandarinVoice, stopOnNavigation, useSpeech } from './useSpeech'

afterEach(() => {
  useSpeech().stop()
  removeSpeech()
})

describe('useSpeech', () => {
  it('should be unsupported where the browser has no speech synthesis, and speak nothing', () => {
    removeSpeech()
    const speech = useSpeech()
    expect(speech.supported.value).toBe(false)
    expect(() => speech.speak('你好')).not.toThrow()
    expect(speech.speaking.value).toBeNull()
  })

  it('should find the Mandarin voice when the voices arrive after the page loaded', async () => {
    const synth = installSpeech([])
    const speech = useSpeech()
    expect(speech.supported.value).toBe(false)
    synth.loadVoices([voice('en-US'), voice('zh-CN', 'Tingting')])
    await nextTick()
    expect(speech.supported.value).toBe(true)
    speech.speak('您好')
    expect(synth.spoken[0].voice?.name).toBe('Tingting')
  })

  it('should be unsupported with only Cantonese voices', () => {
    installSpeech([voice('zh-HK', 'Sinji'), voice('yue-Hant-HK'), voice('zh-CN', 'Google 粤語（香港）'), voice('en-GB')])
    expect(useSpeech().supported.value).toBe(false)
  })

  it('should prefer mainland Mandarin, then another Mandarin voice, and a voice on the device', () => {
    const taiwan = voice('zh-TW', 'Meijia')
    const network = voice('zh-CN', 'Google 普通话', false)
    const local = voice('cmn-Hans-CN', 'Li-mu')
    expect(pickMandarinVoice([taiwan, network, local] as unknown as SpeechSynthesisVoice[])?.name).toBe('Li-mu')
    expect(pickMandarinVoice([taiwan, network] as unknown as SpeechSynthesisVoice[])?.name).toBe('Google 普通话')
    expect(pickMandarinVoice([voice('zh_CN', 'Android')] as unknown as SpeechSynthesisVoice[])?.name).toBe('Android')
    expect(pickMandarinVoice([voice('zh-HK'), taiwan] as unknown as SpeechSynthesisVoice[])?.name).toBe('Meijia')
    expect(pickMandarinVoice([voice('ja-JP'), voice('ko-KR')] as unknown as SpeechSynthesisVoice[])).toBeNull()
  })

  it('should speak in Mandarin a little slowly, cutting off what it was reading before', async () => {
    const synth = installSpeech([voice('zh-CN')])
    const speech = useSpeech()
    speech.speak('第一段', 'a')
    expect(speech.speaking.value).toBe('a')
    speech.speak('第二段', 'b')
    expect(synth.cancels).toBe(2)
    const [first, second] = synth.spoken
    expect(second).toMatchObject({ text: '第二段', lang: 'zh-CN', rate: ELDER_RATE })
    expect(first.text).toBe('第一段')
    // The first one reports its interruption late: the second one is still being read.
    await Promise.resolve()
    expect(speech.speaking.value).toBe('b')
    synth.finish()
    expect(speech.speaking.value).toBeNull()
  })

  it('should stop on request', () => {
    const synth = installSpeech([voice('zh-CN')])
    const speech = useSpeech()
    speech.speak('一段话', 'a')
    const before = synth.cancels
    speech.stop()
    expect(synth.cancels).toBe(before + 1)
    expect(speech.speaking.value).toBeNull()
  })

  it('should share one state between users, so that one caller sees what another reads', () => {
    installSpeech([voice('zh-CN')])
    const one = useSpeech()
    const two = useSpeech()
    one.speak('一段话', 'x')
    expect(two.speaking.value).toBe('x')
  })

  it('should not speak an empty text', () => {
    const synth = installSpeech([voice('zh-CN')])
    useSpeech().speak('   ')
    expect(synth.spoken).toHaveLength(0)
  })

  it('should stop what a component started when it is unmounted, and only that', async () => {
    const synth = installSpeech([voice('zh-CN')])
    const Reader = defineComponent({
      props: { text: { type: String, required: true } },
      setup(props) {
        const speech = useSpeech()
        speech.speak(props.text)
        return () => h('p', props.text)
      },
    })
    const first = mount(Reader, { props: { text: '第一个' } })
    first.unmount()
    expect(synth.cancels).toBe(2)
    expect(useSpeech().speaking.value).toBeNull()

    const second = mount(Reader, { props: { text: '第二个' } })
    const third = mount(Reader, { props: { text: '第三个' } })
    const cancels = synth.cancels
    second.unmount() // the third one is reading: it goes on
    expect(synth.cancels).toBe(cancels)
    expect(useSpeech().speaking.value).not.toBeNull()
    third.unmount()
    expect(synth.cancels).toBe(cancels + 1)
  })

  it('should stop when the app goes to another page', async () => {
    const synth = installSpeech([voice('zh-CN')])
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/a', component: { render: () => null } }, { path: '/b', component: { render: () => null } }] })
    await router.push('/a')
    stopOnNavigation(router)
    const speech = useSpeech()
    speech.speak('一段话', 'page')
    await router.push('/a?x=1')
    expect(speech.speaking.value).toBe('page')
    await router.push('/b')
    expect(speech.speaking.value).toBeNull()
    expect(synth.cancels).toBe(2)
  })
})
