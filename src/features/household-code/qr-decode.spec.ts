import { describe, expect, it } from 'vitest'
import { TOKEN_CHARS } from '../../domain/household-code/token'
import { tokenFromCodeUrl } from './qr-decode'

const TOKEN = 'AQF'.padEnd(TOKEN_CHARS, 'x_-9')

describe('tokenFromCodeUrl', () => {
  it('should take the token from a code URL of any origin', () => {
    expect(tokenFromCodeUrl(`https://xfm.example.gov.cn/h/${TOKEN}`)).toBe(TOKEN)
    expect(tokenFromCodeUrl(`http://127.0.0.1:8080/h/${TOKEN}`)).toBe(TOKEN)
    expect(tokenFromCodeUrl(`  https://xfm.example.gov.cn/h/${TOKEN}/\n`)).toBe(TOKEN)
  })

  it('should leave the signature check to the code page: a short token still opens it', () => {
    expect(tokenFromCodeUrl('https://xfm.example.gov.cn/h/abc')).toBe('abc')
  })

  it.each([
    ['a bare token', TOKEN],
    ['a path without origin', `/h/${TOKEN}`],
    ['another page of the app', `https://xfm.example.gov.cn/progress/${TOKEN}`],
    ['a deeper path', `https://xfm.example.gov.cn/x/h/${TOKEN}`],
    ['a query string', `https://xfm.example.gov.cn/h/${TOKEN}?x=1`],
    ['characters outside base64url', `https://xfm.example.gov.cn/h/${TOKEN.slice(1)}+`],
    ['an empty token', 'https://xfm.example.gov.cn/h/'],
    ['an overlong token', `https://xfm.example.gov.cn/h/${'A'.repeat(4 * TOKEN_CHARS + 1)}`],
    ['another scheme', `javascript://x/h/${TOKEN}`],
    ['a payment code', 'wxp://f2f0abcdef'],
  ])('should refuse %s', (_name, text) => {
    expect(tokenFromCodeUrl(text)).toBeNull()
  })
})
