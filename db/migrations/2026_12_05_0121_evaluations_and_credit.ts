import { type Kysely, sql } from 'kysely'

// Frozen: 2-year project evaluations (项目评价) and credit records (信用管理)
// as designed on 2026-12-05 (issue 12, ADR 037).
// - An evaluation is one per transformation project: an officer opens it, the
//   enterprise submits its self-assessment (text and figures), experts (user
//   accounts the officer assigns) score the configured indicators 0–100, the
//   officer closes it with the weighted score (hundredths) and the result. The
//   indicators, weights and thresholds in force when it was opened are named by
//   `config_from` (server/evaluations/config.ts), so a later configuration
//   never changes an evaluation under way. None of it shows publicly.
// - Credit events are what the platform saw (a deal brokered to a registered
//   contract, a registration refused, an auction default) or a city officer
//   recorded (a complaint with evidence), each for one subject — an
//   organisation or a manager (user id) — on one dimension of the configured
//   template (server/credit/config.ts), with signed points. A derived event is
//   unique per subject, kind and source, so recording it twice is a no-op. An
//   upheld objection cancels its event (cancelled_at); it is never deleted.
//   Adjustments are manual corrections with a required reason. The level shows
//   on public profiles, so events and adjustments bump the page version.
// Imports nothing from the application.

export const NOT_PUBLIC_EVALUATIONS_CREDIT = ['evaluations', 'evaluation_experts', 'credit_objections'] as const
const PUBLIC_TABLES = ['credit_events', 'credit_adjustments'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table evaluations (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null unique references transformation_projects(id),
      division_code text not null references divisions(code),
      status text not null default 'open' check (status in ('open','self_assessed','closed')),
      config_from text not null,
      opened_by uuid references users(id),
      opened_at timestamptz not null default now(),
      sa_applied text,
      sa_investment_fen bigint check (sa_investment_fen >= 0),
      sa_output_fen bigint check (sa_output_fen >= 0),
      sa_jobs int check (sa_jobs >= 0),
      sa_problems text,
      sa_submitted_by uuid references users(id),
      sa_submitted_at timestamptz,
      score_centi int check (score_centi between 0 and 10000),
      result text check (result in ('excellent','good','pass','fail')),
      verification_code text unique,
      closed_by uuid references users(id),
      closed_at timestamptz,
      updated_at timestamptz not null default now(),
      check ((status = 'open') = (sa_submitted_at is null)),
      check ((status = 'closed') = (closed_at is not null)),
      check ((closed_at is null) = (result is null) and (result is null) = (score_centi is null) and (score_centi is null) = (verification_code is null))
    )`.execute(db)
  await sql`create index evaluations_division_idx on evaluations (division_code, status)`.execute(db)

  await sql`
    create table evaluation_experts (
      evaluation_id uuid not null references evaluations(id) on delete cascade,
      user_id uuid not null references users(id),
      assigned_by uuid references users(id),
      assigned_at timestamptz not null default now(),
      scores jsonb,
      comment text not null default '',
      scored_at timestamptz,
      primary key (evaluation_id, user_id),
      check ((scores is null) = (scored_at is null))
    )`.execute(db)
  await sql`create index evaluation_experts_user_idx on evaluation_experts (user_id)`.execute(db)

  await sql`
    create table credit_events (
      id uuid primary key default gen_random_uuid(),
      subject_kind text not null check (subject_kind in ('org','manager')),
      subject_id uuid not null,
      kind text not null,
      dimension text not null,
      points int not null check (points between -100 and 100),
      source_type text not null,
      source_id text not null,
      at timestamptz not null default now(),
      note text not null default '',
      evidence text,
      recorded_by uuid references users(id),
      cancelled_at timestamptz,
      cancelled_reason text,
      unique (subject_kind, subject_id, kind, source_type, source_id),
      check ((cancelled_at is null) = (cancelled_reason is null))
    )`.execute(db)
  await sql`create index credit_events_subject_idx on credit_events (subject_kind, subject_id, at)`.execute(db)

  await sql`
    create table credit_adjustments (
      id uuid primary key default gen_random_uuid(),
      subject_kind text not null check (subject_kind in ('org','manager')),
      subject_id uuid not null,
      dimension text not null,
      points int not null check (points between -100 and 100 and points <> 0),
      reason text not null check (length(trim(reason)) > 0),
      adjusted_by uuid not null references users(id),
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index credit_adjustments_subject_idx on credit_adjustments (subject_kind, subject_id)`.execute(db)

  await sql`
    create table credit_objections (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references credit_events(id),
      reason text not null check (length(trim(reason)) > 0),
      lodged_by uuid not null references users(id),
      lodged_at timestamptz not null default now(),
      status text not null default 'pending' check (status in ('pending','upheld','rejected')),
      answer text,
      decided_by uuid references users(id),
      decided_at timestamptz,
      check ((status = 'pending') = (decided_at is null))
    )`.execute(db)
  await sql`create unique index credit_objections_pending_idx on credit_objections (event_id) where status = 'pending'`.execute(db)

  for (const name of PUBLIC_TABLES) {
    await sql`create constraint trigger page_version_bump after insert or update or delete on ${sql.table(name)}
      deferrable initially deferred for each row execute function bump_page_version()`.execute(db)
    await sql`create trigger page_version_bump_truncate after truncate on ${sql.table(name)}
      for each statement execute function bump_page_version()`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['credit_objections', 'credit_adjustments', 'credit_events', 'evaluation_experts', 'evaluations']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db)
  }
}
