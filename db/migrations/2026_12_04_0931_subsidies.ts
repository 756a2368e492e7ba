import { type Kysely, sql } from 'kysely'

// Frozen: subsidies paid without applying (免申即享) as designed on 2026-12-04
// (ADR 036). Registering a contract generates its claims (subsidy_claims): one
// per registration, kind and beneficiary, each keeping the base, the rate and
// the scheme version it was computed with, the amount before and after caps.
// Money moves only through subsidy_entries, an append-only ledger per claim
// (claim +, payment −, reversal −, recovery −, refund +: its sum is what is
// still owed to (positive) or by (negative) the beneficiary); a trigger refuses
// any update or delete there. City officers approve claims in batches
// (subsidy_batches) and record each claim's payment by hand (subsidy_payments).
// None of this shows on a cached public page (ADR 020): NOT_PUBLIC_SUBSIDIES.
// Imports nothing from the application.

export const NOT_PUBLIC_SUBSIDIES = ['subsidy_batches', 'subsidy_claims', 'subsidy_entries', 'subsidy_payments'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table subsidy_batches (
      id uuid primary key default gen_random_uuid(),
      seq bigserial unique,
      number text not null unique,
      status text not null default 'open' check (status in ('open','approved')),
      note text not null default '',
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      approved_by uuid references users(id),
      approved_at timestamptz,
      approved_total_fen bigint check (approved_total_fen >= 0),
      check ((status = 'approved') = (approved_at is not null and approved_by is not null and approved_total_fen is not null))
    )`.execute(db)

  await sql`
    create table subsidy_claims (
      id uuid primary key default gen_random_uuid(),
      seq bigserial unique,
      number text not null unique,
      registration_id uuid not null references registrations(id),
      kind text not null check (kind in ('registrar','intermediary','enterprise_purchase','enterprise_transformation')),
      beneficiary_org_id uuid not null references organisations(id),
      scheme_version text not null,
      registered_on date not null,
      scheme_year int not null,
      base_fen bigint not null check (base_fen >= 0),
      rate_ppm int not null check (rate_ppm between 0 and 1000000),
      computed_fen bigint not null check (computed_fen >= 0),
      amount_fen bigint not null check (amount_fen >= 0 and amount_fen <= computed_fen),
      capped boolean not null default false,
      cap_kind text check (cap_kind in ('claim','annual')),
      cap_fen bigint check (cap_fen >= 0),
      status text not null default 'pending' check (status in ('pending','approved','paid','reversed','recovery_due','recovered')),
      batch_id uuid references subsidy_batches(id),
      verification_code text not null unique,
      approved_by uuid references users(id),
      approved_at timestamptz,
      closed_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (registration_id, kind, beneficiary_org_id),
      check (capped = (cap_kind is not null) and (cap_kind is null) = (cap_fen is null)),
      check (capped or amount_fen = computed_fen),
      check (status not in ('approved','paid') or (batch_id is not null and approved_at is not null))
    )`.execute(db)
  await sql`create index subsidy_claims_beneficiary_idx on subsidy_claims (beneficiary_org_id, scheme_year)`.execute(db)
  await sql`create index subsidy_claims_status_idx on subsidy_claims (status, created_at)`.execute(db)
  await sql`create index subsidy_claims_batch_idx on subsidy_claims (batch_id) where batch_id is not null`.execute(db)

  // The ledger: signed fen, the sign fixed by the kind; nothing is ever updated or deleted.
  await sql`
    create table subsidy_entries (
      id bigserial primary key,
      claim_id uuid not null references subsidy_claims(id),
      kind text not null check (kind in ('claim','payment','reversal','recovery','refund')),
      amount_fen bigint not null,
      note text not null default '',
      actor_id uuid references users(id),
      at timestamptz not null default now(),
      check (case when kind in ('claim','refund') then amount_fen >= 0 else amount_fen <= 0 end)
    )`.execute(db)
  await sql`create index subsidy_entries_claim_idx on subsidy_entries (claim_id, id)`.execute(db)
  await sql`
    create function subsidy_entries_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'subsidy_entries is append-only' using errcode = 'check_violation';
    end $$`.execute(db)
  await sql`create trigger subsidy_entries_append_only before update or delete on subsidy_entries for each row execute function subsidy_entries_append_only()`.execute(db)

  // One payment per claim, typed by the officer from the bank's statement.
  await sql`
    create table subsidy_payments (
      id uuid primary key default gen_random_uuid(),
      seq bigserial unique,
      number text not null unique,
      claim_id uuid not null unique references subsidy_claims(id),
      paid_on date not null,
      amount_fen bigint not null check (amount_fen > 0),
      bank_reference text not null check (length(bank_reference) between 1 and 64),
      note text not null default '',
      verification_code text not null unique,
      recorded_by uuid not null references users(id),
      recorded_at timestamptz not null default now()
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['subsidy_payments', 'subsidy_entries', 'subsidy_claims', 'subsidy_batches']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db)
  }
  await sql`drop function if exists subsidy_entries_append_only()`.execute(db)
}
