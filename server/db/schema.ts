import type { Generated } from 'kysely'

/**
 * Table shapes. Portable across SQLite and PostgreSQL: ids are text (UUIDs), times are ISO-8601
 * UTC text (sortable as strings), booleans are 0/1 integers.
 */
export interface Database {
  areas: AreaTable
  users: UserTable
  households: HouseholdTable
  household_members: HouseholdMemberTable
  sessions: SessionTable
  sms_codes: SmsCodeTable
  audit_log: AuditLogTable
}

export interface AreaTable {
  code: string
  name: string
  level: 'county' | 'town' | 'village'
  parent_code: string | null
}

export interface UserTable {
  id: string
  role: 'resident' | 'volunteer' | 'social_worker' | 'town_staff' | 'county_staff'
  username: string | null
  phone: string | null
  password_hash: string | null
  display_name: string
  area_code: string | null
  department: string | null
  organisation: string | null
  household_id: string | null
  created_at: string
  disabled: Generated<number>
}

export interface HouseholdTable {
  id: string
  /** Household register number (户号) as known to the registry; used to match it again. */
  registry_ref: string
  area_code: string
  address: string
  created_at: string
}

export interface HouseholdMemberTable {
  id: string
  household_id: string
  id_number: string
  name: string
  relation: string
  birth_date: string
  is_head: number
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a leaked database does not hand out sessions. */
  id: string
  user_id: string
  created_at: string
  expires_at: string
  last_seen_at: string
}

export interface SmsCodeTable {
  id: string
  phone: string
  code_hash: string
  ip_hash: string
  created_at: string
  expires_at: string
  attempts: number
  consumed_at: string | null
}

export interface AuditLogTable {
  id: string
  at: string
  actor_id: string | null
  actor_role: string | null
  action: string
  subject_type: string
  subject_id: string | null
  /** Never personal data: ids and reasons only. */
  detail: string | null
}
