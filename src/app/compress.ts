import type { AttachmentType } from '../domain/application/limits'
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, MAX_SIGNATURE_BYTES, SIGNATURE_PREFIX } from '../domain/application/limits'

// Photos of documents are made small on the phone before they travel: a 12-megapixel photo is
// 3–6 MB, a lot on a prepaid data plan, and the server takes at most 500 KB. Every photo is
// drawn again as JPEG, which also drops its EXIF data (GPS position, phone model).

/** Long side in pixels: documents stay legible (A4 at ~170 dpi). */
export const MAX_PHOTO_SIDE = 2000
/** Qualities tried in turn, then the size is reduced and they are tried again. */
export const JPEG_QUALITIES = [0.85, 0.75, 0.65, 0.55, 0.45] as const
export const SHRINK_FACTOR = 0.75
/** Below this long side a document is no longer readable: better refuse than send a blur. */
export const MIN_PHOTO_SIDE = 600
export const THUMB_SIDE = 160
const THUMB_QUALITY = 0.6

export class PhotoError extends Error {
  constructor(readonly reason: 'type' | 'unreadable' | 'too_large') {
    super(`photo refused: ${reason}`)
  }
}

export function isAttachmentType(type: string): type is AttachmentType {
  return (ATTACHMENT_TYPES as readonly string[]).includes(type)
}

export interface Size { width: number, height: number }

/** The size to draw at: the long side at most `maxSide`, proportions kept, never enlarged. */
export function fitWithin(size: Size, maxSide: number): Size {
  const scale = Math.min(1, maxSide / Math.max(size.width, size.height))
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) }
}

export type Encoder = (size: Size, quality: number) => Promise<Blob>

/**
 * The quality/size loop: lower the JPEG quality step by step, then shrink the picture and try
 * again, until the result fits `maxBytes`. Throws when even the smallest legible size does not.
 */
export async function encodeWithin(original: Size, encode: Encoder, maxBytes: number = MAX_ATTACHMENT_BYTES): Promise<{ blob: Blob, size: Size, quality: number }> {
  let size = fitWithin(original, MAX_PHOTO_SIDE)
  while (true) {
    for (const quality of JPEG_QUALITIES) {
      const blob = await encode(size, quality)
      if (blob.size <= maxBytes)
        return { blob, size, quality }
    }
    const longSide = Math.max(size.width, size.height) * SHRINK_FACTOR
    if (longSide < MIN_PHOTO_SIDE)
      throw new PhotoError('too_large')
    size = fitWithin(size, Math.round(longSide))
  }
}

/** Bytes a base64 data URL stands for. */
export function dataUrlBytes(dataUrl: string): number {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1)
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0
  return Math.floor(base64.length * 3 / 4) - padding
}

export function isSignatureWithinLimit(dataUrl: string): boolean {
  return dataUrl.startsWith(SIGNATURE_PREFIX) && dataUrlBytes(dataUrl) <= MAX_SIGNATURE_BYTES
}

// --- browser side (canvas); checked in the e2e test, happy-dom has no canvas ---------------

async function decode(file: Blob): Promise<{ source: CanvasImageSource, size: Size, close: () => void }> {
  try {
    // createImageBitmap applies the EXIF orientation, so phone photos are not drawn on their side.
    const bitmap = await createImageBitmap(file)
    return { source: bitmap, size: { width: bitmap.width, height: bitmap.height }, close: () => bitmap.close() }
  }
  catch (cause) {
    throw Object.assign(new PhotoError('unreadable'), { cause })
  }
}

function draw(source: CanvasImageSource, size: Size): HTMLCanvasElement {
  const canvas = document.createElement('canvas')
  canvas.width = size.width
  canvas.height = size.height
  const context = canvas.getContext('2d')
  if (!context)
    throw new PhotoError('unreadable')
  // JPEG has no transparency: a PNG's transparent parts would turn black.
  context.fillStyle = '#fff'
  context.fillRect(0, 0, size.width, size.height)
  context.drawImage(source, 0, 0, size.width, size.height)
  return canvas
}

function toBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob(blob => (blob ? resolve(blob) : reject(new PhotoError('unreadable'))), 'image/jpeg', quality)
  })
}

export function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error ?? new Error('could not read the photo'))
    reader.readAsDataURL(blob)
  })
}

export interface CompressedPhoto {
  type: 'image/jpeg'
  /** base64 without the data: prefix, as POST /api/attachments takes it */
  data: string
  size: number
  thumb: string
}

/** A photo the person picked, checked and compressed to at most 500 KB of JPEG, with a thumbnail. */
export async function compressPhoto(file: Blob): Promise<CompressedPhoto> {
  if (!isAttachmentType(file.type))
    throw new PhotoError('type')
  const image = await decode(file)
  try {
    const { blob } = await encodeWithin(image.size, (size, quality) => toBlob(draw(image.source, size), quality))
    const thumb = draw(image.source, fitWithin(image.size, THUMB_SIDE)).toDataURL('image/jpeg', THUMB_QUALITY)
    const dataUrl = await blobToDataUrl(blob)
    return { type: 'image/jpeg', data: dataUrl.slice(dataUrl.indexOf(',') + 1), size: blob.size, thumb }
  }
  finally {
    image.close()
  }
}
