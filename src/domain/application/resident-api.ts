import { z } from 'zod'
import { RELATIONS } from '../diagnosis/options'
import { ITEM_CODES } from '../items'
import { CASE_STATUSES } from './case-status'
import { applicationViewSchema, ATTACHMENT_TYPES, caseViewSchema, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './schemas'

// Request and response shapes of the resident's side of issue #4 (attachments, draft,
// progress, answers to requests, notifications) and of the enquiry without an account.

/** The server's copy of a form draft; the phone keeps its own in IndexedDB. */
export { MAX_DRAFT_BYTES } from './limits'
/** Anonymous enquiries per address and hour (a village kiosk serves many people, a guesser is stopped). */
export const ENQUIRY_MAX_PER_HOUR = 10
export const ENQUIRY_WINDOW_MS = 3_600_000
export const ID_SUFFIX_LENGTH = 6

const BASE64_PATTERN = /^[A-Z0-9+/]*={0,2}$/i

export const attachmentUploadBody = z.object({
  type: z.enum(ATTACHMENT_TYPES, { message: 'invalid_attachment' }),
  /** The image, base64 (no data: prefix); at most MAX_ATTACHMENT_BYTES once decoded. */
  data: z.string()
    .min(4, { message: 'invalid_attachment' })
    .max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4, { message: 'invalid_attachment' })
    .regex(BASE64_PATTERN, { message: 'invalid_attachment' }),
})

export const attachmentSchema = z.object({
  id: z.string(),
  type: z.enum(ATTACHMENT_TYPES),
  size: z.number().int(),
}).meta({ id: 'Attachment' })

export const attachmentParams = z.object({ id: z.string().max(64) })

export const draftResponse = z.object({
  draft: z.unknown().nullable(),
  savedAt: z.string().nullable(),
})

export const draftBody = z.object({
  draft: z.unknown().refine(v => v !== undefined && v !== null),
})

export const draftSavedResponse = z.object({ savedAt: z.string() })

export const applicationListResponse = z.object({ applications: z.array(applicationViewSchema) })

export const idParams = z.object({ id: z.string().max(64) })

export const withdrawBody = z.object({ note: z.string().trim().max(500).optional() })

export const answerBody = z.object({
  text: z.string().trim().min(2).max(1000),
  attachmentIds: z.array(z.uuid({ message: 'invalid_attachment' })).max(MAX_ATTACHMENTS).optional(),
})

export const caseResponse = caseViewSchema

export const notificationSchema = z.object({
  id: z.string(),
  /** null for news about a small need (needId). */
  applicationId: z.string().nullable(),
  /** null for news about the whole application (e.g. it was received). */
  caseId: z.string().nullable(),
  /** Only on news about a small need (微心愿): the need. */
  needId: z.string().optional(),
  /** In the reader's language. */
  text: z.string(),
  at: z.string(),
  read: z.boolean(),
}).meta({ id: 'Notification' })

export const notificationListResponse = z.object({
  unread: z.number().int(),
  items: z.array(notificationSchema),
})

export const markReadBody = z.object({ ids: z.array(z.string().max(64)).max(500).optional() })
export const markReadResponse = z.object({ unread: z.number().int() })

export const enquiryBody = z.object({
  number: z.string().trim().toUpperCase().min(4).max(32),
  /** The last 6 characters of the applicant's ID number (X allowed). */
  idSuffix: z.string().trim().toUpperCase().regex(/^\d{5}[\dX]$/),
})

export const enquiryResponse = z.object({
  number: z.string(),
  submittedAt: z.string(),
  cases: z.array(z.object({
    itemName: z.string(),
    departmentName: z.string(),
    townName: z.string(),
    status: z.enum(CASE_STATUSES),
    updatedAt: z.string(),
    dueAt: z.string().nullable(),
  })),
}).meta({ id: 'EnquiryResult' })

/** Someone the household registry lists, as the bound household's own resident sees them. */
export const registeredMemberSchema = z.object({
  name: z.string(),
  /** In full: the household's own data, shown masked on screen and typed by nobody. */
  idNumber: z.string(),
  /** Relation to the applicant (the signed-in member), derived from the registry's relation to the head. */
  relation: z.enum(RELATIONS),
  age: z.number().int().nullable(),
  sex: z.enum(['female', 'male']).nullable(),
  isHead: z.boolean(),
  /** The signed-in resident themself: the applicant. */
  isSelf: z.boolean(),
})

/**
 * What the household already holds, per item: a live entitlement ('receiving', since the month
 * it started) or a case not yet decided ('open', with its application number).
 */
export const itemStandingSchema = z.object({
  item: z.enum(ITEM_CODES),
  state: z.enum(['receiving', 'open']),
  /** 'YYYY-MM': the first month received (receiving only); null when it began before what the feeds show (two years). */
  since: z.string().nullable(),
  /** The application holding the open case (open only). */
  applicationNumber: z.string().nullable(),
})

export const applicationStartResponse = z.object({
  /** The registry's members of the bound household, the applicant first. */
  registered: z.array(registeredMemberSchema),
  standing: z.array(itemStandingSchema),
}).meta({ id: 'ApplicationStart' })

export type RegisteredMember = z.infer<typeof registeredMemberSchema>
export type ItemStanding = z.infer<typeof itemStandingSchema>
export type ApplicationStart = z.infer<typeof applicationStartResponse>
export type AttachmentUploadBody = z.infer<typeof attachmentUploadBody>
export type AttachmentInfo = z.infer<typeof attachmentSchema>
export type DraftResponse = z.infer<typeof draftResponse>
export type AnswerBody = z.infer<typeof answerBody>
export type NotificationItem = z.infer<typeof notificationSchema>
export type NotificationList = z.infer<typeof notificationListResponse>
export type EnquiryBody = z.input<typeof enquiryBody>
export type EnquiryResult = z.infer<typeof enquiryResponse>
