import type { ApiError } from '../domain/http/errors'
import { ApiRequestError, loadHttp } from '../api/client'
import { i18n } from './i18n'

/**
 * Downloads of the staff exports (.xlsx made on the server, issue #16). The file comes through
 * the one axios instance (cookies, language, timeout) as a Blob and is saved with the name the
 * server gives; a refusal is read from the JSON body like any other API error, so the page can
 * say what went wrong instead of saving an error as a "spreadsheet".
 */

/** A large county export takes a while to build; longer than an ordinary request's limit. */
const EXPORT_TIMEOUT_MS = 60_000
/** The object URL lives long enough for the browser to start saving, then is released. */
const RELEASE_URL_AFTER_MS = 30_000

/**
 * The name a browser would save: `filename*=UTF-8''…` (RFC 6266) before `filename="…"`; the
 * fallback when the header says nothing usable.
 */
export function fileNameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header)
    return fallback
  const [, encoded] = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header) ?? []
  if (encoded !== undefined) {
    try {
      return decodeURIComponent(encoded.trim())
    }
    catch (e) {
      // A malformed %-sequence: fall through to the plain name, which is always ASCII.
      if (!(e instanceof URIError))
        throw e
    }
  }
  const [, plain] = /filename\s*=\s*"([^"]+)"/i.exec(header) ?? /filename\s*=\s*([^;]+)/i.exec(header) ?? []
  return plain !== undefined ? plain.trim() : fallback
}

/** The server's `{ code, message }` out of an error answer that arrived as a Blob. */
async function errorOf(data: unknown, status: number): Promise<ApiRequestError> {
  try {
    const body = JSON.parse(data instanceof Blob ? await data.text() : String(data)) as Partial<ApiError>
    if (body.code && body.message)
      return new ApiRequestError(body.code, body.message, status, body.field)
  }
  catch (e) {
    if (!(e instanceof SyntaxError))
      throw e
  }
  return new ApiRequestError('internal', i18n.global.t('errors.network_error'), status)
}

/** Hands a Blob to the browser as a download (an <a download> click: works for blob: URLs under the CSP). */
function save(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), RELEASE_URL_AFTER_MS)
}

/**
 * GETs an export (`/staff/cases/export.xlsx?…`, relative to /api) and saves it; resolves to the
 * file's name. Rejects with ApiRequestError (network failure: status null).
 */
export async function downloadExport(path: string, fallbackName: string): Promise<string> {
  const http = await loadHttp()
  const res = await http.get<Blob>(path, { responseType: 'blob', timeout: EXPORT_TIMEOUT_MS, validateStatus: () => true })
  if (res.status !== 200)
    throw await errorOf(res.data, res.status)
  const name = fileNameFromDisposition(res.headers['content-disposition'] as string | undefined, fallbackName)
  save(res.data, name)
  return name
}
