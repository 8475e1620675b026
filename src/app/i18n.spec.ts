// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, isProxy } from 'vue'
import { useI18n } from 'vue-i18n'
import { i18n, loadMessages, mergedMessages, setLocale } from './i18n'

describe('mergedMessages', () => {
  it('should add a catalog\'s keys, merge folders both have, share the rest, and change neither', () => {
    const shared = { a: 'A' }
    const into = { app: shared, domain: { items: { dibao: '低保' } } }
    const from = { domain: { reasons: { age: '年龄' } }, list: { title: '清单' } }
    const merged = mergedMessages(into, from)
    expect(merged).toEqual({ app: { a: 'A' }, domain: { items: { dibao: '低保' }, reasons: { age: '年龄' } }, list: { title: '清单' } })
    expect(merged.app).toBe(shared)
    expect(into).toEqual({ app: { a: 'A' }, domain: { items: { dibao: '低保' } } })
    expect(from).toEqual({ domain: { reasons: { age: '年龄' } }, list: { title: '清单' } })
  })
})

describe('messages loaded with a route', () => {
  afterEach(async () => {
    await setLocale('zh-CN')
  })

  it('should show a catalog\'s words once it arrives, and in the language chosen later, without making the messages reactive', async () => {
    const Filter = defineComponent(() => {
      const { t } = useI18n()
      return () => h('span', t('happiness-list.filter.year'))
    })
    const wrapper = mount(Filter, { global: { plugins: [i18n] } })
    await loadMessages(['happiness-list'])
    await flushPromises()
    expect(wrapper.text()).toBe('年份')
    // Plain objects, not Vue proxies: t() reads them as they are (issue #18).
    const messages = i18n.global.getLocaleMessage('zh-CN') as Record<string, unknown>
    expect(isProxy(messages)).toBe(false)
    expect(isProxy(messages['happiness-list'])).toBe(false)
    // The frame's own words are still there beside the catalog's.
    expect(Object.keys(messages).length).toBeGreaterThan(1)

    await setLocale('en')
    await flushPromises()
    expect(wrapper.text()).toBe('Year')
  })
})
