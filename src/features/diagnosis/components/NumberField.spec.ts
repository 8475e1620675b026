// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '../../../app/i18n'
import { mountComponent } from '../test-support'
import NumberField from './NumberField.vue'

interface Props {
  modelValue: number | null
  label?: string
  decimals?: boolean
  max?: number
  plausible?: number
  unit?: string
  error?: string
}

let wrapper: VueWrapper
afterEach(async () => {
  wrapper?.unmount()
  await setLocale('zh-CN')
})

/** A field bound both ways, as v-model in a page does. */
function mountField(props: Props) {
  wrapper = mountComponent(NumberField, {
    props: {
      'label': '金额',
      'max': 1_000_000,
      ...props,
      'onUpdate:modelValue': (value: number | null) => wrapper.setProps({ modelValue: value }),
    },
  })
  return wrapper
}

const money = (over: Partial<Props> = {}) => mountField({ modelValue: null, decimals: true, unit: '元', ...over })
const whole = (over: Partial<Props> = {}) => mountField({ modelValue: null, label: '年龄', max: 130, unit: '岁', ...over })

function input(w: VueWrapper) {
  return w.get('input')
}

function lastValue(w: VueWrapper): number | null | undefined {
  return w.emitted<[number | null]>('update:modelValue')?.at(-1)?.[0]
}

function alerts(w: VueWrapper): string[] {
  return w.findAll('[role="alert"]').map(a => a.text())
}

async function type(w: VueWrapper, text: string) {
  await input(w).setValue(text)
  await input(w).trigger('blur')
}

describe('a money field', () => {
  it.each<[string, number]>([
    ['1500', 1500],
    ['1.5万', 15_000],
    ['１２３．５', 123.5],
    ['1,200', 1200],
    ['1 200 元', 1200],
    ['0.005万', 50],
    ['0', 0],
  ])('should give %s as %s and leave the text as typed', async (text, value) => {
    const w = money()
    await type(w, text)
    expect(lastValue(w)).toBe(value)
    expect((input(w).element as HTMLInputElement).value).toBe(text)
    expect(alerts(w)).toEqual([])
  })

  it.each<[string, string]>([
    ['1e12', '请填写数字，例如 1500 或 1.5万'],
    ['12,34', '请填写数字，例如 1500 或 1.5万'],
    ['abc', '请填写数字，例如 1500 或 1.5万'],
    ['-1', '不能是负数'],
    ['1.234', '最多两位小数'],
    ['1000000.01', '不能超过 100 万元'],
    ['101万', '不能超过 100 万元'],
  ])('should keep "%s" in the field, give no value and say: %s', async (text, message) => {
    const w = money({ modelValue: 500 })
    await type(w, text)
    expect(lastValue(w)).toBeNull()
    expect((input(w).element as HTMLInputElement).value).toBe(text)
    expect(alerts(w)).toEqual([message])
  })

  it('should wait until the person leaves the field before saying what is wrong', async () => {
    const w = money()
    await input(w).setValue('1.')
    expect(alerts(w)).toEqual([])
    await input(w).setValue('1.5')
    await input(w).trigger('blur')
    expect(alerts(w)).toEqual([])
    expect(lastValue(w)).toBe(1.5)
  })

  it('should take the message away as soon as the text is right', async () => {
    const w = money()
    await type(w, '-5')
    expect(alerts(w)).toEqual(['不能是负数'])
    await input(w).setValue('5')
    expect(alerts(w)).toEqual([])
    expect(lastValue(w)).toBe(5)
  })

  it('should show its own reading rather than the step\'s message', async () => {
    const w = money({ error: '请填写收入，没有收入填 0' })
    expect(alerts(w)).toEqual(['请填写收入，没有收入填 0'])
    await type(w, '1e3')
    expect(alerts(w)).toEqual(['请填写数字，例如 1500 或 1.5万'])
  })

  it('should ask to check a possible but rare amount, and still take it', async () => {
    const w = money({ plausible: 50_000 })
    await type(w, '6万')
    expect(lastValue(w)).toBe(60_000)
    expect(alerts(w)).toEqual([])
    expect(w.get('[role="status"]').text()).toBe('请确认金额：6 万元。这比一般情况大很多，没有填错就可以继续。')
  })

  it('should not ask to check an amount up to the plausible one', async () => {
    const w = money({ plausible: 50_000 })
    await type(w, '5万')
    expect(w.get('[role="status"]').text()).toBe('')
  })

  it('should show an answer given elsewhere (restored, cleared)', async () => {
    const w = money({ modelValue: 3000 })
    expect((input(w).element as HTMLInputElement).value).toBe('3000')
    await w.setProps({ modelValue: null })
    expect((input(w).element as HTMLInputElement).value).toBe('')
  })

  it('should be a text field with the decimal keypad, so that nothing typed is filtered away', () => {
    const w = money()
    expect(input(w).attributes('type')).toBe('text')
    expect(input(w).attributes('inputmode')).toBe('decimal')
  })

  it('should word its messages in English', async () => {
    await setLocale('en')
    const w = money({ max: 50_000_000 })
    await type(w, '6e7')
    expect(alerts(w)).toEqual(['Enter a number, for example 1500 or 1.5万 (15 000)'])
    await input(w).setValue('60,000,000')
    expect(alerts(w)).toEqual(['At most 50,000,000 yuan'])
  })
})

describe('a whole-number field', () => {
  it.each<[string, number]>([
    ['72', 72],
    ['７２', 72],
    ['72岁', 72],
    ['130', 130],
  ])('should give %s as %s', async (text, value) => {
    const w = whole()
    await type(w, text)
    expect(lastValue(w)).toBe(value)
    expect(alerts(w)).toEqual([])
  })

  it.each<[string, string]>([
    ['72.5', '请填写整数'],
    ['1万', '请填写数字，例如 3'],
    ['-1', '不能是负数'],
    ['131', '不能超过 130 岁'],
  ])('should refuse "%s": %s', async (text, message) => {
    const w = whole({ modelValue: 70 })
    await type(w, text)
    expect(lastValue(w)).toBeNull()
    expect(alerts(w)).toEqual([message])
  })

  it('should ask to check a rare count', async () => {
    const w = mountField({ modelValue: 0, label: '机动车', max: 20, plausible: 3, unit: '辆' })
    await type(w, '5')
    expect(lastValue(w)).toBe(5)
    expect(w.get('[role="status"]').text()).toBe('请确认数量：5 辆。没有填错就可以继续。')
  })

  it('should use the number keypad', () => {
    expect(input(whole()).attributes('inputmode')).toBe('numeric')
  })
})
