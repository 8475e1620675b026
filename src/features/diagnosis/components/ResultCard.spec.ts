// @vitest-environment happy-dom
import type { DiagnosisAnswers } from '../../../domain/diagnosis'
import { mount } from '@vue/test-utils'
import Vant from 'vant'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { i18n, setLocale } from '../../../app/i18n'
import { diagnose } from '../../../domain/diagnosis'
import { resolveRegion } from '../../../domain/regions'
import ResultCard from './ResultCard.vue'

// A man of 72 living alone in Hangzhou on 600 yuan a month: dibao is likely.
const ANSWERS: DiagnosisAnswers = {
  region: '330106',
  receiving: [],
  members: [{ relation: 'self', sex: 'male', age: 72, monthlyIncome: 600, canWork: false, disabilityGrade: 0, seriousIllness: true, student: 'none', unemployed: false, hasCapableSupporter: false }],
  assets: { depositsPerCapita: 3000, vehicles: 0, extraHousing: false },
  monthlyRigidExpenses: { medical: 200, education: 0 },
  events: { suddenHardship: false, disaster: false },
  housing: 'adequate',
}

function dibaoResult() {
  return diagnose(ANSWERS, resolveRegion(ANSWERS.region)!).find(r => r.item === 'dibao')!
}

beforeEach(async () => {
  await setLocale('zh-CN')
})

afterEach(async () => {
  document.body.innerHTML = ''
  await setLocale('zh-CN')
})

describe('the result card', () => {
  it('should word the reasons, documents and department of a result in the language shown', () => {
    const wrapper = mount(ResultCard, { props: { result: dibaoResult() }, global: { plugins: [i18n, Vant] } })
    expect(wrapper.get('h3').text()).toBe('最低生活保障（低保）')
    expect(wrapper.get('.reasons').text()).toContain('家庭人均月收入 600 元，低于本地低保标准 886 元')
    expect(wrapper.get('.documents').text()).toContain('家庭经济状况核对授权书（家庭成员签字）')
    expect(wrapper.get('.department').text()).toContain('民政部门')
  })

  it('should re-word a shown result when the language changes, without diagnosing again', async () => {
    const wrapper = mount(ResultCard, { props: { result: dibaoResult() }, global: { plugins: [i18n, Vant] } })
    await setLocale('en')
    await nextTick()
    expect(wrapper.get('h3').text()).toBe('Minimum living allowance (dibao)')
    expect(wrapper.get('.reasons').text()).toContain('Household income per person is 600 yuan a month, below the local dibao standard of 886 yuan')
    expect(wrapper.get('.reasons').text()).not.toMatch(/[\u4E00-\u9FFF]/)
    expect(wrapper.get('.department').text()).toContain('Civil Affairs (township social assistance window, county Civil Affairs Bureau)')
  })
})
