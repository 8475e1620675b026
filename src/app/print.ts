import PRINT_CSS from './print.css?inline'

/**
 * Printing with the browser in two paper sizes: A4 (any office printer) and 80 mm receipt rolls
 * (the thermal printers of village kiosks). `printAs` marks <html data-paper="…">, adds the paper
 * layouts of print.css as a print-only stylesheet with the matching @page rule, prints, and takes
 * all of it away after printing.
 */
export type Paper = 'a4' | 'receipt'

const MM = 96 / 25.4
export const RECEIPT_MARGIN_MM = 3
/** Shortest receipt, and the longest page (Chromium's PDF pages stop at 200 in); longer ones go on. */
const RECEIPT_MIN_MM = 60
const RECEIPT_MAX_MM = 5000

/**
 * The @page rule of a paper. A receipt is 80 mm wide and as long as what is printed: Chromium drops
 * `size: 80mm auto` as invalid (and `80mm` alone is a square), so the length is measured.
 */
export function pageRule(paper: Paper, contentHeightPx = 0): string {
  if (paper === 'a4')
    return '@page { size: A4; margin: 15mm; }'
  // A little spare: print and screen round text lines a little differently.
  const length = Math.ceil(contentHeightPx / MM * 1.03 + 2 * RECEIPT_MARGIN_MM + 8)
  return `@page { size: 80mm ${Math.min(RECEIPT_MAX_MM, Math.max(RECEIPT_MIN_MM, length))}mm; margin: ${RECEIPT_MARGIN_MM}mm; }`
}

let pending: (() => void) | null = null

/** Takes away what `printAs` set; the next print also does it when `afterprint` never came. */
export function endPrint(): void {
  pending?.()
}

function addStyle(id: string, css: string, media: string): HTMLStyleElement {
  const style = document.createElement('style')
  style.id = id
  style.media = media
  style.textContent = css
  // Last in <head>, so it wins over an @page of a page seen before (the quarterly sheet's A4).
  document.head.append(style)
  return style
}

export function printAs(paper: Paper): void {
  endPrint()
  const root = document.documentElement
  root.dataset.paper = paper
  const layout = addStyle('xfm-print-layout', PRINT_CSS, 'print')
  let height = 0
  if (paper === 'receipt') {
    // Lay the receipt out on screen for a moment (no frame is painted in between) to measure it.
    layout.media = 'all'
    height = document.body.getBoundingClientRect().height
    layout.media = 'print'
  }
  const page = addStyle('xfm-print-page', pageRule(paper, height), 'print')
  const done = () => {
    window.removeEventListener('afterprint', done)
    layout.remove()
    page.remove()
    delete root.dataset.paper
    pending = null
  }
  pending = done
  window.addEventListener('afterprint', done)
  window.print()
}
