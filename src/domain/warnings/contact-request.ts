import { z } from 'zod'
import { ITEM_CODES } from '../items'

// A resident's "请工作人员联系我" after a self-diagnosis (政策找人, issue #19 1c). Only the items the
// diagnosis suggested travel, never its answers (incomes, illnesses, assets stay on the device).
// The device makes the request id once per request: a double tap or a resend after a timeout is
// the same request (the signal's external id), never a second one.

export const contactRequestBody = z.object({
  /** made on the device (a v4 UUID) and kept until the server answered */
  requestId: z.uuid(),
  /** the items the person ticked on the diagnosis result; none is fine ("please just call me") */
  items: z.array(z.enum(ITEM_CODES)).max(ITEM_CODES.length).refine(items => new Set(items).size === items.length, { message: 'duplicate' }),
})
export type ContactRequestBody = z.infer<typeof contactRequestBody>

export const contactRequestResponse = z.object({
  requestId: z.string(),
  /** when the server first took the request (a resend answers with the first time) */
  receivedAt: z.string(),
  /**
   * The day by which the town's staff are to have been in touch: the due date of the warning the
   * request raised in the town's queue. Null when no warning waits on it (no region figures for
   * the household's area, or staff already closed the warning the request joined).
   */
  dueOn: z.string().nullable(),
  /** The region's working days for it (warningVerifyWorkingDays), as the due date was counted; null with dueOn. */
  workingDays: z.number().int().nullable(),
}).meta({ id: 'ContactRequest' })
export type ContactRequestView = z.infer<typeof contactRequestResponse>
