// @vitest-environment happy-dom
import type { VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { KIOSK_STORAGE_KEY } from '../../features/kiosk/store'
import { pageRule } from '../print'
import { mountPage } from '../testing'
import PrintButtons from './PrintButtons.vue'

let wrapper: VueWrapper
const print = vi.fn()

async function open({ kiosk }: { kiosk: boolean }) {
  localStorage.setItem(KIOSK_STORAGE_KEY, JSON.stringify({ enabled: kiosk, idleSeconds: 90, countdownSeconds: 30 }))
  ;({ wrapper } = await mountPage(PrintButtons))
}

const buttons = () => wrapper.findAll('button')
const button = (text: string) => buttons().find(b => b.text() === text)!
const pageStyle = () => document.getElementById('xfm-print-page')

beforeEach(() => {
  print.mockReset()
  vi.stubGlobal('print', print)
})
afterEach(() => {
  window.dispatchEvent(new Event('afterprint'))
  wrapper?.unmount()
  document.body.innerHTML = ''
  localStorage.clear()
  vi.unstubAllGlobals()
})

describe('printButtons', () => {
  it('should offer the receipt first, as the main button, on a kiosk', async () => {
    await open({ kiosk: true })
    expect(buttons().map(b => b.text())).toEqual(['打印小票', '打印 A4'])
    expect(button('打印小票').classes()).toContain('van-button--primary')
    expect(button('打印 A4').classes()).not.toContain('van-button--primary')
  })

  it('should offer A4 first on a phone', async () => {
    await open({ kiosk: false })
    expect(buttons().map(b => b.text())).toEqual(['打印 A4', '打印小票'])
    expect(buttons().some(b => b.classes().includes('van-button--primary'))).toBe(false)
  })

  it('should print on an 80 mm receipt and clean up after printing', async () => {
    await open({ kiosk: true })
    print.mockImplementation(() => {
      // What the browser lays out while printing.
      expect(document.documentElement.dataset.paper).toBe('receipt')
      expect(pageStyle()?.textContent).toMatch(/size: 80mm \d+mm; margin: 3mm;/)
      expect(pageStyle()?.getAttribute('media')).toBe('print')
      expect(document.getElementById('xfm-print-layout')?.getAttribute('media')).toBe('print')
      // Last in <head>: it wins over an @page rule of a page seen before.
      expect(document.head.lastElementChild).toBe(pageStyle())
    })
    await button('打印小票').trigger('click')
    expect(print).toHaveBeenCalledOnce()
    window.dispatchEvent(new Event('afterprint'))
    expect(document.documentElement.hasAttribute('data-paper')).toBe(false)
    expect(pageStyle()).toBeNull()
    expect(document.getElementById('xfm-print-layout')).toBeNull()
  })

  it('should print on A4 with its own page rule', async () => {
    await open({ kiosk: false })
    await button('打印 A4').trigger('click')
    expect(print).toHaveBeenCalledOnce()
    expect(document.documentElement.dataset.paper).toBe('a4')
    expect(pageStyle()?.textContent).toBe('@page { size: A4; margin: 15mm; }')
    window.dispatchEvent(new Event('afterprint'))
    expect(document.documentElement.hasAttribute('data-paper')).toBe(false)
  })

  it('should leave one paper set when a browser never says printing ended', async () => {
    await open({ kiosk: true })
    await button('打印小票').trigger('click')
    await button('打印 A4').trigger('click')
    expect(document.documentElement.dataset.paper).toBe('a4')
    expect(document.querySelectorAll('#xfm-print-page')).toHaveLength(1)
    expect(document.querySelectorAll('#xfm-print-layout')).toHaveLength(1)
  })
})

describe('the receipt page rule', () => {
  it('should be as long as the content, within bounds', () => {
    // 1000 px ≈ 264.6 mm of content, a little spare, 2 × 3 mm margins.
    expect(pageRule('receipt', 1000)).toBe('@page { size: 80mm 287mm; margin: 3mm; }')
    expect(pageRule('receipt', 0)).toBe('@page { size: 80mm 60mm; margin: 3mm; }')
    expect(pageRule('receipt', 1e6)).toBe('@page { size: 80mm 5000mm; margin: 3mm; }')
  })
})
