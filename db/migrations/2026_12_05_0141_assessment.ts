import { type Kysely, sql } from 'kysely'

// Frozen: the county performance assessment (县区绩效考核), issue 12, ADR 037.
// - assessment_manual_values: what the city officer enters for a manual
//   indicator of a county and period, with the evidence file (kept in the file
//   store under storage_key) and a note. Append-only: a correction is a new
//   row, the latest row per (period, division, indicator) counts, so the
//   history stays readable next to the audit log.
// - assessment_publications: a published ranking is a snapshot (JSON of every
//   county's figures, scores, total and rank as computed when published), so
//   it never moves afterwards. Publishing again makes a new version; the
//   latest version is the published ranking.
// Neither shows on a public page. Imports nothing from the application.

export const NOT_PUBLIC_ASSESSMENT = ['assessment_manual_values', 'assessment_publications'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table assessment_manual_values (
      id uuid primary key default gen_random_uuid(),
      period_key text not null check (period_key ~ '^[0-9]{4}$'),
      division_code text not null references divisions(code),
      indicator_key text not null check (length(indicator_key) between 1 and 60),
      value int not null check (value between 0 and 100),
      note text not null check (length(note) between 1 and 2000),
      evidence_filename text not null,
      evidence_mime text not null,
      evidence_size_bytes int not null check (evidence_size_bytes > 0),
      evidence_sha256 text not null,
      evidence_storage_key text not null,
      entered_by uuid not null references users(id),
      entered_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index assessment_manual_values_period_idx on assessment_manual_values (period_key, division_code, indicator_key, entered_at desc)`.execute(db)

  await sql`
    create table assessment_publications (
      id uuid primary key default gen_random_uuid(),
      period_key text not null check (period_key ~ '^[0-9]{4}$'),
      version int not null check (version >= 1),
      config_version text not null,
      as_of timestamptz not null,
      snapshot jsonb not null,
      published_by uuid not null references users(id),
      published_at timestamptz not null default now(),
      unique (period_key, version)
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists assessment_publications`.execute(db)
  await sql`drop table if exists assessment_manual_values`.execute(db)
}
