import { type Kysely, sql } from 'kysely'

// Frozen: the market's foundation as designed on 2026-12-04 — the realtime
// event store (one sequence per room, every broadcast stored so a client that
// reconnects asks for what it missed), deal rooms (交易洽谈室) with their
// parties, listings, members and stage history, and the notification centre's
// rows. None of these shows on a public page, so they get no page_version
// trigger (ADR 020); they are listed in NOT_PUBLIC_DEALS for the page-cache test.
// Imports nothing from the application.

export const NOT_PUBLIC_DEALS = [
  'realtime_rooms',
  'realtime_events',
  'deals',
  'deal_parties',
  'deal_listings',
  'deal_members',
  'deal_stage_changes',
  'deal_messages',
  'notifications',
] as const

const STAGES = sql`('intent','negotiation','terms_agreed','signing','contract','implementation','closed_lost')`

export async function up(db: Kysely<any>): Promise<void> {
  // A room's last sequence number; taking the next one locks the row, so a room's events are numbered without gaps.
  await sql`create table realtime_rooms (room text primary key, last_seq bigint not null default 0)`.execute(db)
  await sql`
    create table realtime_events (
      room text not null,
      seq bigint not null,
      kind text not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      primary key (room, seq)
    )`.execute(db)

  await sql`
    create table deals (
      id uuid primary key default gen_random_uuid(),
      title text not null,
      stage text not null default 'intent' check (stage in ${STAGES}),
      source_kind text not null check (source_kind in ('match','interest','need_response','manager','notice','auction','roadshow')),
      source_id uuid,
      closed_reason text check (closed_reason in ('price','scope','timing','technical_fit','unresponsive','other')),
      closed_note text,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((stage = 'closed_lost') = (closed_reason is not null))
    )`.execute(db)
  // One deal per accepted match, interest, response, notice, lot or intent: a second click finds the first.
  await sql`create unique index deals_source_unique on deals (source_kind, source_id) where source_id is not null`.execute(db)

  // The organisations at the table: one seller, one or more buyers.
  await sql`
    create table deal_parties (
      deal_id uuid not null references deals(id) on delete cascade,
      org_id uuid not null references organisations(id),
      side text not null check (side in ('seller','buyer')),
      primary key (deal_id, org_id)
    )`.execute(db)
  await sql`create unique index deal_parties_one_seller on deal_parties (deal_id) where side = 'seller'`.execute(db)
  await sql`create index deal_parties_org_idx on deal_parties (org_id)`.execute(db)

  await sql`
    create table deal_listings (
      deal_id uuid not null references deals(id) on delete cascade,
      achievement_id uuid references achievements(id),
      need_id uuid references needs(id),
      check ((achievement_id is null) <> (need_id is null))
    )`.execute(db)
  await sql`create unique index deal_listings_unique on deal_listings (deal_id, coalesce(achievement_id, need_id))`.execute(db)

  // Who is in the room: party members (org_id = their party), managers (org_id = their agency).
  await sql`
    create table deal_members (
      deal_id uuid not null references deals(id) on delete cascade,
      user_id uuid not null references users(id),
      role text not null check (role in ('party','manager')),
      org_id uuid references organisations(id),
      added_by uuid references users(id),
      created_at timestamptz not null default now(),
      removed_at timestamptz,
      primary key (deal_id, user_id)
    )`.execute(db)
  await sql`create index deal_members_user_idx on deal_members (user_id) where removed_at is null`.execute(db)

  await sql`
    create table deal_stage_changes (
      id bigserial primary key,
      deal_id uuid not null references deals(id) on delete cascade,
      from_stage text check (from_stage in ${STAGES}),
      to_stage text not null check (to_stage in ${STAGES}),
      reason text,
      note text,
      actor_id uuid references users(id),
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index deal_stage_changes_deal_idx on deal_stage_changes (deal_id, id)`.execute(db)

  // The room's conversation: people's messages and the quiet system lines (a
  // catalog key in body, its parameters in params) for stage changes and offers.
  await sql`
    create table deal_messages (
      id bigserial primary key,
      deal_id uuid not null references deals(id) on delete cascade,
      author_id uuid references users(id),
      kind text not null check (kind in ('text','system')),
      body text not null,
      params jsonb not null default '{}',
      mentions uuid[] not null default '{}',
      created_at timestamptz not null default now(),
      check ((kind = 'system') = (author_id is null))
    )`.execute(db)
  await sql`create index deal_messages_deal_idx on deal_messages (deal_id, id)`.execute(db)

  // 通知中心: one row per person per event they would act on.
  await sql`
    create table notifications (
      id bigserial primary key,
      user_id uuid not null references users(id) on delete cascade,
      kind text not null,
      params jsonb not null default '{}',
      link text not null,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      mailed_at timestamptz
    )`.execute(db)
  await sql`create index notifications_user_idx on notifications (user_id, id desc)`.execute(db)
  await sql`create index notifications_unread_idx on notifications (user_id) where read_at is null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['notifications', 'deal_messages', 'deal_stage_changes', 'deal_members', 'deal_listings', 'deal_parties', 'deals', 'realtime_events', 'realtime_rooms']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db)
  }
}
