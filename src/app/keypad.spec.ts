import { describe, expect, it } from 'vitest'
import { keyOfKeyboard, keypadKeys, pressKey } from './keypad'

describe('kiosk keypad keys', () => {
  it.each([
    ['X', ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0', 'delete']],
    ['.', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '0', 'delete']],
    ['', ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'hide', '0', 'delete']],
  ] as const)('should lay out the keys with %j beside 0', (extra, keys) => {
    expect(keypadKeys(extra)).toEqual(keys)
  })

  it.each([
    ['3399', '0', 18, '33990'],
    ['339901194803150', 'X', 16, '339901194803150X'],
    ['33990119480315060X', '1', 18, '33990119480315060X'],
    ['12', 'delete', 18, '1'],
    ['', 'delete', 18, ''],
    ['12', 'hide', 18, '12'],
    ['600', '.', Number.POSITIVE_INFINITY, '600.'],
  ] as const)('should turn %j and key %j (max %d) into %j', (value, key, max, after) => {
    expect(pressKey(value, key, max)).toBe(after)
  })

  it.each([
    ['7', 'X', '7'],
    ['x', 'X', 'X'],
    ['X', 'X', 'X'],
    ['x', '', null],
    ['.', '.', '.'],
    ['.', 'X', null],
    ['Backspace', '', 'delete'],
    ['Enter', 'X', null],
    [' ', 'X', null],
    ['Tab', 'X', null],
    ['a', 'X', null],
  ] as const)('should read the physical key %j on the %j keypad as %j', (key, extra, meant) => {
    expect(keyOfKeyboard(key, extra)).toBe(meant)
  })
})
