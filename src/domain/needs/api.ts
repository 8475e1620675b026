import { z } from 'zod'
import { TOKEN_CHARS } from '../household-code/token'
import { JPEG_DATA_URL_PREFIX } from '../photo'
import { MAX_MODERATION_REASON, MAX_NEED_COMMENT, MAX_NEED_DESCRIPTION, MAX_NEED_NOTE, MAX_NEED_PHOTO_CHARS, NEED_CATEGORIES } from './limits'
import { NEED_EVENT_ACTIONS, NEED_STATUSES } from './state'

// Small needs (微心愿, issue #6): the request and response shapes shared by the server and the PWA.

export { MAX_MODERATION_REASON, MAX_NEED_COMMENT, MAX_NEED_DESCRIPTION, MAX_NEED_NOTE, MAX_NEED_PHOTO_CHARS, NEED_CATEGORIES } from './limits'
export type { NeedCategory } from './limits'

const photo = z.string().max(MAX_NEED_PHOTO_CHARS).startsWith(JPEG_DATA_URL_PREFIX).describe('A compressed JPEG as a data URL')

export const needInputSchema = z.object({
  category: z.enum(NEED_CATEGORIES),
  description: z.string().trim().min(1).max(MAX_NEED_DESCRIPTION),
  photo: photo.optional(),
  token: z.string().min(1).max(4 * TOKEN_CHARS).optional().describe('Volunteers and social workers posting for a household during a visit: the happiness code token scanned at the door. Residents leave it out.'),
}).meta({ id: 'NewNeed' })
export type NeedInput = z.infer<typeof needInputSchema>

export const deliverBody = z.object({
  note: z.string().trim().max(MAX_NEED_NOTE).default(''),
  photo: photo.optional(),
})
export type DeliverInput = z.input<typeof deliverBody>

export const confirmBody = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(MAX_NEED_COMMENT).default(''),
})
export type ConfirmInput = z.input<typeof confirmBody>

export const moderateBody = z.object({
  action: z.enum(['remove', 'restore']),
  reason: z.string().trim().min(2).max(MAX_MODERATION_REASON),
})
export type ModerateInput = z.infer<typeof moderateBody>

export const needParams = z.object({ id: z.uuid() })

export const ACTOR_ROLES = ['resident', 'volunteer', 'social_worker', 'town_staff', 'county_staff'] as const

/** One step of a need's timeline: what was done, by which kind of person from which organisation. Never a name. */
export const needEventSchema = z.object({
  at: z.string(),
  action: z.enum(NEED_EVENT_ACTIONS),
  status: z.enum(NEED_STATUSES).describe('The status the need entered'),
  actorRole: z.enum(ACTOR_ROLES),
  actorOrganisation: z.string().nullable(),
  note: z.string().nullable().describe('Delivery note, rating comment or moderation reason'),
  rating: z.number().int().nullable(),
  hasPhoto: z.boolean(),
}).meta({ id: 'NeedEvent' })
export type NeedEvent = z.infer<typeof needEventSchema>

export const needSchema = z.object({
  id: z.string(),
  category: z.enum(NEED_CATEGORIES),
  description: z.string(),
  status: z.enum(NEED_STATUSES),
  statusBeforeRemoval: z.enum(NEED_STATUSES).nullable(),
  hasPhoto: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  village: z.object({ code: z.string(), name: z.string() }),
  headName: z.string().describe('The household head: in full for the household, masked (李**) for everyone else'),
  postedBy: z.enum(ACTOR_ROLES).describe('resident, or the volunteer / social worker who posted during a visit'),
  claimer: z.object({ role: z.enum(ACTOR_ROLES), organisation: z.string().nullable() }).nullable(),
  /** The caller's relation to the need, for the shared rules (which buttons apply). */
  ownsNeed: z.boolean(),
  isClaimer: z.boolean(),
  rating: z.number().int().nullable(),
  comment: z.string().nullable(),
  removalReason: z.string().nullable(),
  events: z.array(needEventSchema),
}).meta({ id: 'Need' })
export type Need = z.infer<typeof needSchema>

/** One need with its photos (data URLs): the need's own, and the delivery photo(s) per event index. */
export const needDetailSchema = needSchema.extend({
  photo: z.string().nullable(),
  eventPhotos: z.array(z.object({ event: z.number().int(), photo: z.string() })),
}).meta({ id: 'NeedDetail' })
export type NeedDetail = z.infer<typeof needDetailSchema>

export const needListResponse = z.object({ needs: z.array(needSchema) })
export type NeedList = z.infer<typeof needListResponse>

/** For volunteers and social workers: open needs of their area, and needs they claimed. */
export const fieldNeedsResponse = z.object({
  open: z.array(needSchema),
  claimed: z.array(needSchema),
})
export type FieldNeeds = z.infer<typeof fieldNeedsResponse>

export const staffNeedsQuery = z.object({ status: z.enum(NEED_STATUSES).optional() })
