// Request and response shapes of /api/handoffs (issue #7), shared by the server and the PWA.

import { z } from 'zod'
import { MAX_DRAFT_BYTES } from '../application/limits'
import { HANDOFF_MAX_SIGNED_IN_PAYLOAD_CHARS } from './carried'
import { HANDOFF_MAX_PAYLOAD_CHARS, HANDOFF_TOKEN_CHARS, isHandoffTarget } from './targets'

const MAX_DRAFT_KEY_CHARS = 100

function fitsIn(max: number) {
  return (value: unknown) => value === undefined || JSON.stringify(value).length <= max
}

/** Form drafts of the screen (useDraft key → what was typed); which keys a screen has: carried.ts. */
const typedForms = z.record(z.string().max(MAX_DRAFT_KEY_CHARS), z.record(z.string(), z.unknown()))

export const createHandoffBody = z.object({
  target: z.string().max(200).refine(isHandoffTarget, 'validation_failed').describe('The resident screen to open on the phone, e.g. /diagnosis or /progress/<id>'),
  diagnosis: z.unknown().optional().refine(fitsIn(HANDOFF_MAX_PAYLOAD_CHARS), 'validation_failed').describe('The self-diagnosis answers kept on the kiosk, carried to the phone once'),
  application: z.unknown().optional().refine(fitsIn(MAX_DRAFT_BYTES), 'validation_failed').describe('The application draft of a signed-in resident whose account cannot keep it yet (no household bound), for /apply'),
  forms: typedForms.optional().refine(fitsIn(HANDOFF_MAX_SIGNED_IN_PAYLOAD_CHARS), 'validation_failed').describe('What was typed into the forms of the target screen, by form; only that screen\'s forms are accepted'),
})
export type CreateHandoffBody = z.infer<typeof createHandoffBody>

export const createHandoffResponse = z.object({
  id: z.string().describe('Not secret: the kiosk asks with it whether the phone has taken over'),
  token: z.string().describe('Secret, single use: goes into the QR as <origin>/handoff#<token>, never into a URL the server sees'),
  expiresAt: z.string().describe('ISO time'),
}).meta({ id: 'Handoff' })
export type CreatedHandoff = z.infer<typeof createHandoffResponse>

export const handoffStatusResponse = z.object({
  status: z.enum(['waiting', 'redeemed', 'expired']),
}).meta({ id: 'HandoffStatus' })
export type HandoffStatus = z.infer<typeof handoffStatusResponse>['status']

export const redeemHandoffBody = z.object({
  token: z.string().max(HANDOFF_TOKEN_CHARS * 2),
})

export const redeemHandoffResponse = z.object({
  target: z.string(),
  diagnosis: z.unknown().optional(),
  application: z.unknown().optional().describe('The application draft carried from the kiosk: the phone keeps it as its own'),
  forms: z.record(z.string(), z.unknown()).optional().describe('What was typed into the forms of the target screen'),
  signedIn: z.boolean().describe('true when the kiosk\'s resident is now signed in on this device'),
}).meta({ id: 'RedeemedHandoff' })
export type RedeemedHandoff = z.infer<typeof redeemHandoffResponse>
