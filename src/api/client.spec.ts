// @vitest-environment happy-dom
import type { InternalAxiosRequestConfig } from 'axios'
import { afterEach, describe, expect, it } from 'vitest'
import { setLocale } from '../app/i18n'
import { http } from './client'

/** Answers every request with the Accept-Language header it was sent with. */
async function sentLanguage(): Promise<string> {
  const res = await http.get('/echo', {
    adapter: async (config: InternalAxiosRequestConfig) => ({ data: config.headers.get('Accept-Language'), status: 200, statusText: 'OK', headers: {}, config }),
  })
  return res.data as string
}

describe('api client', () => {
  it('should fetch the CSRF cookie before the first call that changes something', async () => {
    document.cookie = 'csrf_token=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
    const seen: string[] = []
    const adapter = async (config: InternalAxiosRequestConfig) => {
      seen.push(`${config.method} ${config.url}`)
      if (config.url === '/health')
        document.cookie = 'csrf_token=abc; path=/'
      return { data: { ok: true }, status: 200, statusText: 'OK', headers: {}, config }
    }
    const original = http.defaults.adapter
    http.defaults.adapter = adapter
    try {
      await Promise.all([http.post('/handoffs/redeem', {}), http.post('/other', {})])
      await http.post('/third', {})
    }
    finally {
      http.defaults.adapter = original
    }
    // One GET for both waiting calls, then none once the cookie is there.
    expect(seen).toEqual(['get /health', 'post /handoffs/redeem', 'post /other', 'post /third'])
  })

  afterEach(async () => {
    await setLocale('zh-CN')
  })

  it.each(['zh-CN', 'zh-TW', 'en'] as const)('should tell the server the language shown (%s)', async (locale) => {
    await setLocale(locale)
    expect(await sentLanguage()).toBe(locale)
  })
})
