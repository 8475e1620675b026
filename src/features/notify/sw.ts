import { safeAppPath } from '../../domain/notify/messages'

/**
 * What the service worker (src/app/sw.ts) runs of this feature (issue #19): a push becomes a
 * notification, a tap on it opens the page it names. A public entry of its own, so the worker's
 * bundle holds no stores or views. The payload carries a title, one line and a path of ours,
 * nothing personal (server/services/notify/dispatch.ts); anything else in it is ignored.
 */

/** The app's name: the title when a payload has none (each push must show something: userVisibleOnly). */
const FALLBACK_TITLE = '幸福码'
const ICON = '/icons/icon-192.png'
/** Long enough for a title and a line; anything longer is cut. */
const MAX_TEXT = 200

// What the handlers use of the worker, written out: this module is also type-checked with the
// page's DOM library (tsconfig.app.json), which has no worker types. The worker's `self` and its
// events fit these shapes.

interface WaitingEvent { waitUntil: (promise: Promise<unknown>) => void }
export interface PushEventLike extends WaitingEvent { readonly data: { text: () => string } | null }
export interface NotificationClickLike extends WaitingEvent { readonly notification: { readonly data: unknown, close: () => void } }
interface WindowLike { readonly url: string, focus: () => Promise<{ navigate: (url: string) => Promise<unknown> }> }
export interface WorkerLike {
  readonly location: { readonly origin: string }
  readonly registration: { showNotification: (title: string, options: { body: string, icon: string, badge: string, data: unknown }) => Promise<void> }
  readonly clients: {
    matchAll: (options: { type: 'window', includeUncontrolled: boolean }) => Promise<readonly WindowLike[]>
    openWindow: (url: string) => Promise<unknown>
  }
}

export interface PushNotice {
  title: string
  body: string
  /** A path of this app (safeAppPath). */
  url: string
}

/** The notification a push payload (JSON text) asks for, checked: strings cut to size, the page one of ours. */
export function pushNotice(payload: string | null): PushNotice {
  let data: Record<string, unknown> = {}
  try {
    const parsed: unknown = payload ? JSON.parse(payload) : {}
    if (typeof parsed === 'object' && parsed !== null)
      data = parsed as Record<string, unknown>
  }
  catch {
    // Not JSON: shown with the app's name and no text, which opens the home page.
    data = {}
  }
  const text = (value: unknown) => typeof value === 'string' ? value.slice(0, MAX_TEXT) : ''
  return { title: text(data.title) || FALLBACK_TITLE, body: text(data.body), url: safeAppPath(data.url) }
}

/** `push`: shows the notification; the page to open travels in its data. */
export function showPush(sw: WorkerLike, event: PushEventLike): void {
  const notice = pushNotice(event.data?.text() ?? null)
  event.waitUntil(sw.registration.showNotification(notice.title, { body: notice.body, icon: ICON, badge: ICON, data: { url: notice.url } }))
}

/** `notificationclick`: a window of the app goes to the page (focused), or one is opened there. */
export function openFromNotification(sw: WorkerLike, event: NotificationClickLike): void {
  event.notification.close()
  const path = safeAppPath((event.notification.data as { url?: unknown } | null)?.url)
  const target = new URL(path, sw.location.origin).href
  event.waitUntil((async () => {
    const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true })
    const open = windows.find(w => new URL(w.url).origin === sw.location.origin)
    if (open) {
      try {
        await (await open.focus()).navigate(target)
        return
      }
      catch (error) {
        // A window this worker does not control cannot be sent elsewhere: a new one instead.
        console.warn('could not navigate the open window', error)
      }
    }
    await sw.clients.openWindow(target)
  })())
}
