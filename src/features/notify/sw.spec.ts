import type { NotificationClickLike, PushEventLike, WorkerLike } from './sw'
import { describe, expect, it, vi } from 'vitest'
import { openFromNotification, pushNotice, showPush } from './sw'

const ORIGIN = 'https://xingfu.example.gov.cn'

function worker(windows: { url: string, navigate?: (url: string) => Promise<unknown> }[] = []) {
  const shown: { title: string, options: unknown }[] = []
  const opened: string[] = []
  const focused: string[] = []
  const sw: WorkerLike = {
    location: { origin: ORIGIN },
    registration: { showNotification: async (title, options) => void shown.push({ title, options }) },
    clients: {
      matchAll: async () => windows.map(w => ({ url: w.url, focus: async () => {
        focused.push(w.url)
        return { navigate: w.navigate ?? (async () => undefined) }
      } })),
      openWindow: async url => void opened.push(url),
    },
  }
  return { sw, shown, opened, focused }
}

/** Runs a handler and waits for what it gave to waitUntil. */
async function handle<E extends { waitUntil: (p: Promise<unknown>) => void }>(run: (event: E) => void, event: Omit<E, 'waitUntil'>) {
  let pending: Promise<unknown> = Promise.resolve()
  run({ ...event, waitUntil: (p: Promise<unknown>) => void (pending = p) } as E)
  await pending
}

describe('push notice', () => {
  it('should show the title, the line and the page of the payload', () => {
    expect(pushNotice(JSON.stringify({ title: '幸福码', body: '您的社会救助申请已受理，点击查看详情', url: '/progress/a1' }))).toEqual({ title: '幸福码', body: '您的社会救助申请已受理，点击查看详情', url: '/progress/a1' })
  })

  it.each([
    ['no payload', null],
    ['text that is not JSON', 'hello'],
    ['JSON that is not an object', '42'],
    ['a page of another site', JSON.stringify({ url: 'https://evil.example/' })],
    ['a protocol-relative page', JSON.stringify({ url: '//evil.example/' })],
  ])('should show the app\'s name and open the home page for %s', (_name, payload) => {
    expect(pushNotice(payload)).toMatchObject({ title: '幸福码', url: '/' })
  })

  it('should cut an overlong line', () => {
    expect(pushNotice(JSON.stringify({ title: 't', body: 'x'.repeat(1000) })).body).toHaveLength(200)
  })
})

describe('service worker handlers', () => {
  it('should show the pushed notification with its page in the data', async () => {
    const { sw, shown } = worker()
    await handle<PushEventLike>(event => showPush(sw, event), { data: { text: () => JSON.stringify({ title: '幸福码', body: '有新消息', url: '/progress/a1' }) } })
    expect(shown).toEqual([{ title: '幸福码', options: expect.objectContaining({ body: '有新消息', data: { url: '/progress/a1' } }) }])
  })

  it('should focus an open window of the app and take it to the page', async () => {
    const navigate = vi.fn(async () => undefined)
    const { sw, opened, focused } = worker([{ url: 'https://other.example/' }, { url: `${ORIGIN}/me`, navigate }])
    const close = vi.fn()
    await handle<NotificationClickLike>(event => openFromNotification(sw, event), { notification: { data: { url: '/progress/a1' }, close } })
    expect(close).toHaveBeenCalled()
    expect(focused).toEqual([`${ORIGIN}/me`])
    expect(navigate).toHaveBeenCalledWith(`${ORIGIN}/progress/a1`)
    expect(opened).toEqual([])
  })

  it('should open a window at the page when none of the app is open, and only pages of ours', async () => {
    const { sw, opened } = worker()
    await handle<NotificationClickLike>(event => openFromNotification(sw, event), { notification: { data: { url: '//evil.example/x' }, close: () => {} } })
    expect(opened).toEqual([`${ORIGIN}/`])
  })

  it('should open a new window when the open one cannot be taken to the page', async () => {
    const { sw, opened } = worker([{ url: `${ORIGIN}/`, navigate: async () => {
      throw new TypeError('not controlled')
    } }])
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await handle<NotificationClickLike>(event => openFromNotification(sw, event), { notification: { data: { url: '/' }, close: () => {} } })
    expect(opened).toEqual([`${ORIGIN}/`])
  })
})
