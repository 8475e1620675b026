import { describe, expect, it } from 'vitest'
import { fenToYuan, formatMoney, isWholeFen, yuanToFen } from './money'

describe('yuanToFen', () => {
  it.each<[number, number]>([
    [0, 0],
    [-0, 0],
    [0.01, 1],
    [0.07, 7],
    [0.1 + 0.2, 30],
    [1.1, 110],
    [400.35, 40_035],
    [886.5, 88_650],
    [886.07, 88_607],
    [972, 97_200],
    [1772.01, 177_201],
    [4.35, 435],
    [1_000_000, 100_000_000],
    [50_000_000, 5_000_000_000],
    [1e12, 1e14],
    [-12.34, -1234],
    [1e-7, 0],
  ])('should give %s yuan as %i fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen)
  })

  it.each<[number, number]>([
    [1.005, 101],
    [1.004, 100],
    [0.125, 13],
    [1001 / 3, 33_367],
    [-1.005, -101],
  ])('should round %s yuan half away from zero as written, to %i fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen)
  })

  it('should be exact for every amount typed with two decimals', () => {
    for (let fen = 0; fen < 150_000; fen += 37)
      expect(yuanToFen(Number(`${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`))).toBe(fen)
  })

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1e21, 1e14])('should refuse %s', (yuan) => {
    expect(() => yuanToFen(yuan)).toThrow(RangeError)
  })
})

describe('fenToYuan', () => {
  it.each<[number, number]>([
    [0, 0],
    [1, 0.01],
    [7, 0.07],
    [40_035, 400.35],
    [88_650, 886.5],
    [97_200, 972],
    [-1234, -12.34],
  ])('should give %i fen as %s yuan', (fen, yuan) => {
    expect(fenToYuan(fen)).toBe(yuan)
  })

  it('should round-trip with yuanToFen', () => {
    for (let fen = -5000; fen < 300_000; fen += 97)
      expect(yuanToFen(fenToYuan(fen))).toBe(fen)
  })
})

describe('isWholeFen', () => {
  it.each<[number, boolean]>([
    [886, true],
    [886.5, true],
    [0.07, true],
    [1772.01, true],
    [1e12, true],
    [886.005, false],
    [0.1 + 0.2, false],
    [1e-7, false],
    [1e300, false],
    [Number.NaN, false],
  ])('should say %s is a whole number of fen: %s', (yuan, whole) => {
    expect(isWholeFen(yuan)).toBe(whole)
  })
})

describe('formatMoney', () => {
  it.each([
    [886, '886'],
    [1680, '1680'],
    [886.666, '886.67'],
    [0.1 + 0.2, '0.30'],
    [1.5, '1.50'],
    [-0, '0'],
    [0.004, '0'],
  ])('should show %s yuan as %s', (value, shown) => {
    expect(formatMoney(value)).toBe(shown)
  })
})
