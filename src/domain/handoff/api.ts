import { z } from 'zod'
import { HANDOFF_MAX_PAYLOAD_CHARS, HANDOFF_TOKEN_CHARS, isHandoffTarget } from './targets'

// Request and response shapes of /api/handoffs (issue #7), shared by the server and the PWA.

export const createHandoffBody = z.object({
  target: z.string().max(200).refine(isHandoffTarget, 'validation_failed').describe('The resident screen to open on the phone, e.g. /diagnosis or /progress/<id>'),
  diagnosis: z.unknown().optional().refine(
    value => value === undefined || JSON.stringify(value).length <= HANDOFF_MAX_PAYLOAD_CHARS,
    'validation_failed',
  ).describe('The self-diagnosis answers kept on the kiosk, carried to the phone once'),
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
  signedIn: z.boolean().describe('true when the kiosk\'s resident is now signed in on this device'),
}).meta({ id: 'RedeemedHandoff' })
export type RedeemedHandoff = z.infer<typeof redeemHandoffResponse>
