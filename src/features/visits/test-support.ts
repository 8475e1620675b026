import type { OutboxEntry } from './outbox'
import { values } from 'idb-keyval'
import { outboxStore } from './outbox'
import '../../app/idb-test-support'

/** Every entry of the outbox as stored on the device (expired ones included). */
export function outboxEntries(): Promise<OutboxEntry[]> {
  return values<OutboxEntry>(outboxStore())
}
