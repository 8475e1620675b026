import type { ItemCode } from '../items'

// Staff decision rules shared by the server and the staff screens, apart from the zod schemas
// of staff-api.ts so that the PWA can use them without loading zod.

export const STAFF_ACTIONS = ['accept', 'start_check', 'start_review', 'request_info', 'approve', 'reject'] as const
export type StaffAction = typeof STAFF_ACTIONS[number]

export const REVEAL_TARGETS = ['applicant_id', 'applicant_phone', 'member_id'] as const
export type RevealTarget = typeof REVEAL_TARGETS[number]

/** Items paid monthly in cash: approving them needs the monthly amount (medical aid, for one, has none). */
export const MONTHLY_CASH_ITEMS: readonly ItemCode[] = ['dibao', 'dibao_edge', 'tekun', 'disability_allowance']
