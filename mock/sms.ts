import type { SmsGateway } from '../server/adapters'

export interface OutboxMessage {
  phone: string
  text: string
  sentAt: string
}

/** How many messages the outbox keeps: enough for a demo, bounded so it cannot grow forever. */
const OUTBOX_LIMIT = 200

/**
 * Local SMS gateway: nothing leaves the machine. Messages go to an in-memory outbox that the
 * server exposes only outside production (for the demo and the e2e tests).
 */
export class OutboxSmsGateway implements SmsGateway {
  readonly outbox: OutboxMessage[] = []

  constructor(private readonly log?: (msg: string) => void) {}

  async send(phone: string, text: string): Promise<void> {
    this.outbox.push({ phone, text, sentAt: new Date().toISOString() })
    if (this.outbox.length > OUTBOX_LIMIT)
      this.outbox.shift()
    // Masked number only: logs must not carry personal data.
    this.log?.(`[mock sms] to ${phone.slice(0, 3)}****${phone.slice(-4)}: ${text}`)
  }

  latestFor(phone: string): OutboxMessage | undefined {
    return this.outbox.findLast(m => m.phone === phone)
  }
}
