/**
 * The text a read-aloud button reads: what the screen shows inside an element, in reading order,
 * one phrase per block or option, so that the speech pauses where the eye does. Left out: what
 * is not shown (hidden, display: none, screen-reader-only text, aria-hidden icons), form fields
 * and anything marked `data-read-skip`.
 */

const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'INPUT', 'SELECT', 'TEXTAREA', 'SVG', 'CANVAS', 'IMG'])
const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'LABEL',
  'LEGEND',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
])
/** A phrase that already ends a sentence or a clause needs no added comma. */
const ENDS_WITH_PUNCTUATION = /[。？！：；，、,.?!:;]$/

function hidden(el: Element): boolean {
  if (SKIP_TAGS.has(el.tagName.toUpperCase()))
    return true
  if (el.hasAttribute('hidden') || el.hasAttribute('data-read-skip') || el.getAttribute('aria-hidden') === 'true')
    return true
  if (el.classList.contains('sr-only'))
    return true
  const style = (el as HTMLElement).style
  if (style && (style.display === 'none' || style.visibility === 'hidden'))
    return true
  // In a real browser, also what style sheets hide.
  return typeof el.checkVisibility === 'function' && el.isConnected && !el.checkVisibility({ visibilityProperty: true })
}

/** A span the style sheet lays out as its own box (a grid or flex item, inline-block…) is a phrase of its own. */
function laidOutAsBlock(el: Element): boolean {
  if (typeof getComputedStyle !== 'function' || !el.isConnected)
    return false
  const display = getComputedStyle(el).display
  return display !== '' && display !== 'inline' && display !== 'contents'
}

function collect(node: Node, phrases: string[], line: { text: string }) {
  if (node.nodeType === 3) {
    line.text += node.textContent ?? ''
    return
  }
  if (node.nodeType !== 1)
    return
  const el = node as Element
  if (hidden(el))
    return
  const block = BLOCK_TAGS.has(el.tagName.toUpperCase()) || el.tagName === 'BUTTON' || laidOutAsBlock(el)
  if (block)
    flush(phrases, line)
  for (const child of Array.from(el.childNodes))
    collect(child, phrases, line)
  if (block)
    flush(phrases, line)
}

function flush(phrases: string[], line: { text: string }) {
  const text = line.text.replace(/\s+/g, ' ').trim()
  if (text)
    phrases.push(text)
  line.text = ''
}

/** Phrases joined with Chinese commas, ending in a full stop. */
export function joinPhrases(phrases: readonly string[]): string {
  let out = ''
  for (const phrase of phrases) {
    if (out && !ENDS_WITH_PUNCTUATION.test(out))
      out += '，'
    out += phrase
  }
  if (out && !ENDS_WITH_PUNCTUATION.test(out))
    out += '。'
  return out
}

export function readableText(root: Element): string {
  const phrases: string[] = []
  const line = { text: '' }
  for (const child of Array.from(root.childNodes))
    collect(child, phrases, line)
  flush(phrases, line)
  return joinPhrases(phrases)
}
