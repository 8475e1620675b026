import type { CreatedHandoff, HandoffStatus, RedeemedHandoff } from '../../domain/handoff/api'
import type { CarriedWork } from '../../domain/handoff/carried'
import { del, get, post } from '../../api/client'

/** A one-time QR for `target`, with what was typed there (see carry.ts). */
export function createHandoff(target: string, carried: CarriedWork = {}): Promise<CreatedHandoff> {
  return post('/handoffs', { target, ...carried })
}

export async function handoffStatus(id: string): Promise<HandoffStatus> {
  return (await get<{ status: HandoffStatus }>(`/handoffs/${encodeURIComponent(id)}`)).status
}

export async function cancelHandoff(id: string): Promise<void> {
  await del(`/handoffs/${encodeURIComponent(id)}`)
}

export function redeemHandoff(token: string): Promise<RedeemedHandoff> {
  return post('/handoffs/redeem', { token })
}

/**
 * What the QR holds. The token goes after `#`: browsers never send the fragment, so it reaches
 * neither our server's logs nor a proxy's; the phone posts it in a request body.
 */
export function handoffUrl(origin: string, token: string): string {
  return `${origin}/handoff#${token}`
}
