import type { ListPage } from './paged-list'
import { describe, expect, it, vi } from 'vitest'
import { ApiRequestError } from '../../api/client'
import { appendPage, usePagedList } from './paged-list'

interface Row { householdId: string, maskedHeadName: string }
const row = (id: string): Row => ({ householdId: id, maskedHeadName: `${id}*` })
const ids = (rows: readonly Row[]) => rows.map(r => r.householdId)

/** A promise settled from outside: answers that come back late. */
function later<T>() {
  let settle!: (value: T) => void
  const promise = new Promise<T>((resolve) => {
    settle = resolve
  })
  return { promise, settle }
}

describe('a coverage list shown a page at a time', () => {
  it('should add a page below the shown households, each household once', () => {
    expect(ids(appendPage([row('a'), row('b')], [row('c'), row('d')]))).toEqual(['a', 'b', 'c', 'd'])
    expect(ids(appendPage([row('a'), row('b')], [row('b'), row('c'), row('c')]))).toEqual(['a', 'b', 'c'])
    expect(ids(appendPage([], []))).toEqual([])
  })

  it('should ask for the page after the cursor and take its total and next cursor', async () => {
    const fetchPage = vi.fn(async (): Promise<ListPage<Row>> => ({ households: [row('c')], total: 3, next: null }))
    const list = usePagedList(fetchPage)
    list.reset({ households: [row('a'), row('b')], total: 4, next: 'b' })
    expect(list.expanded.value).toBe(false)
    await list.loadMore()
    expect(fetchPage).toHaveBeenCalledWith('b')
    expect(ids(list.households.value)).toEqual(['a', 'b', 'c'])
    expect([list.total.value, list.next.value, list.expanded.value, list.loading.value]).toEqual([3, null, true, false])
    // Nothing left: no further request.
    await list.loadMore()
    expect(fetchPage).toHaveBeenCalledTimes(1)
  })

  it('should send one request however often the button is pressed while it loads', async () => {
    const answer = later<ListPage<Row>>()
    const fetchPage = vi.fn(() => answer.promise)
    const list = usePagedList(fetchPage)
    list.reset({ households: [row('a')], total: 2, next: 'a' })
    const first = list.loadMore()
    const second = list.loadMore()
    expect(list.loading.value).toBe(true)
    answer.settle({ households: [row('b')], total: 2, next: null })
    await Promise.all([first, second])
    expect(fetchPage).toHaveBeenCalledTimes(1)
    expect(ids(list.households.value)).toEqual(['a', 'b'])
  })

  it('should drop a page that comes back after the list was started anew', async () => {
    const answer = later<ListPage<Row>>()
    const list = usePagedList(() => answer.promise)
    list.reset({ households: [row('a')], total: 2, next: 'a' })
    const loading = list.loadMore()
    // Another quarter chosen: the page reloads and starts the list again.
    list.reset({ households: [row('x')], total: 1, next: null })
    answer.settle({ households: [row('b')], total: 2, next: null })
    await loading
    expect(ids(list.households.value)).toEqual(['x'])
    expect([list.total.value, list.loading.value, list.expanded.value]).toEqual([1, false, false])
  })

  it('should keep the shown households and the cursor and say why when a page cannot be loaded', async () => {
    const list = usePagedList(async (): Promise<ListPage<Row>> => {
      throw new ApiRequestError('validation_failed', '名单翻页位置填写有误', 400)
    })
    list.reset({ households: [row('a')], total: 2, next: 'a' })
    await list.loadMore()
    expect(list.error.value).toBe('名单翻页位置填写有误')
    expect([ids(list.households.value), list.next.value, list.loading.value]).toEqual([['a'], 'a', false])
  })
})
