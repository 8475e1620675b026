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
  afterEach(async () => {
    await setLocale('zh-CN')
  })

  it.each(['zh-CN', 'zh-TW', 'en'] as const)('should tell the server the language shown (%s)', async (locale) => {
    await setLocale(locale)
    expect(await sentLanguage()).toBe(locale)
  })
})
