import type { Generated } from 'kysely'
import type { Actor, CaseAction, CaseStatus, NoteCode } from '../../src/domain/application/case-status'
import type { AttachmentType } from '../../src/domain/application/limits'
import type { MemberRegistryStatus } from '../../src/domain/application/staff-api'
import type { Relation, StudentLevel } from '../../src/domain/diagnosis/options'
import type { BenefitDepartmentCode, BenefitItemCode, BenefitKind, BenefitSource, BenefitStatus } from '../../src/domain/happiness-list/record'
import type { HouseholdBindingProof } from '../../src/domain/http/auth'
import type { DepartmentCode, ItemCode } from '../../src/domain/items'
import type { Lang } from '../../src/domain/lang'
import type { NeedCategory } from '../../src/domain/needs/limits'
import type { NeedEventAction, NeedStatus } from '../../src/domain/needs/state'
import type { OutboundChannel, OutboundTemplate } from '../../src/domain/notify/messages'
import type { AreaLevel, Role } from '../../src/domain/roles'
import type { VisitType } from '../../src/domain/visits/limits'
import type { RuleCode } from '../../src/domain/warnings/rules'
import type { SignalKind, SignalSource } from '../../src/domain/warnings/signals'
import type { DecisionStage, InvitationStatus, NotEligibleReason, WarningOutcome, WarningStatus } from '../../src/domain/warnings/verification'

/**
 * Table shapes. Portable across SQLite and PostgreSQL: ids are text (UUIDs), times are ISO-8601
 * UTC text (sortable as strings), booleans are 0/1 integers. Columns that hold one of a domain's
 * codes (statuses, items, roles, departments…) are typed with its union from src/domain: the app
 * writes nothing else, so rows read back need no casts. JSON kept in text stays `string` and is
 * parsed (and trusted or checked) where it is read.
 */
export interface Database {
  areas: AreaTable
  users: UserTable
  households: HouseholdTable
  household_members: HouseholdMemberTable
  sessions: SessionTable
  sms_codes: SmsCodeTable
  audit_log: AuditLogTable
  applications: ApplicationTable
  application_members: ApplicationMemberTable
  authorisations: AuthorisationTable
  attachments: AttachmentTable
  application_drafts: ApplicationDraftTable
  cases: CaseTable
  case_steps: CaseStepTable
  info_answers: InfoAnswerTable
  notifications: NotificationTable
  entitlements: EntitlementTable
  benefit_records: BenefitRecordTable
  feed_credentials: FeedCredentialTable
  import_batches: ImportBatchTable
  signing_keys: SigningKeyTable
  household_codes: HouseholdCodeTable
  revoked_codes: RevokedCodeTable
  visits: VisitTable
  visit_confirmations: VisitConfirmationTable
  field_worker_areas: FieldWorkerAreaTable
  needs: NeedTable
  need_events: NeedEventTable
  handoffs: HandoffTable
  rate_limits: RateLimitTable
  signals: SignalTable
  warnings: WarningTable
  warning_signals: WarningSignalTable
  warning_decisions: WarningDecisionTable
  invitations: InvitationTable
  push_subscriptions: PushSubscriptionTable
  notification_channels: NotificationChannelTable
  outbound_messages: OutboundMessageTable
}

export interface AreaTable {
  code: string
  name: string
  level: AreaLevel
  parent_code: string | null
}

