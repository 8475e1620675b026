import { describe, expect, it } from 'vitest'
import { readConfig } from './config'

describe('readConfig', () => {
  it.each([
    ['nothing set', {}, []],
    ['production', { NODE_ENV: 'production', APP_SECRET: 's', PUBLIC_URL: 'https://xingfu.example.gov.cn' }, []],
    ['DEMO set to something else than 1', { DEMO: 'true' }, []],
  ])('should keep demo mode off when %s', (_case, env, argv) => {
    expect(readConfig(env, argv).demo).toBe(false)
  })

  it.each([
    ['--demo is passed', {}, ['--demo']],
    ['DEMO=1', { DEMO: '1' }, []],
  ])('should turn demo mode on when %s', (_case, env, argv) => {
    expect(readConfig(env, argv).demo).toBe(true)
  })

  it('should refuse to start in production when PUBLIC_URL is missing', () => {
    expect(() => readConfig({ NODE_ENV: 'production', APP_SECRET: 's' })).toThrow(/PUBLIC_URL must be set in production/)
  })

  it('should fall back to localhost on the port when PUBLIC_URL is missing outside production', () => {
    expect(readConfig({ PORT: '9090' }).publicUrl).toBe('http://localhost:9090')
  })

  it('should keep only the origin of PUBLIC_URL when it has a path or trailing slash', () => {
    expect(readConfig({ NODE_ENV: 'production', APP_SECRET: 's', PUBLIC_URL: 'https://xingfu.example.gov.cn/' }).publicUrl).toBe('https://xingfu.example.gov.cn')
    expect(() => readConfig({ PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/http\(s\)/)
  })
})
