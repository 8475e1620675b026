/** Sign-in codes sent by SMS: six digits. Kept apart from the zod schemas so that pages can use it cheaply. */
export const SMS_CODE_LENGTH = 6

const SMS_CODE_PATTERN = new RegExp(`^\\d{${SMS_CODE_LENGTH}}$`)

export function isSmsCode(value: string): boolean {
  return SMS_CODE_PATTERN.test(value.trim())
}

/** Finds the code in a message text (the demo outbox shows whole messages). */
export function smsCodeIn(text: string): string | null {
  return new RegExp(`\\d{${SMS_CODE_LENGTH}}`).exec(text)?.[0] ?? null
}
