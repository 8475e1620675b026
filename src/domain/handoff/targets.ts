// Kiosk hand-off (issue #7): which screens a resident may carry from a kiosk to a phone.
// Zod-free: the PWA imports these values.

/** How long the one-time QR works: long enough to take out a phone and scan, short enough to be useless later. */
export const HANDOFF_TTL_SECONDS = 180
/** The diagnosis answers carried along, serialised; far above any real questionnaire. */
export const HANDOFF_MAX_PAYLOAD_CHARS = 32_000
/** Live hand-offs one address may hold at once: a village's kiosks share an address, a flood does not get far. */
export const HANDOFF_MAX_PER_ADDRESS = 10
/** Random token in the QR (32 bytes, base64url). */
export const HANDOFF_TOKEN_CHARS = 43

/**
 * Resident screens that can continue on a phone. Only our own paths: the target becomes a
 * navigation on the phone, so anything else (another site, `//host`) must never pass.
 */
const TARGETS: readonly RegExp[] = [
  /^\/diagnosis(?:\/result)?$/,
  /^\/apply$/,
  /^\/progress(?:\/[\w-]{1,64})?$/,
  /^\/list(?:\/quarter\/\d{4}-Q[1-4])?$/,
  /^\/code$/,
  /^\/visits$/,
  /^\/needs(?:\/new)?$/,
]

export function isHandoffTarget(path: string): boolean {
  return TARGETS.some(pattern => pattern.test(path))
}

/** Screens whose state is the device's self-diagnosis answers, carried in the hand-off itself. */
export function carriesDiagnosis(path: string): boolean {
  return path.startsWith('/diagnosis')
}
