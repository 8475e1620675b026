import type { SmsGateway, SmsMessage } from '../server/adapters'
import { renderSms } from '../server/adapters/sms'
import { maskMobile } from '../src/domain/mask'

export interface OutboxMessage {
  phone: string
  text: string
  sentAt: string
}

/** How many messages the outbox keeps: enough for a demo, bounded so it cannot grow forever. */
const OUTBOX_LIMIT = 200

/**
 * Local SMS gateway: nothing leaves the machine. Messages go to an in-memory outbox that the
 * server exposes only in demo mode (for the demo and the e2e tests).
 */
export class OutboxSmsGateway implements SmsGateway {
  readonly outbox: OutboxMessage[] = []

  constructor(private readonly log?: (msg: string) => void) {}

  async send(phone: string, message: SmsMessage): Promise<void> {
    // Rendered here as a real provider would from its approved template: the demo reads the same text.
    this.outbox.push({ phone, text: renderSms(message), sentAt: new Date().toISOString() })
    if (this.outbox.length > OUTBOX_LIMIT)
      this.outbox.shift()
    // Masked number and no text: logs carry neither personal data nor sign-in codes.
    this.log?.(`[demo sms] to ${maskMobile(phone)}: kept in the demo outbox, not logged`)
  }

  latestFor(phone: string): OutboxMessage | undefined {
    return this.outbox.findLast(m => m.phone === phone)
  }
}
