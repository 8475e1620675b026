import type { Relation } from '../../src/domain/diagnosis/options'

/**
 * The household registration source (户籍): who lives in which household. The real
 * implementation queries the public-security / civil-affairs data exchange; mock/ holds the
 * demo households.
 */
export interface RegistryPerson {
  idNumber: string
  name: string
  relation: Relation
  isHead: boolean
  /**
   * The contact mobile number the registry holds for this person (户籍/社区登记的联系电话), or null.
   * Signing in with it (an SMS code reached that phone) is proof enough to bind the household.
   */
  phone: string | null
}

export interface RegistryHousehold {
  /** Household register number (户号). */
  registryRef: string
  /** 12-digit village (村/社区) code of the registration. */
  areaCode: string
  address: string
  members: RegistryPerson[]
}

export interface HouseholdRegistry {
  findHouseholdByMember: (idNumber: string) => Promise<RegistryHousehold | null>
}
