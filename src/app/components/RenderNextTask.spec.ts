// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { yieldToMain } from '../yield-to-main'
import RenderNextTask from './RenderNextTask.vue'

describe('renderNextTask', () => {
  it('should render its content in a task after the one it mounted in, not within it', async () => {
    const wrapper = mount(() => h('main', [h('h1', 'top'), h(RenderNextTask, () => h('p', 'below'))]))
    // Every microtask of the mounting task has run, Vue's updates included.
    await Promise.resolve()
    await nextTick()
    expect(wrapper.text()).toBe('top')
    await yieldToMain()
    await flushPromises()
    expect(wrapper.text()).toBe('topbelow')
  })

  it('should keep its content once shown and update it at once, as any content', async () => {
    const count = ref(1)
    const wrapper = mount(defineComponent(() => () => h(RenderNextTask, () => h('p', `count ${count.value}`))))
    await yieldToMain()
    await flushPromises()
    count.value = 2
    await nextTick()
    expect(wrapper.text()).toBe('count 2')
  })
})
