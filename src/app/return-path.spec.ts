import { describe, expect, it } from 'vitest'
import { returnPath } from './return-path'

describe('returnPath', () => {
  it.each([
    ['/list', '/list'],
    ['/progress/abc?x=1', '/progress/abc?x=1'],
    ['//evil.example/list', null],
    ['/\\evil.example', null],
    ['https://evil.example/', null],
    ['list', null],
    [undefined, null],
    [['/list'], null],
  ])('should take %j as %j', (value, expected) => {
    expect(returnPath(value)).toBe(expected)
  })
})
