import type { Adapters } from '../server/adapters'
import { MockEconomicCheck } from './economic-check'
import { OutboxPushGateway } from './push'
import { DemoHouseholdRegistry } from './registry'
import { OutboxSmsGateway } from './sms'

/** The local adapters used by default (demo, development, tests). */
export function createMockAdapters(log?: (msg: string) => void): Adapters & { sms: OutboxSmsGateway, push: OutboxPushGateway } {
  return { sms: new OutboxSmsGateway(log), push: new OutboxPushGateway(log), registry: new DemoHouseholdRegistry(), economicCheck: new MockEconomicCheck() }
}
