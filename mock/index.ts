import type { Adapters } from '../server/adapters'
import { MockEconomicCheck } from './economic-check'
import { DemoHouseholdRegistry } from './registry'
import { OutboxSmsGateway } from './sms'

/** The local adapters used by default (demo, development, tests). */
export function createMockAdapters(log?: (msg: string) => void): Adapters & { sms: OutboxSmsGateway } {
  return { sms: new OutboxSmsGateway(log), registry: new DemoHouseholdRegistry(), economicCheck: new MockEconomicCheck() }
}
