import type { HouseholdRegistry, RegistryHousehold } from '../server/adapters'
import { DEMO_HOUSEHOLDS } from './demo-data'

/** Household registry answering from the demo households. */
export class DemoHouseholdRegistry implements HouseholdRegistry {
  constructor(private readonly households: RegistryHousehold[] = DEMO_HOUSEHOLDS) {}

  async findHouseholdByMember(idNumber: string): Promise<RegistryHousehold | null> {
    return this.households.find(h => h.members.some(m => m.idNumber === idNumber)) ?? null
  }
}
