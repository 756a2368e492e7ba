import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

// Schema types for every table; kept in step with db/migrations by hand and
// checked by tests/db/schema.test.ts, which compares them with the live catalog.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Json = ColumnType<unknown, string, string>

export type OrganisationType = 'university' | 'institute' | 'enterprise' | 'agency' | 'registrar' | 'government'
export type OrganisationStatus = 'pending' | 'verified' | 'rejected'
export type MembershipRole = 'owner' | 'admin' | 'member'

export interface DivisionTable {
  code: string
  name_zh: string
  name_en: string
  kind: 'city' | 'district' | 'county' | 'zone'
  parent_code: string | null
  sort: Generated<number>
}

export interface UserTable {
  id: Generated<string>
  email: string
  name: string
  phone: string | null
  password_hash: string
  locale: Generated<string>
  is_platform_admin: Generated<boolean>
  created_at: CreatedAt
  password_changed_at: Timestamp
}

export interface OrganisationTable {
  id: Generated<string>
  name: string
  name_en: string | null
  type: OrganisationType
  credit_code: string
  division_code: string
  address: string | null
  contact_name: string
  contact_phone: string
  contact_email: string
  website: string | null
  description: string | null
  status: Generated<OrganisationStatus>
  rejection_reason: string | null
  reviewed_by: string | null
  reviewed_at: Date | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface MembershipTable {
  org_id: string
  user_id: string
  role: MembershipRole
  created_at: CreatedAt
}

export interface InvitationTable {
  id: Generated<string>
  org_id: string
  email: string
  role: 'admin' | 'member'
  token_hash: string
  invited_by: string
  created_at: CreatedAt
  expires_at: Date
  accepted_at: Date | null
  accepted_by: string | null
}

export interface ManagerProfileTable {
  user_id: string
  certificate_no: string
  agency_id: string
  created_at: CreatedAt
}

export interface SessionTable {
  id_hash: string
  user_id: string
  created_at: CreatedAt
  expires_at: Date
  ip: string | null
  user_agent: string | null
}

export interface PasswordResetTable {
  token_hash: string
  user_id: string
  created_at: CreatedAt
  expires_at: Date
  used_at: Date | null
}

export interface LoginFailureTable {
  id: Generated<number>
  email: string
  ip: string
  at: CreatedAt
}

export interface AuditLogTable {
  id: Generated<number>
  at: CreatedAt
  actor_id: string | null
  action: string
  entity_type: string
  entity_id: string | null
  org_id: string | null
  ip: string | null
  user_agent: string | null
  request_id: string | null
  details: Json
}

export interface OutboxTable {
  id: Generated<number>
  kind: string
  payload: Json
  created_at: CreatedAt
  available_at: Timestamp
  attempts: Generated<number>
  last_error: string | null
  done_at: Date | null
}

export interface MailboxTable {
  id: Generated<number>
  to_address: string
  subject: string
  text_body: string
  created_at: CreatedAt
}

export interface DB {
  divisions: DivisionTable
  users: UserTable
  organisations: OrganisationTable
  memberships: MembershipTable
  invitations: InvitationTable
  manager_profiles: ManagerProfileTable
  sessions: SessionTable
  password_resets: PasswordResetTable
  login_failures: LoginFailureTable
  audit_log: AuditLogTable
  outbox: OutboxTable
  mailbox: MailboxTable
}

export type UserRow = Selectable<UserTable>
export type OrganisationRow = Selectable<OrganisationTable>
export type NewOrganisation = Insertable<OrganisationTable>
