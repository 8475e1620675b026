// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import type { MoneyDraft } from '../draft'
import { afterEach, describe, expect, it } from 'vitest'
import { reactive } from 'vue'
import { mountComponent } from '../test-support'
import MoneyField from './MoneyField.vue'

let wrapper: VueWrapper
afterEach(() => {
  wrapper?.unmount()
})

/**
 * Income as StepIncome asks it: at most 100 万 a month, to be checked above 5 万. The field
 * changes the draft it is given, as in the store (reactive).
 */
function mountMoney(modelValue: MoneyDraft) {
  wrapper = mountComponent(MoneyField, {
    props: {
      'label': '收入',
      'monthlyMax': 1_000_000,
      'plausibleMonthly': 50_000,
      modelValue,
      'onUpdate:modelValue': (value: MoneyDraft) => wrapper.setProps({ modelValue: value }),
    },
  })
  return wrapper
}

function alerts(w: VueWrapper): string[] {
  return w.findAll('[role="alert"]').map(a => a.text())
}

async function type(w: VueWrapper, text: string) {
  const input = w.get('input[inputmode="decimal"]')
  await input.setValue(text)
  await input.trigger('blur')
}

async function period(w: VueWrapper, label: '每月' | '每年') {
  await w.findAll('label').find(l => l.text() === label)!.get('input').setValue(true)
}

describe('a money field typed per month or per year', () => {
  it('should keep the amount as typed in the answers and say what it is a month', async () => {
    const model = reactive<MoneyDraft>({ amount: null, period: 'year' })
    const w = mountMoney(model)
    await type(w, '1.2万')
    expect(model).toEqual({ amount: 12_000, period: 'year' })
    expect(w.text()).toContain('折合每月 1000 元')
  })

  it('should refuse 150 万 a month but take it a year', async () => {
    const model = reactive<MoneyDraft>({ amount: null, period: 'month' })
    const w = mountMoney(model)
    await type(w, '150万')
    expect(model.amount).toBeNull()
    expect(alerts(w)).toEqual(['不能超过 100 万元'])
    await period(w, '每年')
    expect(model).toEqual({ amount: 1_500_000, period: 'year' })
    expect(alerts(w)).toEqual([])
  })

  it('should ask to check 6 万 a month, not 6 万 a year', async () => {
    const model = reactive<MoneyDraft>({ amount: null, period: 'month' })
    const w = mountMoney(model)
    await type(w, '60000')
    expect(w.find('.check p').text()).toBe('请确认金额：6 万元。这比一般情况大很多，没有填错就可以继续。')
    expect(model.amount).toBe(60_000)
    await period(w, '每年')
    expect(w.find('.check p').exists()).toBe(false)
  })
})
