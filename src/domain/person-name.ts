// A person's name as typed (申请人, household members, binding a household): one rule for the
// server's schema (http/auth.ts personNameField), the forms' checks and their maxlength. No zod
// here, so that the PWA's forms can use it cheaply.
//
// Lengths are counted in characters (Unicode code points), as zod's min/max count them: a rare
// character of a name (生僻字, CJK Extension B and later) counts once, though it takes two UTF-16
// units in JavaScript.

export const PERSON_NAME_MIN = 2
export const PERSON_NAME_MAX = 30

/** Whether a name, once trimmed, has an accepted length (PERSON_NAME_MIN to PERSON_NAME_MAX). */
export function isPersonName(name: string): boolean {
  const length = Array.from(name.trim()).length
  return length >= PERSON_NAME_MIN && length <= PERSON_NAME_MAX
}
