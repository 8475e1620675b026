// Ages as the rules count them: whole years on a calendar day of China (Asia/Shanghai), and the
// thresholds the diagnosis, the application and the visit card share.

/** Of age: signs the authorisation for the economic check (一证一书); 特困 covers minors until 18 (浙民助〔2021〕72号). */
export const ADULT_AGE = 18
/** 60 and over: elderly (特困, visit priorities). */
export const ELDERLY_AGE = 60
/** 16–59: working age. */
export const WORKING_AGE_MIN = 16
export const WORKING_AGE_MAX = 59
/** Pupils from kindergarten (3) to the end of college (24). */
export const SCHOOL_AGE_MIN = 3
export const SCHOOL_AGE_MAX = 24

/**
 * Whole years of age on a day, from a birth date (both "YYYY-MM-DD"). Someone born on 29 February
 * comes of age on 1 March in a year without one.
 */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4))
  return date.slice(5, 10) < birthDate.slice(5, 10) ? years - 1 : years
}
