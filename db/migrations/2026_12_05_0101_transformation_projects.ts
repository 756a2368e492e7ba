import { type Kysely, sql } from 'kysely'

// Frozen: transformation projects (重大科技成果转化项目), their quarterly progress
// reports, and training events (政策培训 / 科技大讲堂) with their registrations, as
// designed on 2026-12-05 (issue 12, ADR 037).
// - A project is counted against the city's targets. It comes from a registered
//   contract that meets the configured standard (source 'registration'), is
//   added by a city officer ('manual') or arrives with the national registration
//   system's export ('import'). It belongs to one county: the division of the
//   enterprise that applies the achievement. Only 'confirmed' projects count.
//   The figures copied from the contract (amounts, projections, parties) are a
//   snapshot, so a project keeps its figures when a registration is changed.
// - A progress report is one per project and quarter; `due_on` is when it was
//   due, so lateness is `submitted_at > due_on` (or no report after it).
// - Training events show on public pages (the portal lists upcoming ones), so
//   they bump the page version; registrations and reports never show publicly.
// Imports nothing from the application.

export const NOT_PUBLIC_PROJECTS = ['project_progress_reports', 'training_registrations'] as const
const PUBLIC_TABLES = ['transformation_projects', 'training_events'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table transformation_projects (
      id uuid primary key default gen_random_uuid(),
      source text not null check (source in ('registration','manual','import')),
      registration_id uuid unique references registrations(id),
      contract_id uuid references contracts(id),
      registration_number text,
      title text not null check (length(title) between 1 and 200),
      division_code text not null references divisions(code),
      industry_code text references industries(code),
      enterprise_org_id uuid references organisations(id),
      enterprise_name text not null,
      institution_org_id uuid references organisations(id),
      institution_name text not null default '',
      contract_type text,
      contract_amount_fen bigint not null default 0 check (contract_amount_fen >= 0),
      technology_amount_fen bigint not null default 0 check (technology_amount_fen >= 0),
      projected_investment_fen bigint check (projected_investment_fen >= 0),
      projected_output_fen bigint check (projected_output_fen >= 0),
      registered_on date not null,
      status text not null default 'proposed' check (status in ('proposed','confirmed','excluded')),
      standard_met text[] not null default '{}',
      status_reason text,
      decided_by uuid references users(id),
      decided_at timestamptz,
      stage text not null default 'started',
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status <> 'excluded' or length(coalesce(status_reason, '')) > 0),
      check (source <> 'registration' or registration_id is not null)
    )`.execute(db)
  await sql`create index transformation_projects_division_idx on transformation_projects (division_code, status, registered_on)`.execute(db)
  await sql`create index transformation_projects_registered_idx on transformation_projects (registered_on)`.execute(db)
  await sql`create index transformation_projects_enterprise_idx on transformation_projects (enterprise_org_id)`.execute(db)

  await sql`
    create table project_progress_reports (
      id uuid primary key default gen_random_uuid(),
      project_id uuid not null references transformation_projects(id) on delete cascade,
      year int not null check (year between 2000 and 9999),
      quarter int not null check (quarter between 1 and 4),
      due_on date not null,
      investment_fen bigint not null check (investment_fen >= 0),
      output_fen bigint not null check (output_fen >= 0),
      tax_fen bigint not null check (tax_fen >= 0),
      jobs int not null check (jobs >= 0),
      stage text not null,
      note text not null default '',
      warnings text[] not null default '{}',
      submitted_by uuid references users(id),
      submitted_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (project_id, year, quarter)
    )`.execute(db)

  await sql`
    create table training_events (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('policy','lecture')),
      title text not null check (length(title) between 1 and 200),
      summary text not null default '',
      venue text not null default '',
      division_code text not null references divisions(code),
      organiser_org_id uuid references organisations(id),
      starts_at timestamptz not null,
      ends_at timestamptz not null check (ends_at > starts_at),
      credit_minutes int not null default 0 check (credit_minutes >= 0),
      capacity int check (capacity > 0),
      registration_closes_at timestamptz,
      status text not null default 'published' check (status in ('draft','published','cancelled')),
      checkin_token text not null unique,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index training_events_starts_idx on training_events (starts_at)`.execute(db)

  await sql`
    create table training_registrations (
      training_id uuid not null references training_events(id) on delete cascade,
      user_id uuid not null references users(id),
      org_id uuid references organisations(id),
      registered_at timestamptz not null default now(),
      cancelled_at timestamptz,
      checked_in_at timestamptz,
      feedback_rating int check (feedback_rating between 1 and 5),
      feedback_text text,
      primary key (training_id, user_id)
    )`.execute(db)
  await sql`create index training_registrations_user_idx on training_registrations (user_id)`.execute(db)

  for (const name of PUBLIC_TABLES) {
    await sql`create constraint trigger page_version_bump after insert or update or delete on ${sql.table(name)}
      deferrable initially deferred for each row execute function bump_page_version()`.execute(db)
    await sql`create trigger page_version_bump_truncate after truncate on ${sql.table(name)}
      for each statement execute function bump_page_version()`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['training_registrations', 'training_events', 'project_progress_reports', 'transformation_projects']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db)
  }
}
