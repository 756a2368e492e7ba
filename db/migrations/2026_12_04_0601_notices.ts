import { type Kysely, sql } from 'kysely'

// Frozen: 挂牌公示 (public listing with notice) as designed on 2026-12-04 (ADR 025).
// An institution lists a published achievement at a price and terms for a
// notice period counted in working days; verified enterprises register to buy,
// anyone may lodge an objection (异议) which the institution answers; at the end
// the notice concludes into a deal room, waits for the institution to pick a
// procedure (several buyers), or lapses. All three tables show on the public
// notice page (terms and countdown, the number of registered buyers, objections
// with their answers, the results), so each gets the page_version triggers
// exactly as 2026_12_03_0901_page_version.ts creates them (ADR 020).
// Imports nothing from the application.

export const NOTICE_TABLES = ['listing_notices', 'notice_registrations', 'notice_objections'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table listing_notices (
      id uuid primary key default gen_random_uuid(),
      achievement_id uuid not null references achievements(id),
      org_id uuid not null references organisations(id),
      terms jsonb not null,
      price_fen bigint not null check (price_fen >= 0),
      notice_working_days integer not null check (notice_working_days between 1 and 60),
      starts_at timestamptz not null,
      ends_at timestamptz not null check (ends_at > starts_at),
      status text not null default 'notice' check (status in ('notice','awaiting_procedure','concluded','lapsed','withdrawn')),
      outcome text check (outcome in ('one_buyer','negotiation','no_buyer')),
      deal_id uuid references deals(id),
      concluded_at timestamptz,
      concluded_by uuid references users(id),
      results_until timestamptz,
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status in ('concluded','lapsed')) = (outcome is not null))
    )`.execute(db)
  // One open notice per achievement: in its period or waiting for a procedure.
  await sql`create unique index listing_notices_one_open on listing_notices (achievement_id) where status in ('notice','awaiting_procedure')`.execute(db)
  await sql`create index listing_notices_status_idx on listing_notices (status, ends_at)`.execute(db)

  await sql`
    create table notice_registrations (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references listing_notices(id) on delete cascade,
      org_id uuid not null references organisations(id),
      user_id uuid not null references users(id),
      created_at timestamptz not null default now(),
      unique (notice_id, org_id)
    )`.execute(db)

  // 异议: from a signed-in user or anyone with a name and a contact. The contact
  // and the address are for the institution and the rate limit, never shown publicly.
  await sql`
    create table notice_objections (
      id uuid primary key default gen_random_uuid(),
      notice_id uuid not null references listing_notices(id) on delete cascade,
      user_id uuid references users(id),
      name text not null,
      contact text not null,
      grounds text not null,
      ip text,
      lodged_at timestamptz not null default now(),
      answer text,
      answered_by uuid references users(id),
      answered_at timestamptz,
      check ((answer is null) = (answered_at is null))
    )`.execute(db)
  await sql`create index notice_objections_notice_idx on notice_objections (notice_id, lodged_at)`.execute(db)
  await sql`create index notice_objections_ip_idx on notice_objections (ip, lodged_at)`.execute(db)

  for (const name of NOTICE_TABLES) {
    await sql`create constraint trigger page_version_bump after insert or update or delete on ${sql.table(name)}
      deferrable initially deferred for each row execute function bump_page_version()`.execute(db)
    await sql`create trigger page_version_bump_truncate after truncate on ${sql.table(name)}
      for each statement execute function bump_page_version()`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['notice_objections', 'notice_registrations', 'listing_notices']) await sql`drop table if exists ${sql.table(t)}`.execute(db)
}
