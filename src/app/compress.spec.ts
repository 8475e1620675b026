import type { Size } from './compress'
import { describe, expect, it } from 'vitest'
import { MAX_ATTACHMENT_BYTES } from '../domain/application/limits'
import { dataUrlBytes, encodeWithin, fitWithin, isAttachmentType, isSignatureWithinLimit, JPEG_QUALITIES, MAX_PHOTO_SIDE, PhotoError } from './compress'

/** A fake JPEG encoder: bytes grow with the pixels and the quality, like the real thing. */
function fakeEncoder(bytesPerPixelAtFull: number) {
  const calls: [Size, number][] = []
  const encode = async (size: Size, quality: number) => {
    calls.push([size, quality])
    // Only the size is read: no need to allocate the bytes.
    return { size: Math.round(size.width * size.height * bytesPerPixelAtFull * quality) } as Blob
  }
  return { encode, calls }
}

describe('fitWithin', () => {
  it.each([
    [{ width: 4000, height: 3000 }, { width: 2000, height: 1500 }],
    [{ width: 3000, height: 4000 }, { width: 1500, height: 2000 }],
    [{ width: 800, height: 600 }, { width: 800, height: 600 }],
  ])('should fit %o within the long side as %o', (size, expected) => {
    expect(fitWithin(size, MAX_PHOTO_SIDE)).toEqual(expected)
  })
})

describe('encodeWithin', () => {
  it('should keep the best quality when the photo is small enough', async () => {
    const { encode, calls } = fakeEncoder(0.05)
    const result = await encodeWithin({ width: 4000, height: 3000 }, encode)
    expect(result.quality).toBe(JPEG_QUALITIES[0])
    expect(result.size).toEqual({ width: 2000, height: 1500 })
    expect(calls).toHaveLength(1)
  })

  it('should lower the quality step by step until it fits', async () => {
    const { encode } = fakeEncoder(0.25)
    const result = await encodeWithin({ width: 2000, height: 1500 }, encode)
    expect(result.blob.size).toBeLessThanOrEqual(MAX_ATTACHMENT_BYTES)
    expect(result.quality).toBe(0.65)
    expect(result.size.width).toBe(2000)
  })

  it('should shrink the picture when even the lowest quality is too big', async () => {
    const { encode, calls } = fakeEncoder(1)
    const result = await encodeWithin({ width: 2000, height: 1500 }, encode)
    expect(result.blob.size).toBeLessThanOrEqual(MAX_ATTACHMENT_BYTES)
    expect(result.size.width).toBeLessThan(2000)
    expect(calls.length).toBeGreaterThan(JPEG_QUALITIES.length)
  })

  it('should refuse rather than send an unreadable picture', async () => {
    const { encode } = fakeEncoder(100)
    await expect(encodeWithin({ width: 2000, height: 1500 }, encode)).rejects.toEqual(new PhotoError('too_large'))
  })
})

describe('checks', () => {
  it.each([
    ['image/jpeg', true],
    ['image/png', true],
    ['image/webp', true],
    ['image/heic', false],
    ['application/pdf', false],
  ])('should take %s as a photo: %s', (type, ok) => {
    expect(isAttachmentType(type)).toBe(ok)
  })

  it('should count the bytes of a data URL', () => {
    expect(dataUrlBytes('data:image/png;base64,AAAA')).toBe(3)
    expect(dataUrlBytes('data:image/png;base64,AAA=')).toBe(2)
    expect(dataUrlBytes('data:image/png;base64,AA==')).toBe(1)
  })

  it('should accept a PNG signature up to 200 KB only', () => {
    expect(isSignatureWithinLimit(`data:image/png;base64,${'A'.repeat(4 * 1024)}`)).toBe(true)
    expect(isSignatureWithinLimit(`data:image/png;base64,${'A'.repeat(Math.ceil(200 * 1024 * 4 / 3) + 4)}`)).toBe(false)
    expect(isSignatureWithinLimit('data:image/jpeg;base64,AAAA')).toBe(false)
  })
})
