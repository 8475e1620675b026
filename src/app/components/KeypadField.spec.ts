// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import { mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import Vant from 'vant'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { KIOSK_STORAGE_KEY } from '../../features/kiosk/store'
import { i18n, setLocale } from '../i18n'
import KeypadField from './KeypadField.vue'

// The kiosk's number keys (issue #16) answer touch, mouse and keyboard alike, and never take the
// focus from the field: a keyboard or an ID card reader types into it whatever was pressed before.

const ID_NUMBER = '33990119480315060X'
let wrapper: VueWrapper | undefined

/** A form as the pages have it: an ID number on the keys, then the name. */
function mountForm({ kiosk = true, keypad = 'id' as 'id' | 'digits' | 'decimal', readonly = false, maxlength = 18 } = {}) {
  localStorage.setItem(KIOSK_STORAGE_KEY, JSON.stringify({ enabled: kiosk, idleSeconds: 90, countdownSeconds: 30 }))
  const value = ref('')
  const Host = defineComponent(() => () => h('form', [
    h(KeypadField, { 'modelValue': value.value, 'onUpdate:modelValue': (v: string) => (value.value = v), keypad, maxlength, readonly, 'label': '身份证号', 'name': 'idNumber' }),
    h('input', { 'name': 'name', 'aria-label': '姓名' }),
  ]))
  wrapper = mount(Host, { global: { plugins: [createPinia(), i18n, Vant] }, attachTo: document.body })
  return { value }
}

const field = () => document.querySelector<HTMLInputElement>('input[name="idNumber"]')!
const keypad = () => document.querySelector<HTMLElement>('[role="group"][aria-label="数字键盘"]')
const isOpen = () => keypad() !== null && keypad()!.style.display !== 'none'
/** A key by its accessible name, as a person or a screen reader finds it. */
function key(name: string): HTMLButtonElement {
  const found = [...keypad()!.querySelectorAll('button')].find(b => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === name)
  if (!found)
    throw new Error(`no key named ${name}`)
  return found
}

async function openKeys() {
  field().focus()
  await nextTick()
  expect(isOpen()).toBe(true)
}

/** A mouse click as the browser sends it: press (focus would move here unless prevented), release, click. */
function mouseClick(target: HTMLElement): MouseEvent {
  const down = new MouseEvent('mousedown', { bubbles: true, cancelable: true })
  target.dispatchEvent(down)
  target.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, cancelable: true }))
  target.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))
  return down
}

/** A finger: the touch events, then the mouse events and click the browser makes from them. */
function tap(target: HTMLElement) {
  target.dispatchEvent(new Event('touchstart', { bubbles: true, cancelable: true }))
  target.dispatchEvent(new Event('touchend', { bubbles: true, cancelable: true }))
  mouseClick(target)
}

beforeEach(async () => {
  await setLocale('zh-CN')
})

afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
  localStorage.clear()
})

describe('keypadField on a kiosk', () => {
  it('should type the digits a mouse clicks, on a touch screen as on any other', async () => {
    const { value } = mountForm()
    await openKeys()
    for (const digit of '3399')
      mouseClick(key(digit))
    await nextTick()
    expect(value.value).toBe('3399')
    expect(field().value).toBe('3399')
  })

  it('should type once per tap', async () => {
    const { value } = mountForm()
    await openKeys()
    tap(key('7'))
    tap(key('X'))
    await nextTick()
    expect(value.value).toBe('7X')
  })

  it('should keep the focus in the field when a key is pressed, so that a keyboard types on into it', async () => {
    mountForm()
    await openKeys()
    expect(mouseClick(key('5')).defaultPrevented).toBe(true)
    expect(document.activeElement).toBe(field())
  })

  it('should leave the caret after what the keys typed, so that a keyboard types on after it', async () => {
    mountForm()
    await openKeys()
    field().setSelectionRange(0, 0)
    for (const digit of '339901') {
      mouseClick(key(digit))
      await nextTick()
    }
    await nextTick()
    expect(field().value).toBe('339901')
    expect([field().selectionStart, field().selectionEnd]).toEqual([6, 6])
  })

  it('should stop at the field\'s length and delete with the delete key', async () => {
    const { value } = mountForm({ maxlength: 4 })
    await openKeys()
    for (const digit of '123456')
      mouseClick(key(digit))
    await nextTick()
    expect(value.value).toBe('1234')
    mouseClick(key('删除'))
    await nextTick()
    expect(value.value).toBe('123')
  })

  it('should hand digits, X and Backspace typed while a key has the focus to the field, and give the focus back', async () => {
    const { value } = mountForm()
    await openKeys()
    key('1').focus()
    for (const typed of ['3', '3', 'x', 'Backspace', '9'])
      key('1').dispatchEvent(new KeyboardEvent('keydown', { key: typed, bubbles: true, cancelable: true }))
    await nextTick()
    expect(value.value).toBe('339')
    expect(document.activeElement).toBe(field())
    expect(isOpen()).toBe(true)
  })

  it('should close the keys and move on to the next field when a card reader ends with Enter', async () => {
    const { value } = mountForm()
    await openKeys()
    field().value = ID_NUMBER
    field().dispatchEvent(new Event('input', { bubbles: true }))
    field().dispatchEvent(new KeyboardEvent('keypress', { key: 'Enter', keyCode: 13, bubbles: true, cancelable: true }))
    await nextTick()
    expect(value.value).toBe(ID_NUMBER)
    expect(isOpen()).toBe(false)
    expect(document.activeElement).toBe(document.querySelector('input[name="name"]'))
  })

  it('should close the keys with 完成, with Escape, and when the focus goes elsewhere', async () => {
    mountForm()
    await openKeys()
    mouseClick(key('完成'))
    await nextTick()
    expect(isOpen()).toBe(false)

    field().click()
    await nextTick()
    expect(isOpen()).toBe(true)
    field().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await nextTick()
    expect(isOpen()).toBe(false)

    field().click()
    await nextTick()
    expect(isOpen()).toBe(true)
    document.querySelector<HTMLInputElement>('input[name="name"]')!.focus()
    await nextTick()
    expect(isOpen()).toBe(false)
  })

  it('should name the delete and hide keys for screen readers', async () => {
    mountForm({ keypad: 'digits' })
    await openKeys()
    expect(key('删除').tagName).toBe('BUTTON')
    mouseClick(key('收起键盘'))
    await nextTick()
    expect(isOpen()).toBe(false)
  })

  it('should keep the system keyboard away and not open the keys on a read-only field', async () => {
    mountForm({ readonly: true })
    expect(field().getAttribute('inputmode')).toBe('none')
    field().focus()
    await nextTick()
    expect(isOpen()).toBe(false)
  })
})

describe('keypadField elsewhere', () => {
  it('should be the plain field with the phone\'s own number keyboard', async () => {
    mountForm({ kiosk: false, keypad: 'digits' })
    field().focus()
    await nextTick()
    expect(field().getAttribute('inputmode')).toBe('numeric')
    expect(keypad()).toBeNull()
  })
})
