import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { FieldCipher, newDataKey, readDataKeys } from './field-cipher'

const key = (id: string) => ({ id, key: randomBytes(32) })
const cipher = (...ids: string[]) => new FieldCipher(ids.map(key), randomBytes(32))

describe('fieldCipher', () => {
  it('should give back the value it sealed, and a different sealed form each time', () => {
    const c = cipher('k1')
    const a = c.seal('339901197506080012')
    const b = c.seal('339901197506080012')
    expect(a).not.toBe(b)
    expect(a).not.toContain('339901197506080012')
    expect(a.startsWith('enc1.k1.')).toBe(true)
    expect(c.open(a)).toBe('339901197506080012')
    expect(c.open(c.seal('李建国 和美村 5 组'))).toBe('李建国 和美村 5 组')
  })

  it.each([
    ['a changed character', (s: string) => s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1)],
    ['another key id', (s: string) => s.replace('enc1.k1.', 'enc1.k2.')],
    ['a value in clear', () => '339901197506080012'],
    ['a truncated value', (s: string) => s.slice(0, 20)],
  ])('should refuse %s', (_case, spoil) => {
    const c = new FieldCipher([key('k1'), key('k2')], randomBytes(32))
    expect(() => c.open(spoil(c.seal('13800138000')))).toThrow()
  })

  it('should read values of an older key after a new key was put first, and seal with the new one', () => {
    const old = key('k1')
    const indexKey = randomBytes(32)
    const sealedBefore = new FieldCipher([old], indexKey).seal('13800138000')
    const rotated = new FieldCipher([key('k2'), old], indexKey)
    expect(rotated.open(sealedBefore)).toBe('13800138000')
    expect(FieldCipher.keyIdOf(rotated.seal('x'))).toBe('k2')
    expect(FieldCipher.keyIdOf('13800138000')).toBeNull()
  })

  it('should index equal values equally, apart by kind, and reveal nothing of them', () => {
    const c = cipher('k1')
    expect(c.index('phone', '13800138000')).toBe(c.index('phone', '13800138000'))
    expect(c.index('phone', '13800138000')).not.toBe(c.index('id_number', '13800138000'))
    expect(c.index('phone', '13800138000')).toMatch(/^[0-9a-f]{64}$/)
    expect(cipher('k1').index('phone', '13800138000')).not.toBe(c.index('phone', '13800138000'))
  })

  it('should refuse to start in production without keys, and derive stable ones elsewhere', () => {
    expect(() => readDataKeys({ NODE_ENV: 'production' }, 's')).toThrow(/DATA_KEYS and DATA_INDEX_KEY must be set in production/)
    expect(readDataKeys({}, 's')).toEqual(readDataKeys({}, 's'))
    expect(readDataKeys({}, 's').keys[0].key).not.toEqual(readDataKeys({}, 't').keys[0].key)
  })

  it('should read keys as DATA_KEYS holds them, the first encrypting', () => {
    const env = { DATA_KEYS: `${newDataKey('k2')}, ${newDataKey('k1')}`, DATA_INDEX_KEY: randomBytes(32).toString('base64') }
    const { keys, indexKey } = readDataKeys(env, 's')
    const c = new FieldCipher(keys, indexKey)
    expect(c.currentKeyId).toBe('k2')
    expect(keys.map(k => k.id)).toEqual(['k2', 'k1'])
    expect(() => new FieldCipher([{ id: 'bad id', key: randomBytes(32) }], indexKey)).toThrow()
    expect(() => new FieldCipher([{ id: 'k', key: randomBytes(16) }], indexKey)).toThrow()
  })
})
