// @vitest-environment happy-dom
import type { MemberDraft } from '../draft'
import { describe, expect, it } from 'vitest'
import { createMember } from '../draft'
import { mountComponent } from '../test-support'
import MemberEditor from './MemberEditor.vue'

function mountEditor(members: MemberDraft[], errors: Record<string, string> = {}) {
  return mountComponent(MemberEditor, { props: { modelValue: members, errors } })
}

function emitted(w: ReturnType<typeof mountEditor>): MemberDraft[] {
  const events = w.emitted<[MemberDraft[]]>('update:modelValue')!
  return events[events.length - 1][0]
}

describe('the household member editor', () => {
  it('should emit the list with a new empty member when one is added', async () => {
    const w = mountEditor([{ ...createMember('self'), age: 72 }])
    await w.findAll('button').find(b => b.text() === '添加家庭成员')!.trigger('click')
    expect(emitted(w)).toEqual([{ ...createMember('self'), age: 72 }, createMember()])
  })

  it('should emit the list without the member removed', async () => {
    const w = mountEditor([{ ...createMember('self'), age: 72 }, { ...createMember('spouse'), age: 70 }, { ...createMember('child'), age: 40 }])
    await w.findAll('button').find(b => b.text() === '删除第 2 位')!.trigger('click')
    expect(emitted(w).map(m => m.relation)).toEqual(['self', 'child'])
  })

  it('should not offer to remove the person filling in', () => {
    const w = mountEditor([createMember('self')])
    expect(w.findAll('button').map(b => b.text())).toEqual(['添加家庭成员'])
  })

  it('should ask the relation of every member but the first, and the sex of everyone', () => {
    const w = mountEditor([createMember('self'), createMember()])
    const legends = w.findAll('legend').map(l => l.text())
    expect(legends).toEqual(['性别', '与您的关系', '性别'])
    expect(w.text()).toContain('第 1 位（您本人）')
  })

  it('should offer 女 and 男 as the sex, nothing chosen beforehand', () => {
    const w = mountEditor([createMember('self')])
    const sex = w.findAll('fieldset').find(f => f.get('legend').text() === '性别')!
    expect(sex.findAll('label').map(l => l.text())).toEqual(['女', '男'])
    expect(sex.findAll('input').map(i => (i.element as HTMLInputElement).checked)).toEqual([false, false])
  })

  it('should emit the sex chosen for a member', async () => {
    const w = mountEditor([{ ...createMember('self'), age: 72 }, createMember('spouse')])
    const second = w.findAll('section')[1]
    await second.findAll('label').find(l => l.text() === '女')!.get('input').setValue(true)
    expect(emitted(w).map(m => m.sex)).toEqual([null, 'female'])
  })

  it('should show the sex chosen before', () => {
    const w = mountEditor([{ ...createMember('self'), sex: 'male' }])
    const checked = w.findAll('label.choice-option').filter(l => (l.get('input').element as HTMLInputElement).checked).map(l => l.text())
    expect(checked).toEqual(['男'])
  })

  it('should emit the age typed for a member', async () => {
    const w = mountEditor([createMember('self')])
    await w.get('input[inputmode="numeric"]').setValue('72')
    expect(emitted(w)[0].age).toBe(72)
  })

  it('should emit the age typed with full-width digits and 岁', async () => {
    const w = mountEditor([createMember('self')])
    await w.get('input[inputmode="numeric"]').setValue('７２岁')
    expect(emitted(w)[0].age).toBe(72)
  })

  it('should emit the relation chosen for a member', async () => {
    const w = mountEditor([createMember('self'), createMember()])
    const spouse = w.findAll('label').find(l => l.text() === '配偶')!
    await spouse.get('input').setValue(true)
    expect(emitted(w)[1].relation).toBe('spouse')
  })

  it('should show the error of a field as an alert', () => {
    const w = mountEditor([createMember('self')], { 'members.0.age': '请填写' })
    expect(w.get('[role="alert"]').text()).toBe('请填写')
  })

  it('should show a missing sex as an alert under the question', () => {
    const w = mountEditor([createMember('self')], { 'members.0.sex': '请选择一项' })
    const sex = w.findAll('fieldset').find(f => f.get('legend').text() === '性别')!
    expect(sex.get('[role="alert"]').text()).toBe('请选择一项')
  })
})
