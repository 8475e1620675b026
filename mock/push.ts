import type { PushGateway, PushMessage, PushTarget } from '../server/adapters'
import { PushDeliveryError } from '../server/adapters/push'

export interface PushOutboxMessage {
  endpoint: string
  message: PushMessage
  sentAt: string
}

/** How many pushes the outbox keeps: enough for a demo, bounded so it cannot grow forever. */
const OUTBOX_LIMIT = 200

/**
 * Local Web Push gateway: nothing leaves the machine. Pushes go to an in-memory outbox (the demo
 * and the tests read it), as texts go to the SMS outbox of ./sms.ts. Used only where the mock
 * adapters are: demo mode and tests.
 */
export class OutboxPushGateway implements PushGateway {
  readonly outbox: PushOutboxMessage[] = []
  /** Answers to give instead of taking the next pushes, per endpoint: a push service's status, or null for "unreachable". */
  private readonly failures = new Map<string, (number | null)[]>()

  constructor(private readonly log?: (msg: string) => void) {}

  /** Tests: the next pushes to this device fail with these answers, in order (410: the device unsubscribed). */
  failNext(endpoint: string, ...answers: (number | null)[]): void {
    this.failures.set(endpoint, [...(this.failures.get(endpoint) ?? []), ...answers])
  }

  async send(target: PushTarget, message: PushMessage): Promise<void> {
    const failures = this.failures.get(target.endpoint)
    if (failures && failures.length > 0) {
      const status = failures.shift()!
      throw new PushDeliveryError(status, status === null ? 'network' : `http_${status}`)
    }
    this.outbox.push({ endpoint: target.endpoint, message, sentAt: new Date().toISOString() })
    if (this.outbox.length > OUTBOX_LIMIT)
      this.outbox.shift()
    // No endpoint (it lets anyone push to the device) and no text in the log.
    this.log?.('[demo push] kept in the demo outbox, not sent')
  }

  sentTo(endpoint: string): PushOutboxMessage[] {
    return this.outbox.filter(m => m.endpoint === endpoint)
  }
}