export interface UserTable {
  id: string
  role: Role
  username: string | null
  /** Encrypted; looked up by phone_hash. */
  phone: string | null
  phone_hash: string | null
  password_hash: string | null
  display_name: string
  area_code: string | null
  department: DepartmentCode | null
  organisation: string | null
  household_id: string | null
  created_at: string
  disabled: Generated<number>
  /** When and how the account was bound to its household (issue #13); null while unbound. */
  household_bound_at: string | null
  household_bound_via: HouseholdBindingProof | null
  /** Blind index of the registry member's ID number the account was bound as; null for older bindings. */
  member_id_hash: string | null
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
  /** Encrypted (server/crypto/field-cipher.ts); looked up by id_number_hash. */
  id_number: string
  /** Blind index of the ID number; null only on a row the backfill has not reached. */
  id_number_hash: string | null
  name: string
  relation: Relation
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
  /** Blind index of the phone (issue #14): codes are found by it; the number is never read back. */
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

/** One submitted application (一证通办): the applicant, the household as declared, the chosen items. */
export interface ApplicationTable {
  id: string
  /** Printed on the receipt, typed at a kiosk for an enquiry: XFM-YYYYMMDD-NNNNNN. */
  number: string
  household_id: string
  user_id: string
  /** Unique per user: a resent submit finds the application it already made. */
  idempotency_key: string
  applicant_name: string
  applicant_id_number: string
  applicant_phone: string
  address: string
  /** GB/T 2260 code whose figures apply (deposit limits in the check report). */
  region: string
  reason: string
  /** JSON: ItemCode[] */
  items: string
  /** JSON: the statuses the household said it already receives */
  receiving: string
  /** JSON: the self-diagnosis' verdicts when the resident shared them, or null */
  diagnosis: string | null
  /** Encrypted JSON Declaration (issue #15); null on applications made before it was asked. */
  declaration: string | null
  /** Encrypted JSON: registered members left out, [{ idNumber, reason, note? }] */
  removed_members: string
  created_at: string
}

export interface ApplicationMemberTable {
  id: string
  application_id: string
  /** Order in the form (0 = first), used as memberIndex by staff. */
  position: number
  name: string
  id_number: string
  relation: Relation
  /** Integer fen (issue #17, migration 018): as declared, yuan × 100 exactly. */
  monthly_income_fen: number
  disability_grade: number
  serious_illness: number
  student: StudentLevel
  /** In the applicant's registered household, or not and waiting for staff, or confirmed by staff (issue #13). */
  registry_status: MemberRegistryStatus
  confirmed_by: string | null
  confirmed_at: string | null
}

/** 家庭经济状况核对授权书: one per adult member, with the drawn signature. */
export interface AuthorisationTable {
  id: string
  application_id: string
  id_number: string
  name: string
  /** PNG data URL of the finger signature. */
  signature: string
  /** When the member agreed, as the device said. */
  agreed_at: string
  /** When the server received it. */
  recorded_at: string
}

export interface AttachmentTable {
  id: string
  user_id: string
  household_id: string
  /** Set when an application (or an answer to a request for information) uses it. */
  application_id: string | null
  type: AttachmentType
  size: number
  /** The bytes as base64 text (one portable column type for SQLite and PostgreSQL), sealed. */
  data: string
  created_at: string
}

export interface ApplicationDraftTable {
  user_id: string
  /** JSON text as the PWA sent it. */
  draft: string
  saved_at: string
}

/** One item of one application, owned by one department at the town of the household registration. */
export interface CaseTable {
  id: string
  application_id: string
  household_id: string
  item: ItemCode
  department: DepartmentCode
  town_code: string
  status: CaseStatus
  /** Where need_more_info returns to. */
  previous_status: CaseStatus | null
  /** What staff asked for (need_more_info), in their words. */
  info_request: string | null
  due_at: string | null
  /** Integer fen (migration 018); null until approved, and for items without a monthly amount. */
  decision_amount_fen: number | null
  decision_start_date: string | null
  decision_reason: string | null
  decided_at: string | null
  created_at: string
  updated_at: string
}

export interface CaseStepTable {
  id: string
  case_id: string
  /** 1, 2, 3… per case: the order of the timeline (times can tie). */
  seq: number
  /** The status the case entered. */
  status: CaseStatus
  /** null for the first step (submission). */
  action: CaseAction | null
  actor: Actor
  actor_user_id: string | null
  /** As recorded, in Chinese ("安乐镇 民政部门", "申请人", "系统"). */
  actor_label: string
  /** For staff: the area and department, so the label can be shown in the reader's language. */
  actor_area_code: string | null
  actor_department: DepartmentCode | null
  /** Free text by staff or resident. */
  note: string | null
  /** A system note, worded in the reader's language when shown. */
  note_code: NoteCode | null
  at: string
}

export interface InfoAnswerTable {
  id: string
  case_id: string
  user_id: string
  text: string
  /** JSON: string[] */
  attachment_ids: string
  at: string
}

/** One row per reader (user of the household); the text is made from code + params when read. */
export interface NotificationTable {
  id: string
  user_id: string
  household_id: string
  /** null for news about a small need (need_id). */
  application_id: string | null
  case_id: string | null
  code: string
  /** JSON object */
  params: string
  at: string
  read_at: string | null
  /** The small need (微心愿, issue #6) the news is about. */
  need_id: string | null
}

/** What an approval grants: the happiness list (issue #5) reads these. */
export interface EntitlementTable {
  id: string
  household_id: string
  case_id: string
  item: ItemCode
  /** Integer fen per month (migration 018); null for items without a monthly payment (e.g. medical aid). */
  monthly_amount_fen: number | null
  start_date: string
  created_at: string
  /** The last month ("YYYY-MM") whose granted record is written (migration 019); null before the first. */
  granted_through: string | null
}

/** One benefit of the happiness list (issue #5): from an approval, a department feed or a CSV import. */
export interface BenefitRecordTable {
  id: string
  household_id: string
  department: BenefitDepartmentCode
  /** The department's own record id; unique per department (idempotent upsert). */
  external_id: string
  item: BenefitItemCode
  kind: BenefitKind
  /** Integer fen; null for in-kind and service records measured by quantity. */
  amount_fen: number | null
  quantity: number | null
  unit: string | null
  /** "YYYY-MM" or "YYYY-MM-DD/YYYY-MM-DD". */
  period: string
  /** Date paid or delivered (YYYY-MM-DD): the year and quarter totals count by it. */
  paid_on: string
  /** JSON: ID numbers of the members concerned. */
  member_ids: string
  status: BenefitStatus
  source: BenefitSource
  reference: string | null
  credential_id: string | null
  import_batch_id: string | null
  created_at: string
  updated_at: string
}

/** An API credential of one department's feed; only the SHA-256 of the token is kept. */
export interface FeedCredentialTable {
  id: string
  department: BenefitDepartmentCode
  name: string
  secret_hash: string
  created_by: string
  created_at: string
  revoked_at: string | null
}

export interface ImportBatchTable {
  id: string
  /** SHA-256 of the CSV text. */
  file_hash: string
  filename: string | null
  created_by: string
  committed_at: string
  rows: number
  inserted: number
  updated: number
  unchanged: number
}

/** Ed25519 keys of the happiness code (issue #6); the id travels in every token (1 byte). */
export interface SigningKeyTable {
  key_id: number
  /** Public key as JWK JSON (OKP, Ed25519): what the PWA caches to verify offline. */
  public_key_jwk: string
  /** PKCS#8 as base64, encrypted with the data keys (issue #14). */
  private_key_pkcs8: string
  created_at: string
  retired_at: string | null
}

/** The current happiness code of a household: a random reference, no personal data. */
export interface HouseholdCodeTable {
  household_id: string
  /** base64url of 12 random bytes; stays the same across regenerations. */
  ref: string
  version: number
  /** ISO time, whole seconds (the token carries Unix seconds). */
  issued_at: string
}

/** Versions that stopped working when the household's code was regenerated. */
export interface RevokedCodeTable {
  ref: string
  version: number
  revoked_at: string
}

/** A care visit (探访关爱, issue #6), stored once per clientId made on the visitor's phone. */
export interface VisitTable {
  id: string
  client_id: string
  household_id: string
  visitor_id: string
  visitor_role: Exclude<Role, 'resident'>
  organisation: string
  type: VisitType
  /** When the visit happened (as the phone said), ISO UTC. */
  visited_at: string
  /** JSON: [{ dimension, level, note }]. */
  observations: string
  urgent: number
  urgent_note: string
  /** Private to visitors and staff; never shown to the household. */
  notes: string
  /** Sealed JPEG data URL (server/crypto/field-cipher.ts), or null. */
  photo: string | null
  /** Sealed "lat,lng" (migration 014), or null. */
  location: string | null
  accuracy: number | null
  created_at: string
  flag_resolved_at: string | null
  flag_resolved_by: string | null
}

/**
 * A visit logged with a code version regenerated before the visit (issue #16, migration 017):
 * stored in `visits` like any other (sealed alike), held out of every count and list by a row
 * here until staff confirm it. A visit without a row here is an ordinary visit.
 */
export interface VisitConfirmationTable {
  visit_id: string
  /** 'pending' until staff decide; 'confirmed' ones count like ordinary visits. */
  status: 'pending' | 'confirmed' | 'rejected'
  /** The code version the visitor scanned, and when it had been revoked (before the visit). */
  code_version: number
  code_revoked_at: string
  created_at: string
  decided_by: string | null
  decided_at: string | null
  /**
   * The referral (转介) sent with the visit, as its warning signal, sealed (JSON): raised when staff
   * confirm the visit, dropped with a rejected one. null without referral and once decided.
   */
  referral: string | null
}

/** Areas where a volunteer or social worker may log visits besides their own users.area_code. */
export interface FieldWorkerAreaTable {
  user_id: string
  area_code: string
  assigned_by: string
  assigned_at: string
}

/** A small need (微心愿, issue #6) of a household: posted, claimed, delivered, confirmed and rated. */
export interface NeedTable {
  id: string
  household_id: string
  category: NeedCategory
  description: string
  /** A compressed JPEG as a data URL, sealed. */
  photo: string | null
  status: NeedStatus
  /** Set while removed by staff: where a restore goes back to. */
  status_before_removal: NeedStatus | null
  posted_by: string
  /** resident, or the volunteer / social worker who posted during a visit. */
  posted_by_role: Role
  claimed_by: string | null
  rating: number | null
  comment: string | null
  removal_reason: string | null
  created_at: string
  updated_at: string
}

/** One step of a need's timeline: who (role, organisation) did what, when. */
export interface NeedEventTable {
  id: string
  need_id: string
  seq: number
  at: string
  action: NeedEventAction
  status: NeedStatus
  actor_id: string
  actor_role: Role
  actor_organisation: string | null
  note: string | null
  rating: number | null
  /** Sealed, as needs.photo. */
  photo: string | null
}

export interface HandoffTable {
  id: string
  /** SHA-256 of the one-time token in the kiosk's QR */
  token_hash: string
  user_id: string | null
  /** sessions.id of the kiosk's session, ended when the phone takes over */
  session_id: string | null
  target: string
  /** JSON: the self-diagnosis answers; null once taken or when there were none */
  payload: string | null
  created_at: string
  expires_at: string
  redeemed_at: string | null
  /** keyed hash of the address that made it (no address is stored) */
  ip_hash: string | null
}

/** An attempt counter (issue #13): see server/db/repos/rate-limits.ts. */
export interface RateLimitTable {
  key: string
  attempts: number
  window_start: string
  expires_at: string
}

/** What a department, a volunteer or a resident tells about a household (issue #19, migration 020). */
export interface SignalTable {
  id: string
  kind: SignalKind
  source: SignalSource
  /** The source's own id; unique per source (a resend is the same signal). */
  external_id: string
  household_id: string
  /** household_members.id of the member concerned, never an ID number. */
  member_id: string | null
  /** As sent: "YYYY-MM-DD" or an instant with its offset. */
  occurred_at: string
  /** Its day in Beijing (signalDay). */
  occurred_on: string
  received_at: string
  /** Sealed JSON of the validated signal. */
  payload: string
  credential_id: string | null
  imported_by: string | null
}

/** A warning for staff to verify (issue #19): one per cause key. */
export interface WarningTable {
  id: string
  cause_key: string
  rule: RuleCode
  household_id: string
  member_id: string | null
  /** The signal that raised it. */
  signal_id: string
  /** Sealed JSON: Record<string, number>. */
  figures: string
  /** JSON: FigureBasis[]. */
  basis: string
  /** JSON: Suggestion[]. */
  suggestions: string
  /** Sealed JSON: { staff: Text, household: Text }. */
  texts: string
  /** open (民政 to verify) → referred (the department referred_to to decide) | closed (migration 023). */
  status: WarningStatus
  raised_on: string
  due_on: string
  created_at: string
  /** The department 民政 referred it to, whose queue it is then in (migration 023). */
  referred_to: DepartmentCode | null
}

/** Every signal behind a warning (the one that raised it and later ones of the same cause). */
export interface WarningSignalTable {
  warning_id: string
  signal_id: string
}

/** What staff decided on a warning, once per stage (issue #19, migration 023). */
export interface WarningDecisionTable {
  id: string
  warning_id: string
  stage: DecisionStage
  outcome: WarningOutcome
  /** The deciding staff member's department. */
  department: DepartmentCode
  referred_to: DepartmentCode | null
  reason_code: NotEligibleReason | null
  /** Sealed free text. */
  note: string | null
  decided_by: string
  decided_at: string
  decided_on: string
}

/** An invitation to apply, for a household taken in from a warning (issue #19, migration 023). */
export interface InvitationTable {
  id: string
  warning_id: string
  household_id: string
  /** JSON: ItemCode[]. */
  items: string
  /** Sealed JSON Text. */
  reason: string
  status: InvitationStatus
  created_at: string
  responded_at: string | null
  call_requested_at: string | null
}

/** A device subscribed to Web Push (issue #19, migration 024). */
export interface PushSubscriptionTable {
  id: string
  user_id: string
  /** Sealed. */
  endpoint: string
  /** Keyed hash of the endpoint (a device subscribing again is the same row). */
  endpoint_hash: string
  /** Sealed JSON: { p256dh, auth }. */
  keys: string
  /** The language the device showed when it subscribed: its pushes are worded in it. */
  lang: Lang
  created_at: string
  last_success_at: string | null
  last_failure_at: string | null
  /** A code (HTTP status, network error), never the service's answer. */
  last_failure: string | null
}

/** A person's choice of channels; no row: the defaults (texts when the account has a phone, push on). */
export interface NotificationChannelTable {
  user_id: string
  sms: number
  push: number
  updated_at: string
}

/** A text or push of a notification, queued with it and sent after the commit (issue #19, migration 024). */
export interface OutboundMessageTable {
  id: string
  notification_id: string
  user_id: string
  channel: OutboundChannel
  /** The device of a push; null for a text, or once the device is gone. */
  subscription_id: string | null
  template: OutboundTemplate
  /** JSON: { path } of the page it links to; no personal data. */
  params: string
  /** template and application (or household): queued messages of one group go once. */
  group_key: string
  status: OutboundStatus
  attempts: number
  next_attempt_at: string
  claimed_at: string | null
  sent_at: string | null
  last_error: string | null
  created_at: string
}

export type OutboundStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled'
