// The kiosk's on-screen number keys, as pure functions: which keys there are, what a key does
// to the text, and which physical keys (a keyboard, or an ID card reader that "types") mean one.

/** The key beside 0: X for the last character of an ID number, the point for money, else "hide". */
export type ExtraKey = 'X' | '.' | ''
export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'X' | '.' | 'delete' | 'hide'

/** Phone layout (1 2 3 at the top), the extra key left of 0 and delete right of it, as Vant's. */
export function keypadKeys(extra: ExtraKey): KeypadKey[] {
  return ['1', '2', '3', '4', '5', '6', '7', '8', '9', extra === '' ? 'hide' : extra, '0', 'delete']
}

/** The text after a key: characters stop at `max`, delete takes the last one. */
export function pressKey(value: string, key: KeypadKey, max = Number.POSITIVE_INFINITY): string {
  if (key === 'delete')
    return value.slice(0, -1)
  if (key === 'hide')
    return value
  return value.length < max ? value + key : value
}

/**
 * The on-screen key a physical key stands for, when the keys have the focus (someone tabbed
 * into them): digits, X (either case) on the ID keypad, the point on the money keypad, Backspace.
 * Anything else is left to the browser (Tab, Enter and Space on a key, shortcuts).
 */
export function keyOfKeyboard(key: string, extra: ExtraKey): KeypadKey | null {
  if (/^\d$/.test(key))
    return key as KeypadKey
  if (key === 'Backspace')
    return 'delete'
  if (extra === 'X' && key.toUpperCase() === 'X')
    return 'X'
  if (extra === '.' && key === '.')
    return '.'
  return null
}
