// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { useHeight } from './use-height'

/** A ResizeObserver the test drives: the browser would call back after its layout. */
class FakeResizeObserver {
  static all: FakeResizeObserver[] = []
  observed: Element[] = []
  disconnected = false
  constructor(readonly callback: ResizeObserverCallback) {
    FakeResizeObserver.all.push(this)
  }

  observe(target: Element) {
    this.observed.push(target)
  }

  disconnect() {
    this.disconnected = true
  }

  report(target: Element, blockSize: number) {
    this.callback([{ target, borderBoxSize: [{ blockSize, inlineSize: 360 }], contentRect: { height: blockSize } } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver)
  }
}

/** What Vant's NavBar does with it: the height of its bar, for the placeholder's room. */
const Bar = defineComponent(() => {
  const bar = ref<HTMLElement>()
  const height = useHeight(bar, true)
  return () => h('div', { class: 'room', style: { height: height.value ? `${height.value}px` : undefined } }, [h('nav', { ref: bar }, 'bar')])
})

describe('useHeight in place of Vant\'s', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
    FakeResizeObserver.all = []
  })

  it('gives the height the browser reports after its layout, and each new one, without reading layout itself', async () => {
    vi.stubGlobal('ResizeObserver', FakeResizeObserver)
    vi.useFakeTimers()
    const reads = vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect')
    const wrapper = mount(Bar)
    await nextTick()
    // Vant's own read the size at mount and 100, 200 and 300 ms later: a forced layout each time.
    vi.advanceTimersByTime(400)
    await nextTick()
    expect(reads).not.toHaveBeenCalled()

    const [observer] = FakeResizeObserver.all
    const nav = wrapper.get('nav').element
    expect(observer.observed).toEqual([nav])
    observer.report(nav, 46)
    await nextTick()
    expect(wrapper.get('.room').attributes('style')).toContain('height: 46px')
    // Safe-area padding arriving late, 长辈版's taller bar: the new height comes by itself.
    observer.report(nav, 72)
    await nextTick()
    expect(wrapper.get('.room').attributes('style')).toContain('height: 72px')

    wrapper.unmount()
    expect(observer.disconnected).toBe(true)
  })

  it('leaves the room unset where there is no ResizeObserver, as Vant does before its first measure', async () => {
    vi.stubGlobal('ResizeObserver', undefined)
    const wrapper = mount(Bar)
    await nextTick()
    expect(wrapper.get('.room').attributes('style') ?? '').not.toContain('height')
  })
})
