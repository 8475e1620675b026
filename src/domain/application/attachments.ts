import type { AttachmentType } from './schemas'

/**
 * File signatures ("magic bytes") of the accepted image types: the declared type must match
 * what the bytes are, so that nothing else is stored and later served as an image.
 */
const SIGNATURES: { type: AttachmentType, test: (b: Uint8Array) => boolean }[] = [
  { type: 'image/jpeg', test: b => b[0] === 0xFF && b[1] === 0xD8 && b[2] === 0xFF },
  { type: 'image/png', test: b => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A].every((v, i) => b[i] === v) },
  // RIFF....WEBP
  { type: 'image/webp', test: b => b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50 },
]

/** The image type the bytes really are, or null. */
export function sniffImageType(bytes: Uint8Array): AttachmentType | null {
  return SIGNATURES.find(s => s.test(bytes))?.type ?? null
}
