import { type Kysely, sql } from 'kysely'

// Data exchange (issue 12, ADR 037): imports of the national technology-contract
// registration system's export (全国技术合同网上登记系统).
// - exchange_import_jobs: one row per uploaded file with its counters; the
//   file's SHA-256 is kept so the page can say "this file was imported before".
// - exchange_import_rows: the row-level report (outcome, registration number,
//   problems and the figures that differ from the platform's registration).
// - imported_registrations: a registration the platform did not see itself,
//   keyed by its registration number (unique), so importing the same file
//   again updates nothing and creates nothing.
// None of these show on public pages: all three are NOT_PUBLIC.
// Imports nothing from the application.

export const NOT_PUBLIC_EXCHANGE = ['exchange_import_jobs', 'exchange_import_rows', 'imported_registrations'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table exchange_import_jobs (
      id uuid primary key default gen_random_uuid(),
      created_by uuid not null references users(id),
      filename text not null,
      file_sha256 text not null,
      format text check (format in ('csv','xlsx')),
      status text not null check (status in ('done','failed')),
      failure text,
      total_rows int not null default 0,
      matched_rows int not null default 0,
      differing_rows int not null default 0,
      created_rows int not null default 0,
      updated_rows int not null default 0,
      unchanged_rows int not null default 0,
      error_rows int not null default 0,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    )`.execute(db)
  await sql`create index exchange_import_jobs_created_idx on exchange_import_jobs (created_at desc)`.execute(db)

  await sql`
    create table imported_registrations (
      id uuid primary key default gen_random_uuid(),
      number text not null unique check (length(number) between 1 and 40),
      contract_name text not null,
      contract_type text not null,
      seller_name text not null,
      seller_credit_code text not null default '',
      buyer_name text not null,
      buyer_credit_code text not null default '',
      buyer_region text not null default '',
      division_code text references divisions(code),
      contract_amount_fen bigint not null check (contract_amount_fen >= 0),
      technology_amount_fen bigint not null check (technology_amount_fen >= 0),
      registered_on date not null,
      first_job_id uuid not null references exchange_import_jobs(id),
      last_job_id uuid not null references exchange_import_jobs(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index imported_registrations_division_idx on imported_registrations (division_code, registered_on)`.execute(db)

  await sql`
    create table exchange_import_rows (
      job_id uuid not null references exchange_import_jobs(id) on delete cascade,
      row_number int not null,
      outcome text not null check (outcome in ('matched','created','updated','unchanged','error')),
      registration_number text not null default '',
      registration_id uuid references registrations(id),
      imported_id uuid references imported_registrations(id),
      problems jsonb not null default '[]',
      differences jsonb not null default '[]',
      primary key (job_id, row_number)
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists exchange_import_rows`.execute(db)
  await sql`drop table if exists imported_registrations`.execute(db)
  await sql`drop table if exists exchange_import_jobs`.execute(db)
}
