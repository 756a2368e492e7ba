import { type Kysely, sql } from 'kysely'

// Frozen: 路演 (live roadshows) as designed on 2026-12-04 (ADR 033).
// A manager or an institution schedules a roadshow: an agenda of items (each
// usually an achievement, with its presenter, pitch and Q&A minutes, optional
// slides, optionally an auction lot bid on live), invited judges scoring on a
// weighted rubric, and an audience rule. During the session every chat line,
// question, vote, poll answer, score and host action is a row here AND an
// event in the room `roadshow:<id>` of the realtime store (ADR 021), written in
// the same transaction, so the live page, a late joiner, the replay and the
// report all read one record. Votes and poll answers are keyed by user, so a
// viewer counts once however many tabs or reconnects.
// None of these tables feed the anonymous page cache (roadshow pages are live
// and never cached), so they carry no page_version triggers (NOT_PUBLIC_ROADSHOWS, ADR 020).
// Imports nothing from the application.

export const NOT_PUBLIC_ROADSHOWS = [
  'roadshows',
  'roadshow_items',
  'roadshow_judges',
  'roadshow_invitations',
  'roadshow_registrations',
  'roadshow_questions',
  'roadshow_question_votes',
  'roadshow_chat',
  'roadshow_sanctions',
  'roadshow_polls',
  'roadshow_poll_answers',
  'roadshow_scores',
  'roadshow_intents',
  'roadshow_presence',
  'roadshow_item_viewers',
] as const

// The notification centre gains a group for roadshows (ADR 024's categories, frozen here as a list).
const CATEGORIES_BEFORE = ['messages', 'deals', 'listings', 'requests', 'matches', 'notices', 'auctions']
const CATEGORIES_AFTER = [...CATEGORIES_BEFORE, 'roadshows']

