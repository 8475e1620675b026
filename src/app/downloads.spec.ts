// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../api/client'
import { http } from '../api/http'
import { downloadExport, fileNameFromDisposition } from './downloads'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

describe('staff exports', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it.each([
    [`attachment; filename="review_queue-339901001-2026-12-05.xlsx"; filename*=UTF-8''${encodeURIComponent('待审核事项-安乐镇-2026-12-05.xlsx')}`, '待审核事项-安乐镇-2026-12-05.xlsx'],
    ['attachment; filename="coverage.xlsx"', 'coverage.xlsx'],
    ['attachment; filename=plain.xlsx', 'plain.xlsx'],
    ['attachment; filename*=UTF-8\'\'%E0%A4%A; filename="broken-utf8.xlsx"', 'broken-utf8.xlsx'],
    ['attachment', 'fallback.xlsx'],
    [undefined, 'fallback.xlsx'],
  ])('should save %j as %j', (header, expected) => {
    expect(fileNameFromDisposition(header, 'fallback.xlsx')).toBe(expected)
  })

  it('should save the file under the server\'s name', async () => {
    const blob = new Blob(['PK'], { type: XLSX })
    vi.spyOn(http, 'get').mockResolvedValue({ status: 200, data: blob, headers: { 'content-disposition': `attachment; filename="x.xlsx"; filename*=UTF-8''${encodeURIComponent('探访覆盖-安乐镇.xlsx')}` } })
    const clicked: { download: string, href: string }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href })
    })
    await expect(downloadExport('/staff/visits/coverage/export.xlsx?quarter=2026-Q4', 'coverage.xlsx')).resolves.toBe('探访覆盖-安乐镇.xlsx')
    expect(http.get).toHaveBeenCalledWith('/staff/visits/coverage/export.xlsx?quarter=2026-Q4', expect.objectContaining({ responseType: 'blob' }))
    expect(clicked).toEqual([{ download: '探访覆盖-安乐镇.xlsx', href: expect.stringMatching(/^blob:/) }])
  })

  it('should say the server\'s reason when the export is refused, and save nothing', async () => {
    const body = new Blob([JSON.stringify({ code: 'forbidden', message: '您没有权限进行此操作' })], { type: 'application/json' })
    vi.spyOn(http, 'get').mockResolvedValue({ status: 403, data: body, headers: {} })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click')
    const error = await downloadExport('/staff/cases/export.xlsx', 'queue.xlsx').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiRequestError)
    expect(error).toMatchObject({ code: 'forbidden', message: '您没有权限进行此操作', status: 403 })
    expect(click).not.toHaveBeenCalled()
  })
})
