import type { VisitInput } from './api'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CSRF_COOKIE, CSRF_HEADER } from '../../domain/http/csrf'
import { serviceWorkerTransport, syncVisitsInServiceWorker } from './background-sync'
import { listEntries, saveVisit } from './outbox'
import '../../app/idb-test-support'

const VISIT: VisitInput = {
  clientId: '00000000-0000-4000-8000-000000000001',
  token: 'AQE-token',
  type: 'care',
  visitedAt: '2026-11-26T02:00:00.000Z',
  observations: [],
  urgent: false,
  urgentNote: '',
  notes: '',
}
const COOKIES = { get: async (name: string) => (name === CSRF_COOKIE ? { value: 'csrf-123' } : null) }
const options = { signal: new AbortController().signal, timeoutMs: 1000 }

function answer(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }))
}

describe('background sync of visits (service worker side)', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('should post the visit with the session\'s CSRF token, as the app would', async () => {
    const fetch = answer(201, { id: 'v1', clientId: VISIT.clientId, created: true })
    vi.stubGlobal('fetch', fetch)
    expect(await serviceWorkerTransport(COOKIES)(VISIT, options)).toEqual({ id: 'v1', clientId: VISIT.clientId, created: true })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/visits')
    expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', headers: { [CSRF_HEADER]: 'csrf-123' } })
    expect(JSON.parse(init.body as string)).toEqual(VISIT)
  })

  it('should turn the server\'s refusal into the error the outbox rejects a visit for', async () => {
    vi.stubGlobal('fetch', answer(400, { code: 'invalid_household_code', message: '这个幸福码无效或已作废' }))
    await expect(serviceWorkerTransport(COOKIES)(VISIT, options)).rejects.toMatchObject({ code: 'invalid_household_code', status: 400, message: '这个幸福码无效或已作废' })
  })

  it('should not send at all without the CSRF cookie (signed out, or no Cookie Store)', async () => {
    const fetch = vi.fn()
    vi.stubGlobal('fetch', fetch)
    await expect(serviceWorkerTransport(undefined)(VISIT, options)).rejects.toMatchObject({ code: 'csrf_failed', status: 403 })
    expect(fetch).not.toHaveBeenCalled()
  })

  it('should send pending visits once and settle, or ask the browser to try again while they wait', async () => {
    await saveVisit(VISIT, {})
    vi.stubGlobal('fetch', vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    }))
    await expect(syncVisitsInServiceWorker(COOKIES)).rejects.toThrow('waiting')
    expect((await listEntries()).map(e => e.state)).toEqual(['pending'])

    const fetch = answer(201, { id: 'v1', clientId: VISIT.clientId, created: true })
    vi.stubGlobal('fetch', fetch)
    await expect(syncVisitsInServiceWorker(COOKIES)).resolves.toBeUndefined()
    expect((await listEntries()).map(e => e.state)).toEqual(['synced'])
    // Nothing left to send: a second sync event sends nothing.
    await syncVisitsInServiceWorker(COOKIES)
    expect(fetch).toHaveBeenCalledTimes(1)
  })
})
