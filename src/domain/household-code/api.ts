import { z } from 'zod'
import { TOKEN_CHARS } from './token'

// Request and response shapes of /api/household-code (issue #6), shared by the server and the PWA.

/** Generous: anything longer is not a token, and is rejected before any work. */
const MAX_TOKEN_INPUT = 4 * TOKEN_CHARS

export const householdCodeResponse = z.object({
  token: z.string(),
  url: z.string().describe('<origin>/h/<token>: what the QR holds'),
  version: z.number().int(),
  issuedAt: z.string().describe('ISO time'),
}).meta({ id: 'HouseholdCode' })
export type HouseholdCode = z.infer<typeof householdCodeResponse>

export const publishedKeysResponse = z.object({
  keys: z.array(z.object({
    keyId: z.number().int(),
    jwk: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string() }).describe('Public key only'),
  })),
  revoked: z.array(z.object({ ref: z.string(), version: z.number().int() })),
}).meta({ id: 'HouseholdCodeKeys' })
export type PublishedKeys = z.infer<typeof publishedKeysResponse>

export const regenerateBody = z.object({
  householdId: z.string().max(64).optional().describe('Required for staff; a resident regenerates their own household\'s code'),
})

export const verifyBody = z.object({ token: z.string().max(MAX_TOKEN_INPUT) })
export const verifyResponse = z.object({ valid: z.literal(true), version: z.number().int() })
