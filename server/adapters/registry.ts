/**
 * The household registration source (户籍): who lives in which household. The real
 * implementation queries the public-security / civil-affairs data exchange; mock/ holds the
 * demo households.
 */
export interface RegistryPerson {
  idNumber: string
  name: string
  relation: 'self' | 'spouse' | 'child' | 'parent' | 'grandparent' | 'grandchild' | 'sibling' | 'other'
  isHead: boolean
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
