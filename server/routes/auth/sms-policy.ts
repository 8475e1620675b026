/** SMS sign-in limits (issue #2): codes live 5 minutes and allow 5 tries; sending is throttled. */
export const SMS_CODE_TTL_SECONDS = 5 * 60
export const SMS_MAX_ATTEMPTS = 5
export const SMS_RESEND_AFTER_SECONDS = 60
export const SMS_MAX_PER_PHONE_PER_HOUR = 5
export const SMS_MAX_PER_IP_PER_HOUR = 20
/** Password sign-in: after this many failures for one username in the window, wait. */
export const LOGIN_MAX_FAILURES = 10
export const LOGIN_FAILURE_WINDOW_MINUTES = 15

const HOUR_MS = 3_600_000

/** Seconds to wait before another code may be sent, or 0. `sent` is newest first (ISO times). */
export function smsWaitSeconds(now: Date, sentToPhone: string[], sentFromIp: string[]): number {
  const waits: number[] = [0]
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))
  if (sentToPhone[0]) {
    const since = now.getTime() - Date.parse(sentToPhone[0])
    if (since < SMS_RESEND_AFTER_SECONDS * 1000)
      waits.push(seconds(SMS_RESEND_AFTER_SECONDS * 1000 - since))
  }
  if (sentToPhone.length >= SMS_MAX_PER_PHONE_PER_HOUR)
    waits.push(seconds(Date.parse(sentToPhone[SMS_MAX_PER_PHONE_PER_HOUR - 1]) + HOUR_MS - now.getTime()))
  if (sentFromIp.length >= SMS_MAX_PER_IP_PER_HOUR)
    waits.push(seconds(Date.parse(sentFromIp[SMS_MAX_PER_IP_PER_HOUR - 1]) + HOUR_MS - now.getTime()))
  return Math.max(...waits)
}
