import { describe, expect, it } from 'vitest'
import { personNameField } from './http/auth'
import { isPersonName, PERSON_NAME_MAX, PERSON_NAME_MIN } from './person-name'

// A rare character of a name (生僻字, CJK Extension B) takes two UTF-16 code units.
const RARE = '𠀀'

describe('isPersonName', () => {
  it.each([
    ['李', false, 'one character'],
    ['李娜', true, 'two characters'],
    ['  李娜  ', true, 'spaces around, trimmed'],
    ['李'.repeat(PERSON_NAME_MAX), true, 'the longest name'],
    ['李'.repeat(PERSON_NAME_MAX + 1), false, 'one character too many'],
    ['Maria Gonzalez', true, 'a name in Latin letters'],
    ['   ', false, 'only spaces'],
    [RARE, false, 'one rare character, though two UTF-16 units'],
    [`王${RARE}`, true, 'a surname and a rare character'],
    [`${RARE}${'李'.repeat(PERSON_NAME_MAX - 1)}`, true, 'a rare character in a name of 30 characters'],
    [`${RARE}${'李'.repeat(PERSON_NAME_MAX)}`, false, 'a rare character in a name of 31 characters'],
  ])('should say %j is a name: %s (%s)', (name, ok) => {
    expect(isPersonName(name)).toBe(ok)
  })

  it.each(['', '李', '李娜', ' 李娜 ', '李'.repeat(PERSON_NAME_MAX), '李'.repeat(PERSON_NAME_MAX + 1), RARE, `王${RARE}`, `${RARE}${'李'.repeat(PERSON_NAME_MAX - 1)}`, `${RARE}${'李'.repeat(PERSON_NAME_MAX)}`])(
    'should agree with the API\'s schema on %j',
    (name) => {
      expect(isPersonName(name)).toBe(personNameField.safeParse(name).success)
    },
  )

  it('should keep the limits the API has always had', () => {
    expect([PERSON_NAME_MIN, PERSON_NAME_MAX]).toEqual([2, 30])
  })
})
