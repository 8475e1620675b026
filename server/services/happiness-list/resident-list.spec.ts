import type { HappinessList, ListKey } from './resident-list'
import { describe, expect, it } from 'vitest'
import { listEtag, matchesEtag, ResidentListCache, sentBody } from './resident-list'

const key = (over: Partial<ListKey> = {}): ListKey => ({ householdId: 'h1', stamp: 's1', today: '2026-12-06', lang: 'zh-CN', params: { year: 2026 }, ...over })

/** A list of `records` made-up records, counting how often it was computed. */
function counted(records = 1) {
  const computed = { times: 0 }
  const compute = async () => {
    computed.times++
    return { year: 2026, summaries: [], members: [], records: Array.from({ length: records }, (_, i) => ({ id: `r${i}` })), totals: {}, completeness: { quarter: '2026-Q4', departments: [] } } as unknown as Omit<HappinessList, 'updatedAt'>
  }
  return { computed, compute }
}
const serialize = (list: HappinessList) => JSON.stringify(list)

describe('the kept resident lists', () => {
  it('should compute a list once for the same key and put the moment it is sent in updatedAt', async () => {
    const cache = new ResidentListCache()
    const { computed, compute } = counted()
    const first = await cache.get(key(), compute, serialize)
    const again = await cache.get(key(), compute, serialize)
    expect(computed.times).toBe(1)
    expect(again).toBe(first)
    expect(JSON.parse(sentBody(first, new Date('2026-12-06T01:02:03.000Z')).toString())).toMatchObject({ year: 2026, records: [{ id: 'r0' }], updatedAt: '2026-12-06T01:02:03.000Z' })
  })

  it.each([
    ['stamp', { stamp: 's2' }],
    ['day', { today: '2026-12-07' }],
    ['language', { lang: 'en' as const }],
    ['year', { params: { year: 2025 } }],
    ['item', { params: { year: 2026, item: 'medical' as const } }],
    ['member', { params: { year: 2026, member: 'm1' } }],
    ['household', { householdId: 'h2' }],
  ])('should compute again when the %s differs', async (_, over) => {
    const cache = new ResidentListCache()
    const { computed, compute } = counted()
    const first = await cache.get(key(), compute, serialize)
    const other = await cache.get(key(over), compute, serialize)
    expect(computed.times).toBe(2)
    expect(other.etag).not.toBe(first.etag)
  })

  it('should keep nothing for a household without a stamp', async () => {
    const cache = new ResidentListCache()
    const { computed, compute } = counted()
    await cache.get(key({ stamp: undefined }), compute, serialize)
    await cache.get(key({ stamp: undefined }), compute, serialize)
    expect(computed.times).toBe(2)
    expect(cache.size).toBe(0)
    expect(listEtag(key({ stamp: undefined }))).toBeUndefined()
  })

  it('should compute once for requests that come while it is computed', async () => {
    const cache = new ResidentListCache()
    const { computed, compute } = counted()
    const lists = await Promise.all([1, 2, 3].map(() => cache.get(key(), compute, serialize)))
    expect(computed.times).toBe(1)
    expect(new Set(lists).size).toBe(1)
  })

  it('should keep no failure: the next request computes again', async () => {
    const cache = new ResidentListCache()
    await expect(cache.get(key(), async () => {
      throw new Error('member')
    }, serialize)).rejects.toThrow('member')
    const { computed, compute } = counted()
    await cache.get(key(), compute, serialize)
    expect(computed.times).toBe(1)
  })

  it('should let the least recently read lists go beyond its size', async () => {
    const { compute } = counted(100)
    const one = (await new ResidentListCache().get(key(), compute, serialize))
    const size = one.head.length + one.tail.length
    const cache = new ResidentListCache(size * 2)
    await cache.get(key({ stamp: 'a' }), compute, serialize)
    await cache.get(key({ stamp: 'b' }), compute, serialize)
    await cache.get(key({ stamp: 'a' }), compute, serialize)
    await cache.get(key({ stamp: 'c' }), compute, serialize)
    expect(cache.size).toBe(2)
    const counter = counted(100)
    await cache.get(key({ stamp: 'a' }), counter.compute, serialize)
    expect(counter.computed.times).toBe(0)
    await cache.get(key({ stamp: 'b' }), counter.compute, serialize)
    expect(counter.computed.times).toBe(1)
  })

  it('should refuse a serializer that loses updatedAt', async () => {
    const { compute } = counted()
    await expect(new ResidentListCache().get(key(), compute, ({ updatedAt: _, ...rest }) => JSON.stringify(rest))).rejects.toThrow(/updatedAt/)
  })
})

describe('if-None-Match', () => {
  const etag = listEtag(key())!
  it.each([
    [etag, true],
    [etag.slice(2), true],
    [`W/"other", ${etag}`, true],
    ['W/"other"', false],
    ['*', false],
    [undefined, false],
  ])('should take %s as naming the list: %s', (header, named) => {
    expect(matchesEtag(header, etag)).toBe(named)
  })
})
