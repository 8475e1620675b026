// @vitest-environment happy-dom
import type { InternalAxiosRequestConfig } from 'axios'
import { AxiosError } from 'axios'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setLocale } from '../app/i18n'
import { CSRF_COOKIE } from '../domain/http/csrf'
import { ApiRequestError, errorMessage, formErrorMessage, onSessionEnded } from './client'
import { http } from './http'

/** Answers every request with the Accept-Language header it was sent with. */
async function sentLanguage(): Promise<string> {
  const res = await http.get('/echo', {
    adapter: async (config: InternalAxiosRequestConfig) => ({ data: config.headers.get('Accept-Language'), status: 200, statusText: 'OK', headers: {}, config }),
  })
  return res.data as string
}

describe('api client', () => {
  it('should fetch the CSRF cookie before the first call that changes something', async () => {
    document.cookie = `${CSRF_COOKIE}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
    const seen: string[] = []
    const adapter = async (config: InternalAxiosRequestConfig) => {
      seen.push(`${config.method} ${config.url}`)
      if (config.url === '/health')
        document.cookie = `${CSRF_COOKIE}=abc; path=/`
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

  it.each([
    [401, 'unauthenticated', 1],
    // A wrong password is a 401 too, but no session ended.
    [401, 'login_failed', 0],
    [403, 'forbidden', 0],
  ])('should tell the session store when the server answers %i %s: %i time(s)', async (status, code, times) => {
    const ended = vi.fn()
    onSessionEnded(ended)
    const refuse = async (config: InternalAxiosRequestConfig) => Promise.reject(
      new AxiosError('refused', String(status), config, null, { status, data: { code, message: '请先登录' }, statusText: '', headers: {}, config }),
    )
    try {
      await expect(http.get('/household/code', { adapter: refuse })).rejects.toMatchObject({ code, status })
    }
    finally {
      onSessionEnded(null)
    }
    expect(ended).toHaveBeenCalledTimes(times)
  })
})

describe('the HTTP client, loaded with the first call', () => {
  afterEach(() => {
    vi.doUnmock('./http')
    vi.resetModules()
  })

  it('should answer a network error when it cannot load (offline before the first visit), and load with the next call', async () => {
    vi.resetModules()
    vi.doMock('./http', () => {
      throw new Error('Failed to fetch dynamically imported module')
    })
    const client = await import('./client')
    await expect(client.get('/session')).rejects.toMatchObject({ code: 'network_error', status: null, message: '网络连接失败，请检查网络后再试。' })

    vi.doUnmock('./http')
    const { http: loaded } = await import('./http')
    loaded.defaults.adapter = async (config: InternalAxiosRequestConfig) => ({ data: { user: null }, status: 200, statusText: 'OK', headers: {}, config })
    await expect(client.get('/session')).resolves.toEqual({ user: null })
    expect(await client.loadHttp()).toBe(loaded)
  })
})

describe('error messages', () => {
  const offline = new ApiRequestError('network_error', '网络连接失败，请检查网络后再试。', null)

  it('should not promise a read-only page that anything typed is kept', () => {
    expect(errorMessage(offline)).toBe('网络连接失败，请检查网络后再试。')
    expect(errorMessage(new Error('x'))).not.toContain('已保留')
  })

  it('should tell a form that keeps a draft that nothing typed is lost', () => {
    expect(formErrorMessage(offline)).toBe('网络连接失败，请检查网络后再试。您填写的内容已保留。')
  })

  it('should give the server\'s own message otherwise, on forms too', () => {
    expect(formErrorMessage(new ApiRequestError('conflict', '这一项已经作出决定', 409))).toBe('这一项已经作出决定')
  })
})