async function setCategories(db: Kysely<any>, list: string[]) {
  for (const table of ['notifications', 'notification_preferences']) {
    await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.id(`${table}_category_check`)}`.execute(db)
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_category_check`)} check (category in (${sql.join(
      list.map((c) => sql.lit(c))
    )}))`.execute(db)
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await setCategories(db, CATEGORIES_AFTER)
  await sql`
    create table roadshows (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references organisations(id),
      created_by uuid not null references users(id),
      host_user_id uuid not null references users(id),
      title text not null check (length(title) between 1 and 120),
      theme text not null default '',
      industry_code text references industries(code),
      starts_at timestamptz not null,
      planned_end_at timestamptz not null check (planned_end_at > starts_at),
      venue_mode text not null check (venue_mode in ('online','onsite','both')),
      venue_address text not null default '',
      audience text not null check (audience in ('public','enterprises','invitation')),
      stream_kind text not null default 'none' check (stream_kind in ('none','hls','mp4','external')),
      stream_url text,
      recording_url text,
      rubric jsonb not null,
      status text not null default 'scheduled' check (status in ('scheduled','live','ended','cancelled')),
      current_item_id uuid,
      pinned jsonb,
      started_at timestamptz,
      ended_at timestamptz,
      peak_audience integer not null default 0,
      reminder_sent_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((stream_kind = 'none') = (stream_url is null))
    )`.execute(db)
  await sql`create index roadshows_starts_idx on roadshows (status, starts_at)`.execute(db)
  await sql`create index roadshows_org_idx on roadshows (org_id, starts_at desc)`.execute(db)

  await sql`
    create table roadshow_items (
      id uuid primary key default gen_random_uuid(),
      roadshow_id uuid not null references roadshows(id) on delete cascade,
      position integer not null check (position >= 1),
      achievement_id uuid references achievements(id),
      title text not null check (length(title) between 1 and 200),
      presenter_name text not null check (length(presenter_name) between 1 and 60),
      presenter_user_id uuid references users(id),
      pitch_minutes integer not null check (pitch_minutes between 1 and 120),
      qa_minutes integer not null check (qa_minutes between 0 and 120),
      slides_attachment_id uuid references attachments(id),
      auction_id uuid references auctions(id),
      started_at timestamptz,
      ended_at timestamptz,
      qa_open boolean not null default false,
      scoring_closed_at timestamptz,
      peak_audience integer not null default 0,
      unique (roadshow_id, position) deferrable initially deferred
    )`.execute(db)
  await sql`alter table roadshows add constraint roadshows_current_item_fk foreign key (current_item_id) references roadshow_items(id) on delete set null`.execute(
    db
  )
  await sql`create index roadshow_items_achievement_idx on roadshow_items (achievement_id)`.execute(db)

  await sql`
    create table roadshow_judges (
      roadshow_id uuid not null references roadshows(id) on delete cascade,
      user_id uuid not null references users(id),
      invited_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      primary key (roadshow_id, user_id)
    )`.execute(db)

  await sql`
    create table roadshow_invitations (
      roadshow_id uuid not null references roadshows(id) on delete cascade,
      org_id uuid not null references organisations(id),
      invited_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      primary key (roadshow_id, org_id)
    )`.execute(db)

  await sql`
    create table roadshow_registrations (
      roadshow_id uuid not null references roadshows(id) on delete cascade,
      user_id uuid not null references users(id),
      org_id uuid references organisations(id),
      created_at timestamptz not null default now(),
      reminded_at timestamptz,
      primary key (roadshow_id, user_id)
    )`.execute(db)

  await sql`
    create table roadshow_questions (
      id uuid primary key default gen_random_uuid(),
      roadshow_id uuid not null references roadshows(id) on delete cascade,
      item_id uuid references roadshow_items(id) on delete cascade,
      user_id uuid not null references users(id),
      org_id uuid references organisations(id),
      body text not null check (length(body) between 1 and 500),
      advance boolean not null default false,
      client_key text check (length(client_key) <= 80),
      votes integer not null default 0 check (votes >= 0),
      answered_at timestamptz,
      answered_by uuid references users(id),
      hidden_at timestamptz,
      hidden_by uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create unique index roadshow_questions_key on roadshow_questions (roadshow_id, user_id, client_key) where client_key is not null`.execute(db)
  await sql`create index roadshow_questions_idx on roadshow_questions (roadshow_id, item_id, votes desc)`.execute(db)

  await sql`
    create table roadshow_question_votes (
      question_id uuid not null references roadshow_questions(id) on delete cascade,
      user_id uuid not null references users(id),
      created_at timestamptz not null default now(),
      primary key (question_id, user_id)
    )`.execute(db)

  await sql`
    create table roadshow_chat (
      id uuid primary key default gen_random_uuid(),
      roadshow_id uuid not null references roadshows(id) on delete cascade,
      user_id uuid not null references users(id),
      body text not null check (length(body) between 1 and 300),
      client_key text check (length(client_key) <= 80),
      hidden_at timestamptz,
      hidden_by uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create unique index roadshow_chat_key on roadshow_chat (roadshow_id, user_id, client_key) where client_key is not null`.execute(db)
  await sql`create index roadshow_chat_idx on roadshow_chat (roadshow_id, created_at)`.execute(db)
  await sql`create index roadshow_chat_user_idx on roadshow_chat (roadshow_id, user_id, created_at desc)`.execute(db)

  // 禁言 (mute, optionally until a time) and 移出 (remove from the session).
  await sql`
    create table roadshow_sanctions (
      roadshow_id uuid not null references roadshows(id) on delete cascade,
      user_id uuid not null references users(id),
      kind text not null check (kind in ('mute','remove')),
      until timestamptz,
      by_user_id uuid not null references users(id),
      created_at timestamptz not null default now(),
      primary key (roadshow_id, user_id)
    )`.execute(db)

  await sql`
    create table roadshow_polls (
      id uuid primary key default gen_random_uuid(),
      roadshow_id uuid not null references roadshows(id) on delete cascade,
      item_id uuid references roadshow_items(id) on delete cascade,
      question text not null check (length(question) between 1 and 200),
      options jsonb not null,
      multiple boolean not null default false,
      created_by uuid not null references users(id),
      opened_at timestamptz not null default now(),
      closed_at timestamptz
    )`.execute(db)

  await sql`
    create table roadshow_poll_answers (
      poll_id uuid not null references roadshow_polls(id) on delete cascade,
      user_id uuid not null references users(id),
      choices integer[] not null check (cardinality(choices) >= 1),
      created_at timestamptz not null default now(),
      primary key (poll_id, user_id)
    )`.execute(db)

  // One row per judge and item; revisable until the host closes scoring. total_centi = Σ score × weight (weights sum to 100), so 100.00 points = 10000.
  await sql`
    create table roadshow_scores (
      item_id uuid not null references roadshow_items(id) on delete cascade,
      judge_id uuid not null references users(id),
      scores jsonb not null,
      total_centi integer not null check (total_centi between 0 and 10000),
      comment text not null default '',
      submitted_at timestamptz not null default now(),
      primary key (item_id, judge_id)
    )`.execute(db)

  // 意向登记: one per item and organisation; deal_id once a deal room was opened from it.
  await sql`
    create table roadshow_intents (
      id uuid primary key default gen_random_uuid(),
      roadshow_id uuid not null references roadshows(id) on delete cascade,
      item_id uuid not null references roadshow_items(id) on delete cascade,
      user_id uuid not null references users(id),
      org_id uuid not null references organisations(id),
      mode text not null,
      note text not null default '' check (length(note) <= 1000),
      deal_id uuid references deals(id),
      created_at timestamptz not null default now(),
      unique (item_id, org_id)
    )`.execute(db)

  // Who is watching: a heartbeat per user, refreshed by the process holding their socket; counted while fresh.
  await sql`
    create table roadshow_presence (
      roadshow_id uuid not null references roadshows(id) on delete cascade,
      user_id uuid not null references users(id),
      last_seen_at timestamptz not null default now(),
      primary key (roadshow_id, user_id)
    )`.execute(db)

  // Everyone who watched an item at some point (the report's audience per item).
  await sql`
    create table roadshow_item_viewers (
      item_id uuid not null references roadshow_items(id) on delete cascade,
      user_id uuid not null references users(id),
      first_seen_at timestamptz not null default now(),
      primary key (item_id, user_id)
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [...NOT_PUBLIC_ROADSHOWS].reverse()) await sql`drop table if exists ${sql.table(t)} cascade`.execute(db)
  await sql`delete from notifications where category = 'roadshows'`.execute(db)
  await sql`delete from notification_preferences where category = 'roadshows'`.execute(db)
  await setCategories(db, CATEGORIES_BEFORE)
}
