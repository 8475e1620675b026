import { MAX_DECLARED_DEPOSITS, MAX_DECLARED_VEHICLES, MAX_MONTHLY_INCOME } from '../application/limits'

// How large an answer of the self-diagnosis may be (issue #15). The hard maxima are typing
// errors whatever the household: the questionnaire refuses them and so does the answers schema,
// with the same figures as the application's declaration. Above the plausible figures an answer
// is possible but rare: the field asks the person to check it and lets them go on.
// Kept apart from schema.ts so that the questionnaire screens read them without loading zod.

export const MAX_AGE = 130
/** One member's income after tax, yuan per month. */
export const MAX_MEMBER_MONTHLY_INCOME = MAX_MONTHLY_INCOME
export const PLAUSIBLE_MEMBER_MONTHLY_INCOME = 50_000
/** The household's savings, cash and financial assets together, yuan. */
export const MAX_HOUSEHOLD_DEPOSITS = MAX_DECLARED_DEPOSITS
export const PLAUSIBLE_HOUSEHOLD_DEPOSITS = 5_000_000
export const MAX_VEHICLES = MAX_DECLARED_VEHICLES
export const PLAUSIBLE_VEHICLES = 3
/** Medical or education costs the household pays itself, yuan per month. */
export const MAX_MONTHLY_EXPENSE = MAX_MONTHLY_INCOME
export const PLAUSIBLE_MONTHLY_EXPENSE = 50_000
/** Months in a new job: the exemption lasts months, not decades; 50 years is a typing error. */
export const MAX_JOB_MONTHS = 600
export const MONTHS_PER_YEAR = 12
