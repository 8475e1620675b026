import { limitKey } from '../../db/repos/rate-limits'
/** SMS sign-in limits (issue #2): codes live 5 minutes and allow 5 tries; sending is throttled. */
export const SMS_CODE_TTL_SECONDS = 5 * 60
export const SMS_MAX_ATTEMPTS = 5
export const SMS_RESEND_AFTER_SECONDS = 60
export const SMS_MAX_PER_PHONE_PER_HOUR = 5
export const SMS_MAX_PER_IP_PER_HOUR = 20
/**
 * Password sign-in limits (issue #13), each an atomic counter taken before the password is checked:
 * - per username + address: LOGIN_MAX_FAILURES tries in the window, forgotten at the right password.
 *   Only that address waits, so an attacker elsewhere cannot lock the staff member out.
 * - per address (any username): LOGIN_MAX_PER_ADDRESS failures, so one address cannot spray many
 *   usernames. A success gives its attempt back (a town office behind one address is not punished).
 * - per username (any address): past LOGIN_USERNAME_CEILING failures an hour (a guess from many
 *   addresses), each address gets only LOGIN_SLOW_PER_ADDRESS tries per window for that username.
 *   That slows a distributed guesser down to a few guesses per address without locking anyone out:
 *   the staff member at their own desk still gets those tries.
 */
export const LOGIN_MAX_FAILURES = 10
export const LOGIN_FAILURE_WINDOW_MINUTES = 15
export const LOGIN_MAX_PER_ADDRESS = 30
export const LOGIN_USERNAME_CEILING = 50
export const LOGIN_USERNAME_WINDOW_MINUTES = 60
export const LOGIN_SLOW_PER_ADDRESS = 3

const HOUR_MS = 3_600_000

/**
 * The limits on sending a code, as atomic counters: one code a minute and SMS_MAX_PER_PHONE_PER_HOUR
 * an hour to a number (SMS cost and harassment), SMS_MAX_PER_IP_PER_HOUR an hour from an address.
 */
export function smsSendRules(secret: string, phone: string, address: string) {
  return [
    { key: limitKey(secret, 'sms-resend', phone), limit: 1, windowMs: SMS_RESEND_AFTER_SECONDS * 1000 },
    { key: limitKey(secret, 'sms-phone', phone), limit: SMS_MAX_PER_PHONE_PER_HOUR, windowMs: HOUR_MS },
    { key: limitKey(secret, 'sms-address', address), limit: SMS_MAX_PER_IP_PER_HOUR, windowMs: HOUR_MS },
  ]
}
