// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { mountPage, radioName, radiosWithoutGroupName } from '../testing'
import ChoiceQuestion from './ChoiceQuestion.vue'

vi.mock('../../features/account/api', () => ({ fetchSession: vi.fn(async () => ({ user: null })) }))

/** Two 是/否 questions on one screen, as the self-diagnosis asks them for each member. */
const TwoQuestions = defineComponent(() => {
  const canWork = ref<boolean | null>(null)
  const ill = ref<boolean | null>(null)
  const yesNo = [{ value: true, label: '是' }, { value: false, label: '否' }]
  return () => [
    h(ChoiceQuestion<boolean>, { 'label': '能参加劳动吗？', 'options': yesNo, 'modelValue': canWork.value, 'onUpdate:modelValue': (v: boolean | null) => (canWork.value = v) }),
    h(ChoiceQuestion<boolean>, { 'label': '患有重病吗？', 'options': yesNo, 'modelValue': ill.value, 'onUpdate:modelValue': (v: boolean | null) => (ill.value = v) }),
  ]
})

describe('choice question', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('should put its 是/否 radios in a group named by the question', async () => {
    const { wrapper } = await mountPage(TwoQuestions)
    const groups = wrapper.findAll('fieldset')
    expect(groups.map(g => g.get('legend').text())).toEqual(['能参加劳动吗？', '患有重病吗？'])
    for (const group of groups)
      expect(group.findAll('input[type="radio"]').map(radioName)).toEqual(['是', '否'])
    expect(radiosWithoutGroupName(wrapper.element)).toEqual([])
  })

  it('should keep each question\'s radios a group of their own (one name per question)', async () => {
    const { wrapper } = await mountPage(TwoQuestions)
    const names = wrapper.findAll('fieldset').map(g => new Set(g.findAll('input[type="radio"]').map(r => r.attributes('name'))))
    expect(names.map(n => n.size)).toEqual([1, 1])
    expect([...names[0]][0]).not.toBe([...names[1]][0])
  })

  it('should find a radio with no named group (the check itself can fail)', () => {
    document.body.innerHTML = '<div><label><input type="radio" name="x">是</label><label><input type="radio" name="x">否</label></div>'
    expect(radiosWithoutGroupName(document.body)).toEqual(['是', '否'])
    document.body.innerHTML = '<fieldset><legend>能参加劳动吗？</legend><label><input type="radio" name="x"></label></fieldset>'
    expect(radiosWithoutGroupName(document.body)).toHaveLength(1)
  })
})
