// Checks of the enquiry form, before anything is sent (the server is rate-limited: 10 tries an hour).

export const ID_SUFFIX_LENGTH = 6
const ID_SUFFIX = /^\d{5}[\dX]$/

/** The last six characters of an ID number: five digits and a digit or X. */
export function isIdSuffix(value: string): boolean {
  return ID_SUFFIX.test(value.trim().toUpperCase())
}

/** Application numbers are read off paper: spaces typed between groups are dropped. */
export function normalizeApplicationNumber(value: string): string {
  return value.replace(/\s+/g, '')
}
