import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable } from 'kysely'

// Schema types for every table; kept in step with db/migrations by hand and
// checked by tests/integration/schema.test.ts, which compares them with the live catalog.

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
  /** A second person must approve listings (the approver is not who submitted or last edited it). */
  four_eyes: Generated<boolean>
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

export type ManagerProfileStatus = 'pending' | 'approved'

export interface ManagerProfileTable {
  user_id: string
  certificate_no: string
  agency_id: string
  created_at: CreatedAt
  // 'pending' until an admin of the agency approves (migration 2026_12_03_0201); only 'approved' makes a manager
  status: Generated<ManagerProfileStatus>
  decided_by: string | null
  decided_at: Date | null
  /** 初级/中级/高级 per the national capability standard (migration 2026_12_05_0161); null: not assessed. */
  level: ColumnType<ManagerLevel | null, ManagerLevel | null | undefined, ManagerLevel | null>
  /** The manager's fields: industry codes (migration 2026_12_05_0161). */
  industry_codes: ColumnType<string[], string[] | undefined, string[]>
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

export interface AccountMailRequestTable {
  id: Generated<number>
  /** 'password_reset' or 'signup' */
  kind: string
  email: string
  ip: string
  at: CreatedAt
}

/** A sign-up waiting for its mailed link; the user is created when it is followed. */
export interface SignupRequestTable {
  token_hash: string
  email: string
  name: string
  password_hash: string
  locale: string
  redirect_to: string | null
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

export type ListingStatus = 'draft' | 'submitted' | 'returned' | 'published' | 'taken_down' | 'withdrawn'
export type DeclineReason = 'too_early' | 'benefit_unclear' | 'price' | 'not_our_field' | 'other'
export type TransactionMode = 'transfer' | 'licence' | 'equity' | 'co_development' | 'service' | 'consulting'
type Money = ColumnType<number | null, number | null | undefined, number | null>

export interface IndustryTable {
  code: string
  name_zh: string
  name_en: string
  parent_code: string | null
  sort: Generated<number>
}

export interface AchievementTable {
  id: Generated<string>
  org_id: string
  created_by: string
  title: string
  summary: string
  details: Generated<string>
  /** Empty only while a draft or returned (title-only drafts). */
  industry_code: string | null
  trl: number | null
  transaction_modes: TransactionMode[]
  price_kind: 'amount' | 'range' | 'negotiable'
  price_min_fen: Money
  price_max_fen: Money
  benefit: string
  keywords: Generated<string[]>
  status: Generated<ListingStatus>
  status_reason: string | null
  published_at: Date | null
  expires_at: Date | null
  reminded_at: Date | null
  submitted_by: string | null
  last_edited_by: string | null
  import_key: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface AchievementIpRightTable {
  id: Generated<string>
  achievement_id: string
  kind: 'invention_patent' | 'utility_model' | 'design_patent' | 'software_copyright' | 'plant_variety' | 'ic_layout' | 'trade_secret' | 'other'
  number: string
  status: 'pending' | 'granted' | 'expired' | 'other'
  territory: Generated<string>
  position: Generated<number>
}

export interface AchievementContributorTable {
  id: Generated<string>
  achievement_id: string
  name: string
  kind: 'organisation' | 'researcher'
  share_ppm: number
  position: Generated<number>
}

export interface NeedTable {
  id: Generated<string>
  org_id: string
  created_by: string
  title: string
  problem: string
  desired_outcome: string
  /** Empty only while a draft or returned (title-only drafts). */
  industry_code: string | null
  budget_kind: 'range' | 'negotiable'
  budget_min_fen: Money
  budget_max_fen: Money
  deadline: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  preferred_modes: Generated<TransactionMode[]>
  division_code: string
  keywords: Generated<string[]>
  status: Generated<ListingStatus>
  status_reason: string | null
  published_at: Date | null
  expires_at: Date | null
  reminded_at: Date | null
  submitted_by: string | null
  last_edited_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface DetailRequestTable {
  id: Generated<string>
  achievement_id: string
  requester_id: string
  requester_org_id: string
  purpose: string
  terms_accepted_at: Date
  status: Generated<'pending' | 'granted' | 'declined'>
  decided_by: string | null
  decided_at: Date | null
  decision_note: string | null
  created_at: CreatedAt
}

export interface DetailViewTable {
  id: Generated<number>
  achievement_id: string
  user_id: string
  org_id: string
  at: CreatedAt
  ip: string | null
  /** Set when the view was the download of a confidential attachment (migration 0005). */
  attachment_id: string | null
  attachment_name: string | null
}

export interface InterestTable {
  id: Generated<string>
  achievement_id: string
  user_id: string
  org_id: string
  contact_preference: 'phone' | 'email' | 'platform'
  note: Generated<string>
  status: Generated<'open' | 'accepted' | 'declined'>
  decline_reason: DeclineReason | null
  decline_note: string | null
  decided_by: string | null
  decided_at: Date | null
  created_at: CreatedAt
}

export interface NeedResponseTable {
  id: Generated<string>
  need_id: string
  user_id: string
  org_id: string
  achievement_id: string | null
  proposal: string
  status: Generated<'open' | 'accepted' | 'declined'>
  decline_reason: DeclineReason | null
  decline_note: string | null
  decided_by: string | null
  decided_at: Date | null
  created_at: CreatedAt
  /** 'pass': the responder declined to respond, with a reason (migration 0004). */
  kind: Generated<'response' | 'pass'>
}

export interface CatalogTable {
  id: Generated<string>
  org_id: string
  title: string
  edition_date: ColumnType<Date, Date | string, Date | string>
  created_by: string
  created_at: CreatedAt
}

export interface CatalogItemTable {
  catalog_id: string
  achievement_id: string
  position: number
  snapshot: Json
}

export interface ImportJobTable {
  id: Generated<string>
  org_id: string
  created_by: string
  filename: string
  file_sha256: string
  status: Generated<'queued' | 'running' | 'done' | 'failed'>
  total_rows: Generated<number>
  processed_rows: Generated<number>
  created_rows: Generated<number>
  duplicate_rows: Generated<number>
  error_rows: Generated<number>
  errors: ColumnType<unknown, string | undefined, string>
  failure: string | null
  created_at: CreatedAt
  finished_at: Date | null
  /** The uploaded file, kept until the job finishes (migration 0006). */
  source: Buffer | null
}

export interface AttachmentTable {
  id: Generated<string>
  achievement_id: string | null
  kind: 'image' | 'document'
  confidential: Generated<boolean>
  filename: string
  mime: string
  size_bytes: number
  sha256: string
  storage_key: string
  uploaded_by: string
  created_at: CreatedAt
  /** A deal room's file (then achievement_id is null), with the message it came with. */
  deal_id: ColumnType<string | null, string | null | undefined, string | null>
  deal_message_id: ColumnType<number | null, number | null | undefined, number | null>
  /** A roadshow agenda item's slides (then achievement_id and deal_id are null; migration 0811). */
  roadshow_id: ColumnType<string | null, string | null | undefined, string | null>
}

export interface ApiTokenTable {
  id: Generated<string>
  org_id: string
  name: string
  token_hash: string
  created_by: string
  created_at: CreatedAt
  last_used_at: Date | null
  revoked_at: Date | null
}

export interface SearchDocumentTable {
  doc_type: 'achievement' | 'need' | 'organisation'
  doc_id: string
  title: string
  summary: Generated<string>
  keywords: Generated<string[]>
  tsv: string
  trgm_text: string
  industry_code: string | null
  industry_top: string | null
  trl: number | null
  modes: Generated<string[]>
  division_code: string | null
  org_id: string | null
  org_name: string | null
  org_type: string | null
  price_band: string | null
  price_min_fen: number | null
  price_max_fen: number | null
  published_at: Date | null
  expires_at: Date | null
  indexed_at: Generated<Date>
  // 0 or 1, from the id: each half has its own GIN index and is searched side by side (migration 0011)
  shard: GeneratedAlways<number>
}

export interface SynonymTable {
  id: Generated<number>
  terms: string[]
  updated_by: string | null
  updated_at: Generated<Date>
}

export interface NeedClaimTable {
  need_id: string
  manager_id: string
  claimed_at: Generated<Date>
}

export type MatchAnswer = 'interested' | 'declined'

export interface MatchTable {
  id: Generated<string>
  need_id: string
  achievement_id: string
  manager_id: string
  score: number
  explanation: ColumnType<unknown, string, string>
  note: Generated<string>
  enterprise_answer: MatchAnswer | null
  enterprise_reason: DeclineReason | null
  enterprise_note: string | null
  institution_answer: MatchAnswer | null
  institution_reason: DeclineReason | null
  institution_note: string | null
  status: Generated<'proposed' | 'accepted' | 'declined'>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** One row: changes whenever a transaction that could change a public page commits (ADR 020). */
export interface PageVersionTable {
  id: Generated<boolean>
  version: number
}

/** Large cross-process broadcasts of @socket.io/postgres-adapter (it reads and prunes them itself; ADR 021). */
/** @socket.io/postgres-adapter's table for payloads too large for NOTIFY (its own DDL: nullable columns). */
export interface SocketIoAttachmentTable {
  id: Generated<number>
  created_at: Generated<Date | null>
  payload: Buffer | null
}

export interface RealtimeRoomTable {
  room: string
  last_seq: number
}

/** Every broadcast, stored under its room's sequence number (ADR 021). */
export interface RealtimeEventTable {
  room: string
  seq: number
  kind: string
  payload: Json
  created_at: CreatedAt
}

// 意向 → 洽谈 → 条款确认 → 签约 → 合同与登记 → 实施, or 成交失败
export type DealStage = 'intent' | 'negotiation' | 'terms_agreed' | 'signing' | 'contract' | 'implementation' | 'closed_lost'
export type DealSource = 'match' | 'interest' | 'need_response' | 'manager' | 'notice' | 'auction' | 'roadshow'
export type DealClosedReason = 'price' | 'scope' | 'timing' | 'technical_fit' | 'unresponsive' | 'other'

export interface DealTable {
  id: Generated<string>
  title: string
  stage: Generated<DealStage>
  source_kind: DealSource
  source_id: string | null
  closed_reason: DealClosedReason | null
  closed_note: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface DealPartyTable {
  deal_id: string
  org_id: string
  side: 'seller' | 'buyer'
}

export interface DealListingTable {
  deal_id: string
  achievement_id: string | null
  need_id: string | null
}

export interface DealMemberTable {
  deal_id: string
  user_id: string
  role: 'party' | 'manager'
  /** The party organisation of a party member; the agency of a manager. */
  org_id: string | null
  added_by: string | null
  created_at: CreatedAt
  removed_at: Date | null
}

export interface DealStageChangeTable {
  id: Generated<number>
  deal_id: string
  from_stage: DealStage | null
  to_stage: DealStage
  reason: string | null
  note: string | null
  actor_id: string | null
  at: CreatedAt
}

export interface DealMessageTable {
  id: Generated<number>
  deal_id: string
  /** null for a system line */
  author_id: string | null
  kind: 'text' | 'system'
  /** The text; for a system line a catalog key under deals.system.* */
  body: string
  params: ColumnType<Record<string, string>, string | undefined, string>
  mentions: ColumnType<string[], string[] | undefined, string[]>
  created_at: CreatedAt
}

export type DealOfferStatus = 'open' | 'superseded' | 'withdrawn' | 'accepted' | 'rejected'
export type DealTermsVia = 'offer' | 'notice' | 'auction'

/** One version of the terms a side put on the table (terms: server/deals/terms.ts DealTerms). */
export interface DealOfferTable {
  id: Generated<number>
  deal_id: string
  version: number
  /** null for terms the platform recorded (a notice's or an auction's result) */
  side: 'seller' | 'buyer' | null
  org_id: string | null
  terms: ColumnType<unknown, string, never>
  status: Generated<DealOfferStatus>
  /** The version this one answers (a counter-offer), if any. */
  basis_version: number | null
  created_by: string | null
  created_at: CreatedAt
  decided_by: string | null
  decided_at: Date | null
  reject_reason: string | null
  via: Generated<DealTermsVia>
}

/** The frozen basis of the contract: written once, never updated (a trigger refuses). */
export interface DealAgreedTermsTable {
  deal_id: string
  offer_id: number
  version: number
  terms: ColumnType<unknown, string, never>
  via: DealTermsVia
  agreed_by: string | null
  agreed_at: CreatedAt
}

export interface DealManagerTermsTable {
  deal_id: string
  manager_id: string
  agency_id: string | null
  rate_bp: number
  fixed_fen: number
  services: string
  stated_at: Timestamp
  seller_accepted_by: string | null
  seller_accepted_at: Date | null
  buyer_accepted_by: string | null
  buyer_accepted_at: Date | null
}

/** Read receipts: the last message of a room each member has seen. */
export interface DealReadTable {
  deal_id: string
  user_id: string
  last_message_id: number
  read_at: Generated<Date>
}

export interface NotificationTable {
  id: Generated<number>
  user_id: string
  kind: string
  params: ColumnType<Record<string, string>, string | undefined, string>
  link: string
  created_at: CreatedAt
  read_at: Date | null
  mailed_at: Date | null
  /** Set by notify() from the kind (migration 0501, ADR 024). */
  category: ColumnType<NotificationCategory, NotificationCategory | undefined, NotificationCategory>
}

export type NotificationCategory = 'messages' | 'deals' | 'listings' | 'requests' | 'matches' | 'notices' | 'auctions' | 'roadshows'
export type MailPreference = 'immediate' | 'daily' | 'off'

export interface NotificationPreferenceTable {
  user_id: string
  category: NotificationCategory
  mail: MailPreference
  updated_at: CreatedAt
}

export interface NotificationDigestRunTable {
  day: ColumnType<Date, string, string>
  ran_at: CreatedAt
}

// 挂牌公示 (ADR 025)
export type NoticeStatus = 'notice' | 'awaiting_procedure' | 'concluded' | 'lapsed' | 'withdrawn'
export type NoticeOutcome = 'one_buyer' | 'negotiation' | 'no_buyer'

export interface ListingNoticeTable {
  id: Generated<string>
  achievement_id: string
  org_id: string
  /** DealTerms (server/deals/terms.ts) as listed. */
  terms: Json
  price_fen: number
  notice_working_days: number
  starts_at: Date
  ends_at: Timestamp
  status: Generated<NoticeStatus>
  outcome: NoticeOutcome | null
  deal_id: string | null
  concluded_at: Date | null
  concluded_by: string | null
  /** 成交公示 is shown until then. */
  results_until: Date | null
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface NoticeRegistrationTable {
  id: Generated<string>
  notice_id: string
  org_id: string
  user_id: string
  created_at: CreatedAt
}

export interface NoticeObjectionTable {
  id: Generated<string>
  notice_id: string
  user_id: string | null
  name: string
  contact: string
  grounds: string
  /** The client address, for the rate limit; never shown. */
  ip: string | null
  lodged_at: CreatedAt
  answer: string | null
  answered_by: string | null
  answered_at: Date | null
}

// 科技成果竞价 (ADR 027)
export type AuctionFormat = 'english' | 'sealed'
export type AuctionStatus = 'applied' | 'rejected' | 'announced' | 'sold' | 'unsold' | 'defaulted' | 'withdrawn'
export type DepositStatus = 'pending' | 'confirmed' | 'released' | 'applied' | 'forfeited'

export interface AuctionTable {
  id: Generated<string>
  org_id: string
  title: string
  summary: Generated<string>
  format: AuctionFormat
  /** DealTerms (server/deals/terms.ts) the lot is sold on; the hammer price becomes its lump sum. */
  terms: Json
  start_price_fen: number
  increment_fen: number
  /** 保留价: never shown to bidders. */
  reserve_fen: number | null
  deposit_fen: number
  allowed_org_types: ColumnType<string[], string[] | undefined, string[]>
  /** The auction rules in force when it was applied for (server/auctions/policy.ts), frozen. */
  rules: Json
  status: Generated<AuctionStatus>
  review_note: string | null
  reviewed_by: string | null
  reviewed_at: Date | null
  announced_at: Date | null
  starts_at: Timestamp
  scheduled_end_at: Timestamp
  /** The current end: scheduled_end_at moved by anti-sniping extensions; never moves back. */
  ends_at: Timestamp
  extension_seconds: number
  current_price_fen: number | null
  leader_registration_id: string | null
  bid_count: Generated<number>
  closed_at: Date | null
  winner_registration_id: string | null
  hammer_price_fen: number | null
  /** 成交确认书 number and the code its QR links to (/verify/<code>). */
  confirmation_no: string | null
  verification_code: string | null
  sign_deadline: Date | null
  signed_at: Date | null
  signed_by: string | null
  payment_deadline: Date | null
  paid_at: Date | null
  defaulted_at: Date | null
  deal_id: string | null
  results_until: Date | null
  relisted_from: string | null
  created_by: string
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface AuctionItemTable {
  auction_id: string
  achievement_id: string
  position: number
}

export interface AuctionRegistrationTable {
  id: Generated<string>
  auction_id: string
  org_id: string
  user_id: string
  /** 竞买号: the pseudonym a bidder appears under. */
  paddle_no: number
  rules_accepted_at: Date
  deposit_fen: number
  deposit_status: Generated<DepositStatus>
  bank_reference: string | null
  deposit_confirmed_by: string | null
  deposit_confirmed_at: Date | null
  deposit_settled_at: Date | null
  receipt_no: string | null
  created_at: CreatedAt
}

export interface AuctionBidTable {
  auction_id: string
  seq: number
  prev_seq: number | null
  amount_fen: number
  prev_amount_fen: number | null
  registration_id: string
  /** The server's receipt time: the bid's time for every rule. */
  placed_at: Date
  by_proxy: Generated<boolean>
  idempotency_key: string
  user_id: string | null
  created_at: CreatedAt
}

export interface AuctionProxyTable {
  registration_id: string
  auction_id: string
  max_fen: number
  set_at: Date
  updated_at: Timestamp
}

export interface AuctionSealedBidTable {
  auction_id: string
  registration_id: string
  amount_fen: number
  placed_at: Date
  idempotency_key: string
  user_id: string | null
}

export interface SigningSecretTable {
  name: string
  secret: string
  created_at: Generated<Date>
}

// 路演 (ADR 033): see db/migrations/2026_12_04_0801_roadshows.ts.
export type RoadshowStatus = 'scheduled' | 'live' | 'ended' | 'cancelled'
export type RoadshowVenue = 'online' | 'onsite' | 'both'
/** Who may watch: anyone, signed-in members of verified enterprises (and the organisers), or invited organisations. */
export type RoadshowAudience = 'public' | 'enterprises' | 'invitation'
export type RoadshowStreamKind = 'none' | 'hls' | 'mp4' | 'external'
/** A scoring criterion; the weights of a rubric sum to 100. */
export interface RubricCriterion {
  key: string
  label: string
  labelEn: string
  weight: number
}

/** The host's pinned message (置顶). */
export type RoadshowPinJson = Readonly<Record<'id' | 'body' | 'name', string>>

export interface RoadshowTable {
  id: Generated<string>
  org_id: string
  created_by: string
  host_user_id: string
  title: string
  theme: Generated<string>
  industry_code: string | null
  starts_at: Date
  planned_end_at: Date
  venue_mode: RoadshowVenue
  venue_address: Generated<string>
  audience: RoadshowAudience
  stream_kind: Generated<RoadshowStreamKind>
  stream_url: string | null
  recording_url: string | null
  rubric: ColumnType<RubricCriterion[], string, string>
  status: Generated<RoadshowStatus>
  current_item_id: string | null
  pinned: ColumnType<RoadshowPinJson | null, string | null, string | null>
  started_at: Date | null
  ended_at: Date | null
  peak_audience: Generated<number>
  reminder_sent_at: Date | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface RoadshowItemTable {
  id: Generated<string>
  roadshow_id: string
  position: number
  achievement_id: string | null
  title: string
  presenter_name: string
  presenter_user_id: string | null
  pitch_minutes: number
  qa_minutes: number
  slides_attachment_id: string | null
  auction_id: string | null
  started_at: Date | null
  ended_at: Date | null
  qa_open: Generated<boolean>
  scoring_closed_at: Date | null
  peak_audience: Generated<number>
}

export interface RoadshowJudgeTable {
  roadshow_id: string
  user_id: string
  invited_by: string
  created_at: CreatedAt
}

export interface RoadshowInvitationTable {
  roadshow_id: string
  org_id: string
  invited_by: string
  created_at: CreatedAt
}

export interface RoadshowRegistrationTable {
  roadshow_id: string
  user_id: string
  org_id: string | null
  created_at: CreatedAt
  reminded_at: Date | null
}

export interface RoadshowQuestionTable {
  id: Generated<string>
  roadshow_id: string
  item_id: string | null
  user_id: string
  org_id: string | null
  body: string
  advance: Generated<boolean>
  /** The client's key for the action: a re-sent question is answered with the stored one. */
  client_key: string | null
  votes: Generated<number>
  answered_at: Date | null
  answered_by: string | null
  hidden_at: Date | null
  hidden_by: string | null
  created_at: CreatedAt
}

export interface RoadshowQuestionVoteTable {
  question_id: string
  user_id: string
  created_at: CreatedAt
}

export interface RoadshowChatTable {
  id: Generated<string>
  roadshow_id: string
  user_id: string
  body: string
  client_key: string | null
  hidden_at: Date | null
  hidden_by: string | null
  created_at: CreatedAt
}

export interface RoadshowSanctionTable {
  roadshow_id: string
  user_id: string
  kind: 'mute' | 'remove'
  until: Date | null
  by_user_id: string
  created_at: CreatedAt
}

export interface RoadshowPollTable {
  id: Generated<string>
  roadshow_id: string
  item_id: string | null
  question: string
  options: ColumnType<string[], string, string>
  multiple: Generated<boolean>
  created_by: string
  opened_at: CreatedAt
  closed_at: Date | null
}

export interface RoadshowPollAnswerTable {
  poll_id: string
  user_id: string
  choices: number[]
  created_at: CreatedAt
}

export interface RoadshowScoreTable {
  item_id: string
  judge_id: string
  /** criterion key → 0..100 */
  scores: ColumnType<Record<string, number>, string, string>
  /** Σ score × weight over the rubric (weights sum to 100): 0..10000 = 0.00..100.00 points. */
  total_centi: number
  comment: Generated<string>
  submitted_at: CreatedAt
}

export interface RoadshowIntentTable {
  id: Generated<string>
  roadshow_id: string
  item_id: string
  user_id: string
  org_id: string
  mode: string
  note: Generated<string>
  deal_id: string | null
  created_at: CreatedAt
}

export interface RoadshowPresenceTable {
  roadshow_id: string
  user_id: string
  last_seen_at: Generated<Date>
}

export interface RoadshowItemViewerTable {
  item_id: string
  user_id: string
  first_seen_at: Generated<Date>
}

export type ContractStatus = 'draft' | 'confirmed' | 'signed'
export type ContractSide = 'seller' | 'buyer'
export type NonTechnicalKind = 'equipment' | 'materials' | 'goods' | 'construction' | 'other'
export type RegistrationStatus = 'submitted' | 'returned' | 'registered' | 'refused' | 'terminated'
/** A `date` column: pg returns a Date at local midnight, like needs.deadline. */
type DateOnly = ColumnType<Date, Date | string, Date | string>

/** 技术合同 (migration 0901, ADR 036): drafted from a deal's agreed terms; frozen once signed. */
export interface ContractTable {
  id: Generated<string>
  deal_id: string
  status: Generated<ContractStatus>
  title: string
  /** A code of server/contracts/types.ts (技术开发/转让/许可/咨询/服务 and their kinds). */
  contract_type: string
  subject: Generated<string>
  term_start: DateOnly | null
  term_end: DateOnly | null
  /** 合同成交额 */
  contract_amount_fen: Generated<number>
  /** 技术交易额: the contract amount less the itemised non-technical parts. */
  technology_amount_fen: Generated<number>
  /** 职务科技成果 */
  service_achievement: Generated<boolean>
  reward_share_ppm: number | null
  reward_floor_ppm: number | null
  reward_below_floor: Generated<boolean>
  /** 购买型 / 转化型: how the buying enterprise brings the achievement in (enterprise post-subsidy). */
  buyer_application: 'purchase' | 'transformation' | null
  /** 预计新增投入 / 产值 (transfers and licences). */
  projected_investment_fen: number | null
  projected_output_fen: number | null
  terms_version: number | null
  revision: Generated<number>
  signed_scan_id: string | null
  confirmed_at: Date | null
  signed_at: Date | null
  signed_by: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface ContractPartyTable {
  contract_id: string
  org_id: string
  side: ContractSide
  name: string
  credit_code: string
  division_code: string
  confirmed_revision: number | null
  confirmed_by: string | null
  confirmed_at: Date | null
}

export interface ContractPaymentTable {
  contract_id: string
  position: number
  milestone: string
  amount_fen: number
  due_on: DateOnly | null
}

export interface ContractNonTechnicalItemTable {
  contract_id: string
  position: number
  kind: NonTechnicalKind
  description: Generated<string>
  amount_fen: number
}

export interface ContractRewardShareTable {
  contract_id: string
  position: number
  person_name: string
  role: 'creator' | 'transferrer'
  share_ppm: number
}

/** 技术合同认定登记 (migration 0901, ADR 036). */
export interface RegistrationTable {
  id: Generated<string>
  contract_id: string
  registrar_org_id: string
  status: Generated<RegistrationStatus>
  submitted_by: string | null
  submitted_at: Generated<Date>
  clock_started_at: Generated<Date>
  deadline_working_days: number
  deadline_at: Timestamp
  expert_review: Generated<boolean>
  /** As the registrar classified it (starts as the contract's). */
  contract_type: string
  contract_amount_fen: number
  /** As the registrar confirmed it (starts as the contract's). */
  technology_amount_fen: number
  number: string | null
  year: number | null
  serial: number | null
  verification_code: string | null
  registered_at: Date | null
  registered_by: string | null
  refusal_grounds: ColumnType<string[], string[] | undefined, string[]>
  refusal_note: string | null
  decided_by: string | null
  decided_at: Date | null
  terminated_at: Date | null
  updated_at: Timestamp
}

export interface RegistrationSerialTable {
  registrar_org_id: string
  year: number
  last_serial: Generated<number>
}

export interface RegistrationEventTable {
  id: Generated<number>
  registration_id: string
  kind: string
  params: ColumnType<Record<string, unknown>, string | undefined, string>
  note: string | null
  actor_id: string | null
  at: CreatedAt
}

/** 免申即享 subsidies (migration 0931, ADR 036). */
export type SubsidyKind = 'registrar' | 'intermediary' | 'enterprise_purchase' | 'enterprise_transformation'
export type SubsidyClaimStatus = 'pending' | 'approved' | 'paid' | 'reversed' | 'recovery_due' | 'recovered'
export type SubsidyEntryKind = 'claim' | 'payment' | 'reversal' | 'recovery' | 'refund'

export interface SubsidyBatchTable {
  id: Generated<string>
  seq: Generated<number>
  number: string
  status: Generated<'open' | 'approved'>
  note: Generated<string>
  created_by: string
  created_at: CreatedAt
  approved_by: string | null
  approved_at: Date | null
  approved_total_fen: number | null
}

export interface SubsidyClaimTable {
  id: Generated<string>
  seq: Generated<number>
  number: string
  registration_id: string
  kind: SubsidyKind
  beneficiary_org_id: string
  scheme_version: string
  registered_on: DateOnly
  scheme_year: number
  base_fen: number
  rate_ppm: number
  /** applyPpm(base_fen, rate_ppm), before any cap. */
  computed_fen: number
  amount_fen: number
  capped: Generated<boolean>
  cap_kind: 'claim' | 'annual' | null
  cap_fen: number | null
  status: Generated<SubsidyClaimStatus>
  batch_id: string | null
  verification_code: string
  approved_by: string | null
  approved_at: Date | null
  closed_reason: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface SubsidyEntryTable {
  id: Generated<number>
  claim_id: string
  kind: SubsidyEntryKind
  /** Signed fen: claim and refund ≥ 0; payment, reversal, recovery ≤ 0. */
  amount_fen: number
  note: Generated<string>
  actor_id: string | null
  at: CreatedAt
}

export interface SubsidyPaymentTable {
  id: Generated<string>
  seq: Generated<number>
  number: string
  claim_id: string
  paid_on: DateOnly
  amount_fen: number
  bank_reference: string
  note: Generated<string>
  verification_code: string
  recorded_by: string
  recorded_at: CreatedAt
}

export type InvoiceDocKind = 'invoice' | 'receipt' | 'credit_note'
export type InvoiceStatus = 'draft' | 'issued' | 'paid' | 'void'

/** 发票 / 收据 / 红字冲销 of the platform operator (migration 0941): frozen by the database once issued. */
export interface InvoiceTable {
  id: Generated<string>
  kind: InvoiceDocKind
  /** A series code of server/invoices/config.ts (FW, BZ, HC…). */
  series: string
  year: number | null
  seq: number | null
  /** Null while a draft; kept when void. */
  number: string | null
  status: Generated<InvoiceStatus>
  buyer_org_id: string
  buyer_name: string
  buyer_credit_code: string
  buyer_address: string | null
  /** The issuer as configured when the draft was made (InvoiceIssuer). */
  issuer: ColumnType<Record<string, string>, string, string>
  /** effectiveFrom of the configuration version the document follows. */
  config_from: string
  note: Generated<string>
  net_fen: Generated<number>
  tax_fen: Generated<number>
  total_fen: Generated<number>
  paid_fen: Generated<number>
  credited_invoice_id: string | null
  verification_code: string | null
  issued_at: Date | null
  issued_by: string | null
  due_on: DateOnly | null
  paid_at: Date | null
  void_reason: string | null
  voided_at: Date | null
  voided_by: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface InvoiceLineTable {
  invoice_id: string
  position: number
  item_kind: string
  description: string
  quantity: number
  unit_price_fen: number
  tax_rate_ppm: number
  exempt: Generated<boolean>
  net_fen: number
  tax_fen: number
}

export interface InvoicePaymentTable {
  id: Generated<number>
  invoice_id: string
  paid_on: DateOnly
  amount_fen: number
  reference: string
  recorded_by: string | null
  recorded_at: CreatedAt
}

export interface InvoiceCounterTable {
  series: string
  year: number
  last_no: Generated<number>
}

/** 转化项目 and training events (migration 2026_12_05_0101, ADR 037). */
export type ProjectSource = 'registration' | 'manual' | 'import'
export type ProjectStatus = 'proposed' | 'confirmed' | 'excluded'

export interface TransformationProjectTable {
  id: Generated<string>
  source: ProjectSource
  registration_id: string | null
  contract_id: string | null
  registration_number: string | null
  title: string
  /** The county of the enterprise that applies the achievement. */
  division_code: string
  industry_code: string | null
  enterprise_org_id: string | null
  enterprise_name: string
  institution_org_id: string | null
  institution_name: Generated<string>
  contract_type: string | null
  contract_amount_fen: Generated<number>
  technology_amount_fen: Generated<number>
  projected_investment_fen: number | null
  projected_output_fen: number | null
  registered_on: DateOnly
  status: Generated<ProjectStatus>
  /** Which parts of the standard it met: keys of server/government/targets.ts. */
  standard_met: ColumnType<string[], string[] | undefined, string[]>
  status_reason: string | null
  decided_by: string | null
  decided_at: Date | null
  stage: Generated<string>
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface ProjectProgressReportTable {
  id: Generated<string>
  project_id: string
  year: number
  quarter: number
  due_on: DateOnly
  investment_fen: number
  output_fen: number
  tax_fen: number
  jobs: number
  stage: string
  note: Generated<string>
  warnings: ColumnType<string[], string[] | undefined, string[]>
  submitted_by: string | null
  submitted_at: Generated<Date>
  updated_at: Timestamp
}

export interface TrainingEventTable {
  id: Generated<string>
  /** 政策培训 / 科技大讲堂 */
  kind: 'policy' | 'lecture'
  title: string
  summary: Generated<string>
  venue: Generated<string>
  division_code: string
  organiser_org_id: string | null
  starts_at: Date
  ends_at: Date
  /** What attending counts toward a manager's training hours. */
  credit_minutes: Generated<number>
  capacity: number | null
  registration_closes_at: Date | null
  status: Generated<'draft' | 'published' | 'cancelled'>
  /** The secret in the check-in QR code shown at the door. */
  checkin_token: string
  /** Why an organiser cancelled (migration 2026_12_05_0161). */
  cancel_reason: ColumnType<string | null, string | null | undefined, string | null>
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface TrainingRegistrationTable {
  training_id: string
  user_id: string
  org_id: string | null
  registered_at: Generated<Date>
  cancelled_at: Date | null
  checked_in_at: Date | null
  feedback_rating: number | null
  feedback_text: string | null
  /** Set while waiting for a seat (migration 2026_12_05_0161). */
  waitlisted_at: ColumnType<Date | null, Date | null | undefined, Date | null>
}

/** Trainings and the directory (migration 2026_12_05_0161, ADR 037). */
export type ManagerLevel = 'junior' | 'intermediate' | 'senior'

export interface TrainingMaterialTable {
  id: Generated<string>
  training_id: string
  kind: 'image' | 'document'
  filename: string
  mime: string
  size_bytes: number
  sha256: string
  storage_key: string
  uploaded_by: string
  created_at: CreatedAt
}

/** 项目评价 and 信用管理 (migration 2026_12_05_0121, ADR 037). */
export type EvaluationStatus = 'open' | 'self_assessed' | 'closed'
export type EvaluationResult = 'excellent' | 'good' | 'pass' | 'fail'
export type CreditSubjectKind = 'org' | 'manager'

export interface EvaluationTable {
  id: Generated<string>
  project_id: string
  division_code: string
  status: Generated<EvaluationStatus>
  /** The `from` of the evaluation configuration in force when it was opened. */
  config_from: string
  opened_by: string | null
  opened_at: Generated<Date>
  sa_applied: string | null
  sa_investment_fen: number | null
  sa_output_fen: number | null
  sa_jobs: number | null
  sa_problems: string | null
  sa_submitted_by: string | null
  sa_submitted_at: Date | null
  /** Weighted score × 100. */
  score_centi: number | null
  result: EvaluationResult | null
  verification_code: string | null
  closed_by: string | null
  closed_at: Date | null
  updated_at: Timestamp
}

export interface EvaluationExpertTable {
  evaluation_id: string
  user_id: string
  assigned_by: string | null
  assigned_at: Generated<Date>
  /** Indicator key → score 0–100. */
  scores: ColumnType<Record<string, number> | null, string | null | undefined, string | null>
  comment: Generated<string>
  scored_at: Date | null
}

export interface CreditEventTable {
  id: Generated<string>
  subject_kind: CreditSubjectKind
  subject_id: string
  kind: string
  dimension: string
  points: number
  source_type: string
  source_id: string
  at: Generated<Date>
  note: Generated<string>
  evidence: string | null
  recorded_by: string | null
  cancelled_at: Date | null
  cancelled_reason: string | null
}

export interface CreditAdjustmentTable {
  id: Generated<string>
  subject_kind: CreditSubjectKind
  subject_id: string
  dimension: string
  points: number
  reason: string
  adjusted_by: string
  at: Generated<Date>
}

export interface CreditObjectionTable {
  id: Generated<string>
  event_id: string
  reason: string
  lodged_by: string
  lodged_at: Generated<Date>
  status: Generated<'pending' | 'upheld' | 'rejected'>
  answer: string | null
  decided_by: string | null
  decided_at: Date | null
}

export interface ArticleTable {
  id: Generated<string>
  /** 通知公告 / 政策文件 / 新闻动态 */
  channel: 'notice' | 'policy' | 'news'
  title: string
  /** Plain text; paragraphs separated by blank lines. Never HTML. */
  body: Generated<string>
  source: Generated<string>
  status: Generated<'draft' | 'published' | 'withdrawn'>
  published_at: Date | null
  withdrawn_reason: string | null
  created_by: string
  updated_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface ArticleFileTable {
  id: Generated<string>
  article_id: string
  kind: 'image' | 'document'
  filename: string
  mime: string
  size_bytes: number
  sha256: string
  storage_key: string
  uploaded_by: string
  created_at: CreatedAt
}

export interface ListingViewTable {
  listing_type: 'achievement' | 'need'
  listing_id: string
  /** A hash of the signed-in user, or of the anonymous visitor's address and browser. */
  visitor: string
  day: ColumnType<string, string, string>
}

export interface FavouriteTable {
  user_id: string
  listing_type: 'achievement' | 'need'
  listing_id: string
  created_at: CreatedAt
}

/** One row per registration that is or was registered: the dashboards' contract facts (migration 0131, kept by a trigger). */
export interface DashboardContractTable {
  registration_id: string
  contract_id: string
  status: 'registered' | 'terminated'
  registered_at: Date
  registered_on: DateOnly
  registrar_org_id: string
  contract_type: string
  contract_amount_fen: number
  technology_amount_fen: number
  buyer_org_id: string | null
  buyer_division: string | null
  seller_org_id: string | null
  seller_name: string | null
  industry_code: string | null
  industry_top: string | null
}

/** Monthly sums for the dashboards by (division, industry) with '*' for all (migration 0131, kept by triggers). */
export interface DashboardMonthlyTable {
  measure: 'contract' | 'project' | 'subsidy_approved' | 'subsidy_paid' | 'deal' | 'flow'
  division: string
  industry: string
  month: DateOnly
  contract_type: string
  seller: string
  n: number
  amount_fen: number
  technology_fen: number
}

/** A deal's county and industry as the deal rollup counted them (migration 0131). */
export interface DashboardDealTable {
  deal_id: string
  month: DateOnly
  division: string
  industry: string
}

/** A manual indicator's value for a county and period, with its evidence (migration 0141); the latest row counts. */
export interface AssessmentManualValueTable {
  id: Generated<string>
  period_key: string
  division_code: string
  indicator_key: string
  value: number
  note: string
  evidence_filename: string
  evidence_mime: string
  evidence_size_bytes: number
  evidence_sha256: string
  evidence_storage_key: string
  entered_by: string
  entered_at: CreatedAt
}
/** A published ranking: the computed assessment frozen as JSON (migration 0141). */
export interface AssessmentPublicationTable {
  id: Generated<string>
  period_key: string
  version: number
  config_version: string
  as_of: Date
  snapshot: ColumnType<unknown, string, string>
  published_by: string
  published_at: CreatedAt
}
/** 数据交换 (migration 0171): imports of the national registration system's export. */
export interface ExchangeImportJobTable {
  id: Generated<string>
  created_by: string
  filename: string
  file_sha256: string
  format: 'csv' | 'xlsx' | null
  status: 'done' | 'failed'
  failure: string | null
  total_rows: Generated<number>
  matched_rows: Generated<number>
  differing_rows: Generated<number>
  created_rows: Generated<number>
  updated_rows: Generated<number>
  unchanged_rows: Generated<number>
  error_rows: Generated<number>
  created_at: CreatedAt
  finished_at: Date | null
}

export type ExchangeRowOutcome = 'matched' | 'created' | 'updated' | 'unchanged' | 'error'

// Named, not inline, and no braces in the interface's comments: tests/integration/schema.test.ts reads
// each interface up to its first closing brace.
export type ExchangeRowProblem = { column: string; message: string }
export type ExchangeRowDifference = { field: string; platform: string; file: string }

export interface ExchangeImportRowTable {
  job_id: string
  row_number: number
  outcome: ExchangeRowOutcome
  registration_number: Generated<string>
  registration_id: string | null
  imported_id: string | null
  /** Each problem's column and catalog message key. */
  problems: ColumnType<ExchangeRowProblem[], string | undefined, string>
  /** Each field where the platform's registration differs from the file: both values. */
  differences: ColumnType<ExchangeRowDifference[], string | undefined, string>
}

export interface ImportedRegistrationTable {
  id: Generated<string>
  number: string
  contract_name: string
  contract_type: string
  seller_name: string
  seller_credit_code: Generated<string>
  buyer_name: string
  buyer_credit_code: Generated<string>
  buyer_region: Generated<string>
  division_code: string | null
  contract_amount_fen: number
  technology_amount_fen: number
  registered_on: DateOnly
  first_job_id: string
  last_job_id: string
  created_at: CreatedAt
  updated_at: Timestamp
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
  account_mail_requests: AccountMailRequestTable
  signup_requests: SignupRequestTable
  audit_log: AuditLogTable
  outbox: OutboxTable
  mailbox: MailboxTable
  industries: IndustryTable
  achievements: AchievementTable
  achievement_ip_rights: AchievementIpRightTable
  achievement_contributors: AchievementContributorTable
  needs: NeedTable
  detail_requests: DetailRequestTable
  detail_views: DetailViewTable
  interests: InterestTable
  need_responses: NeedResponseTable
  catalogs: CatalogTable
  catalog_items: CatalogItemTable
  import_jobs: ImportJobTable
  attachments: AttachmentTable
  api_tokens: ApiTokenTable
  search_documents: SearchDocumentTable
  synonyms: SynonymTable
  need_claims: NeedClaimTable
  matches: MatchTable
  page_version: PageVersionTable
  realtime_rooms: RealtimeRoomTable
  socket_io_attachments: SocketIoAttachmentTable
  realtime_events: RealtimeEventTable
  deals: DealTable
  deal_parties: DealPartyTable
  deal_listings: DealListingTable
  deal_members: DealMemberTable
  deal_stage_changes: DealStageChangeTable
  deal_messages: DealMessageTable
  notifications: NotificationTable
  notification_preferences: NotificationPreferenceTable
  notification_digest_runs: NotificationDigestRunTable
  deal_offers: DealOfferTable
  deal_agreed_terms: DealAgreedTermsTable
  deal_manager_terms: DealManagerTermsTable
  listing_notices: ListingNoticeTable
  notice_registrations: NoticeRegistrationTable
  notice_objections: NoticeObjectionTable
  deal_reads: DealReadTable
  auctions: AuctionTable
  auction_items: AuctionItemTable
  auction_registrations: AuctionRegistrationTable
  auction_bids: AuctionBidTable
  auction_proxies: AuctionProxyTable
  auction_sealed_bids: AuctionSealedBidTable
  signing_secrets: SigningSecretTable
  roadshows: RoadshowTable
  roadshow_items: RoadshowItemTable
  roadshow_judges: RoadshowJudgeTable
  roadshow_invitations: RoadshowInvitationTable
  roadshow_registrations: RoadshowRegistrationTable
  roadshow_questions: RoadshowQuestionTable
  roadshow_question_votes: RoadshowQuestionVoteTable
  roadshow_chat: RoadshowChatTable
  roadshow_sanctions: RoadshowSanctionTable
  roadshow_polls: RoadshowPollTable
  roadshow_poll_answers: RoadshowPollAnswerTable
  roadshow_scores: RoadshowScoreTable
  roadshow_intents: RoadshowIntentTable
  roadshow_presence: RoadshowPresenceTable
  roadshow_item_viewers: RoadshowItemViewerTable
  contracts: ContractTable
  contract_parties: ContractPartyTable
  contract_payments: ContractPaymentTable
  contract_non_technical_items: ContractNonTechnicalItemTable
  contract_reward_shares: ContractRewardShareTable
  registrations: RegistrationTable
  registration_serials: RegistrationSerialTable
  registration_events: RegistrationEventTable
  subsidy_batches: SubsidyBatchTable
  subsidy_claims: SubsidyClaimTable
  subsidy_entries: SubsidyEntryTable
  subsidy_payments: SubsidyPaymentTable
  invoice_counters: InvoiceCounterTable
  transformation_projects: TransformationProjectTable
  project_progress_reports: ProjectProgressReportTable
  training_events: TrainingEventTable
  training_registrations: TrainingRegistrationTable
  invoices: InvoiceTable
  invoice_lines: InvoiceLineTable
  invoice_payments: InvoicePaymentTable
  evaluations: EvaluationTable
  evaluation_experts: EvaluationExpertTable
  credit_events: CreditEventTable
  credit_adjustments: CreditAdjustmentTable
  credit_objections: CreditObjectionTable
  articles: ArticleTable
  article_files: ArticleFileTable
  listing_views: ListingViewTable
  favourites: FavouriteTable
  dashboard_contracts: DashboardContractTable
  dashboard_monthly: DashboardMonthlyTable
  dashboard_deals: DashboardDealTable
  training_materials: TrainingMaterialTable
  assessment_manual_values: AssessmentManualValueTable
  assessment_publications: AssessmentPublicationTable
  exchange_import_jobs: ExchangeImportJobTable
  exchange_import_rows: ExchangeImportRowTable
  imported_registrations: ImportedRegistrationTable
}

export type UserRow = Selectable<UserTable>
export type OrganisationRow = Selectable<OrganisationTable>
export type NewOrganisation = Insertable<OrganisationTable>
