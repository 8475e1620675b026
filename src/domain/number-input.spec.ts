import type { NumberInputProblem, NumberInputRules } from './number-input'
import { describe, expect, it } from 'vitest'
import { numberInputText, parseNumberInput } from './number-input'

const MONEY: NumberInputRules = { min: 0, max: 1_000_000 }
const WHOLE: NumberInputRules = { integer: true, min: 0, max: 130 }

describe('parseNumberInput', () => {
  it.each<[string, number]>([
    ['0', 0],
    ['1500', 1500],
    ['1500.5', 1500.5],
    ['1500.50', 1500.5],
    ['0.01', 0.01],
    ['007', 7],
    ['１２３．５', 123.5],
    ['１２３。５', 123.5],
    ['1.5万', 15_000],
    ['1.5 万元', 15_000],
    ['1.5萬', 15_000],
    ['3千', 3000],
    ['０．５万', 5000],
    ['0.005万', 50],
    ['0.00005万', 0.5],
    ['0.000001万', 0.01],
    ['1,200', 1200],
    ['1，200', 1200],
    ['1,200,000.50', 1_200_000.5],
    ['1,200万', 12_000_000],
    ['1 200', 1200],
    ['  600  ', 600],
    ['1　200', 1200],
    ['600元', 600],
    ['600 元', 600],
  ])('should read the amount "%s" as %s', (text, value) => {
    expect(parseNumberInput(text, { max: 100_000_000 })).toEqual({ ok: true, value })
  })

  it.each<[string, NumberInputProblem]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['1e12', 'not_a_number'],
    ['1E3', 'not_a_number'],
    ['abc', 'not_a_number'],
    ['12,34', 'not_a_number'],
    ['1,2345', 'not_a_number'],
    [',120', 'not_a_number'],
    ['1.2.3', 'not_a_number'],
    ['1.', 'not_a_number'],
    ['.5', 'not_a_number'],
    ['+1', 'not_a_number'],
    ['0x10', 'not_a_number'],
    ['Infinity', 'not_a_number'],
    ['NaN', 'not_a_number'],
    ['万', 'not_a_number'],
    ['元', 'not_a_number'],
    ['1万5千', 'not_a_number'],
    ['一千', 'not_a_number'],
    ['-1', 'negative'],
    ['－1', 'negative'],
    ['−1', 'negative'],
    ['-0.5万', 'negative'],
    ['1.234', 'too_many_decimals'],
    ['0.001', 'too_many_decimals'],
    ['0.0000001', 'too_many_decimals'],
    ['0.0000001万', 'too_many_decimals'],
    ['1000001', 'too_large'],
    ['100.01万', 'too_large'],
    ['999999999999999999999', 'too_large'],
  ])('should refuse the amount "%s" as %s', (text, problem) => {
    expect(parseNumberInput(text, MONEY)).toEqual({ ok: false, problem })
  })

  it('should accept the largest amount allowed', () => {
    expect(parseNumberInput('100万', MONEY)).toEqual({ ok: true, value: 1_000_000 })
  })

  it('should refuse a value below the minimum', () => {
    expect(parseNumberInput('5', { min: 10 })).toEqual({ ok: false, problem: 'too_small' })
  })

  it('should refuse digits beyond the safe range even without a maximum', () => {
    expect(parseNumberInput('9007199254740993')).toEqual({ ok: false, problem: 'too_large' })
  })

  it.each<[string, number]>([
    ['72', 72],
    ['７２', 72],
    ['72.0', 72],
    ['0', 0],
    ['130', 130],
  ])('should read the whole number "%s" as %s', (text, value) => {
    expect(parseNumberInput(text, WHOLE)).toEqual({ ok: true, value })
  })

  it.each<[string, NumberInputProblem]>([
    ['1.5', 'not_integer'],
    ['72.5', 'not_integer'],
    ['1万', 'not_a_number'],
    ['131', 'too_large'],
    ['-1', 'negative'],
    ['1e2', 'not_a_number'],
  ])('should refuse the whole number "%s" as %s', (text, problem) => {
    expect(parseNumberInput(text, WHOLE)).toEqual({ ok: false, problem })
  })

  it('should accept 万 in a whole-number field only when units are asked for', () => {
    expect(parseNumberInput('2万', { integer: true, units: true })).toEqual({ ok: true, value: 20_000 })
  })

  it('should keep the decimal places a field allows', () => {
    expect(parseNumberInput('1.5', { decimals: 0 })).toEqual({ ok: false, problem: 'too_many_decimals' })
    expect(parseNumberInput('1.25', { decimals: 1 })).toEqual({ ok: false, problem: 'too_many_decimals' })
    expect(parseNumberInput('1.2', { decimals: 1 })).toEqual({ ok: true, value: 1.2 })
  })

  it.each<[string, number]>([
    ['72岁', 72],
    ['72 岁', 72],
    ['2辆', 2],
  ])('should accept the field\'s own unit after the number: "%s"', (text, value) => {
    expect(parseNumberInput(text, { integer: true, suffix: text.endsWith('岁') ? '岁' : '辆' })).toEqual({ ok: true, value })
  })

  it('should refuse another unit than the field\'s', () => {
    expect(parseNumberInput('72辆', { integer: true, suffix: '岁' })).toEqual({ ok: false, problem: 'not_a_number' })
  })
})

describe('numberInputText', () => {
  it.each<[number | null, string]>([
    [null, ''],
    [0, '0'],
    [1500.5, '1500.5'],
    [15_000, '15000'],
  ])('should show %s as "%s", which reads back as the same value', (value, text) => {
    expect(numberInputText(value)).toBe(text)
    if (value !== null)
      expect(parseNumberInput(text, { max: 100_000 })).toEqual({ ok: true, value })
  })
})
