// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { Tab, Tabs } from 'vant'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import TabSwitch from './TabSwitch.vue'

const TABS = [{ name: 'resident', title: '居民登录' }, { name: 'staff', title: '工作人员登录' }] as const

/** Two tabs with a field each, as the sign-in page has them, and the chosen tab kept outside. */
function mountTabs(start = 'resident') {
  const active = ref(start)
  const changes: string[] = []
  const Host = defineComponent(() => () => h(TabSwitch, {
    'tabs': TABS,
    'label': '登录方式',
    'active': active.value,
    'onUpdate:active': (name: string) => { active.value = name },
    'onChange': (name: string) => { changes.push(name) },
  }, {
    resident: () => h('input', { name: 'phone' }),
    staff: () => h('input', { name: 'username' }),
  }))
  const wrapper = mount(Host, { attachTo: document.body })
  const tabs = () => wrapper.findAll('[role="tab"]')
  const chosen = () => wrapper.get('[role="tab"][aria-selected="true"]')
  const visiblePanels = () => wrapper.findAll('[role="tabpanel"]').filter(p => (p.element as HTMLElement).style.display !== 'none')
  return { wrapper, active, changes, tabs, chosen, visiblePanels }
}

describe('tab switch', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('is a named tablist whose chosen tab is the only one in the Tab order and names its panel', async () => {
    const { wrapper, tabs, chosen, visiblePanels } = mountTabs()
    expect(wrapper.get('[role="tablist"]').attributes('aria-label')).toBe('登录方式')
    expect(tabs().map(tab => tab.text())).toEqual(['居民登录', '工作人员登录'])
    expect(tabs().map(tab => tab.attributes('tabindex'))).toEqual(['0', '-1'])
    expect(chosen().text()).toBe('居民登录')
    const [panel] = visiblePanels()
    expect(panel.attributes('id')).toBe(chosen().attributes('aria-controls'))
    expect(panel.attributes('aria-labelledby')).toBe(chosen().attributes('id'))
    expect(panel.find('input[name="phone"]').exists()).toBe(true)
    // The other panel is not made until its tab is chosen, and its tab points at no missing element.
    expect(wrapper.find('input[name="username"]').exists()).toBe(false)
    expect(tabs()[1].attributes('aria-controls')).toBeUndefined()
  })

  it('switches on a tap, says so once, and keeps what was typed in the panel left', async () => {
    const { wrapper, active, changes, tabs, chosen, visiblePanels } = mountTabs()
    await wrapper.get('input[name="phone"]').setValue('13800138000')
    await tabs()[1].trigger('click')
    expect(active.value).toBe('staff')
    expect(changes).toEqual(['staff'])
    expect(chosen().text()).toBe('工作人员登录')
    expect(visiblePanels()).toHaveLength(1)
    expect(visiblePanels()[0].find('input[name="username"]').exists()).toBe(true)
    // Tapping the chosen tab again is no change.
    await tabs()[1].trigger('click')
    expect(changes).toEqual(['staff'])

    await tabs()[0].trigger('click')
    expect((wrapper.get('input[name="phone"]').element as HTMLInputElement).value).toBe('13800138000')
    expect(changes).toEqual(['staff', 'resident'])
  })

  it('moves with the arrow keys (round the ends), Home and End, and takes the focus along', async () => {
    const { active, tabs } = mountTabs()
    const press = async (index: number, key: string) => {
      await tabs()[index].trigger('keydown', { key })
      await nextTick()
    }
    await press(0, 'ArrowRight')
    expect(active.value).toBe('staff')
    expect(document.activeElement).toBe(tabs()[1].element)
    await press(1, 'ArrowRight')
    expect(active.value).toBe('resident')
    expect(document.activeElement).toBe(tabs()[0].element)
    await press(0, 'ArrowLeft')
    expect(active.value).toBe('staff')
    await press(1, 'Home')
    expect(active.value).toBe('resident')
    await press(0, 'End')
    expect(active.value).toBe('staff')
    // Other keys are the page's (Tab leaves the list, Enter is the button's own).
    await press(1, 'a')
    expect(active.value).toBe('staff')
  })

  it('follows a change made outside (after claiming, the page shows 我认领的)', async () => {
    const { active, chosen, visiblePanels } = mountTabs()
    active.value = 'staff'
    await nextTick()
    expect(chosen().text()).toBe('工作人员登录')
    expect(visiblePanels()[0].find('input[name="username"]').exists()).toBe(true)
  })

  it('shows the first tab for a name it does not have (a draft kept by an older version)', () => {
    const { chosen, visiblePanels } = mountTabs('password')
    expect(chosen().text()).toBe('居民登录')
    expect(visiblePanels()).toHaveLength(1)
  })

  it('draws its first render without reading the page\'s layout, which Vant\'s Tabs do', async () => {
    const reads = [
      vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect'),
      vi.spyOn(window, 'getComputedStyle'),
    ]
    const ours = mountTabs()
    await nextTick()
    expect(reads.map(r => r.mock.calls.length)).toEqual([0, 0])
    ours.wrapper.unmount()

    // The same two tabs as Vant draws them: the spies would have caught it.
    mount(defineComponent(() => () => h(Tabs, { active: 'resident' }, () => TABS.map(tab => h(Tab, { name: tab.name, title: tab.title }, () => tab.title)))), { attachTo: document.body })
    await nextTick()
    expect(reads.reduce((sum, r) => sum + r.mock.calls.length, 0)).toBeGreaterThan(0)
  })
})
