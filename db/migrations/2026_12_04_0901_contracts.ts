import { type Kysely, sql } from 'kysely'

// Frozen: technology contracts (技术合同) and their registration (技术合同认定登记)
// as designed on 2026-12-04 (ADR 036). A contract is drafted from a deal's
// agreed terms, edited by the parties, confirmed by every party (a confirmation
// is of one revision: any edit asks again), then the signed scan is uploaded and
// its data is frozen — by the database, not only by the application. The
// seller submits it to a registrar; the registration carries the registrar's
// classification and confirmed technology transaction amount (技术交易额), the
// working-day deadline, and, once registered, a number whose serial never
// repeats or skips within a year and registrar (registration_serials, taken
// under a row lock). Every step is a registration_events row: history, not overwrite.
// None of these shows on a cached public page (ADR 020): NOT_PUBLIC_CONTRACTS.
// Imports nothing from the application.

export const NOT_PUBLIC_CONTRACTS = [
  'contracts',
  'contract_parties',
  'contract_payments',
  'contract_non_technical_items',
  'contract_reward_shares',
  'registrations',
  'registration_serials',
  'registration_events',
] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table contracts (
      id uuid primary key default gen_random_uuid(),
      deal_id uuid not null unique references deals(id),
      status text not null default 'draft' check (status in ('draft','confirmed','signed')),
      title text not null check (length(title) between 1 and 200),
      contract_type text not null,
      subject text not null default '',
      term_start date,
      term_end date,
      contract_amount_fen bigint not null default 0 check (contract_amount_fen >= 0),
      technology_amount_fen bigint not null default 0 check (technology_amount_fen >= 0 and technology_amount_fen <= contract_amount_fen),
      service_achievement boolean not null default false,
      reward_share_ppm int check (reward_share_ppm between 0 and 1000000),
      reward_floor_ppm int check (reward_floor_ppm between 0 and 1000000),
      reward_below_floor boolean not null default false,
      buyer_application text check (buyer_application in ('purchase','transformation')),
      projected_investment_fen bigint check (projected_investment_fen >= 0),
      projected_output_fen bigint check (projected_output_fen >= 0),
      terms_version int,
      revision int not null default 1 check (revision >= 1),
      signed_scan_id uuid references attachments(id),
      confirmed_at timestamptz,
      signed_at timestamptz,
      signed_by uuid references users(id),
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (term_start is null or term_end is null or term_end >= term_start),
      check ((status = 'signed') = (signed_at is not null and signed_scan_id is not null)),
      check (status = 'draft' or confirmed_at is not null)
    )`.execute(db)
  await sql`create index contracts_reward_flag_idx on contracts (created_at) where reward_below_floor`.execute(db)

  // The parties as the contract names them: a snapshot of name, credit code and division, editable while in draft.
  await sql`
    create table contract_parties (
      contract_id uuid not null references contracts(id) on delete cascade,
      org_id uuid not null references organisations(id),
      side text not null check (side in ('seller','buyer')),
      name text not null,
      credit_code text not null,
      division_code text not null references divisions(code),
      confirmed_revision int,
      confirmed_by uuid references users(id),
      confirmed_at timestamptz,
      primary key (contract_id, org_id),
      check ((confirmed_by is null) = (confirmed_at is null) and (confirmed_at is null) = (confirmed_revision is null))
    )`.execute(db)
  await sql`create unique index contract_parties_one_seller on contract_parties (contract_id) where side = 'seller'`.execute(db)
  await sql`create index contract_parties_org_idx on contract_parties (org_id)`.execute(db)

  // 付款计划: instalments and milestones.
  await sql`
    create table contract_payments (
      contract_id uuid not null references contracts(id) on delete cascade,
      position int not null check (position >= 1),
      milestone text not null,
      amount_fen bigint not null check (amount_fen >= 0),
      due_on date,
      primary key (contract_id, position)
    )`.execute(db)

  // The non-technical parts the 技术交易额 excludes (设备, 材料, 其他货物, 工程), each with its amount.
  await sql`
    create table contract_non_technical_items (
      contract_id uuid not null references contracts(id) on delete cascade,
      position int not null check (position >= 1),
      kind text not null check (kind in ('equipment','materials','goods','construction','other')),
      description text not null default '',
      amount_fen bigint not null check (amount_fen >= 0),
      primary key (contract_id, position)
    )`.execute(db)

  // 职务科技成果: the reward split to the people who made and transferred it.
  await sql`
    create table contract_reward_shares (
      contract_id uuid not null references contracts(id) on delete cascade,
      position int not null check (position >= 1),
      person_name text not null,
      role text not null check (role in ('creator','transferrer')),
      share_ppm int not null check (share_ppm between 0 and 1000000),
      primary key (contract_id, position)
    )`.execute(db)

  // A signed contract's data is frozen: only updated_at may move (and nothing of its children).
  await sql`
    create function contracts_frozen() returns trigger language plpgsql as $$
    begin
      if old.status = 'signed' and (to_jsonb(new) - 'updated_at') is distinct from (to_jsonb(old) - 'updated_at') then
        raise exception 'contract % is signed and frozen', old.id using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger contracts_frozen before update on contracts for each row execute function contracts_frozen()`.execute(db)
  await sql`
    create function contract_children_frozen() returns trigger language plpgsql as $$
    declare cid uuid := coalesce(new.contract_id, old.contract_id);
    begin
      if tg_op = 'DELETE' then cid := old.contract_id; end if;
      if exists (select 1 from contracts where id = cid and status = 'signed') then
        raise exception 'contract % is signed and frozen', cid using errcode = 'check_violation';
      end if;
      return coalesce(new, old);
    end $$`.execute(db)
  for (const t of ['contract_parties', 'contract_payments', 'contract_non_technical_items', 'contract_reward_shares']) {
    await sql`create trigger ${sql.id(`${t}_frozen`)} before insert or update or delete on ${sql.table(t)} for each row execute function contract_children_frozen()`.execute(db)
  }

  await sql`
    create table registrations (
      id uuid primary key default gen_random_uuid(),
      contract_id uuid not null references contracts(id),
      registrar_org_id uuid not null references organisations(id),
      status text not null default 'submitted' check (status in ('submitted','returned','registered','refused','terminated')),
      submitted_by uuid references users(id),
      submitted_at timestamptz not null default now(),
      clock_started_at timestamptz not null default now(),
      deadline_working_days int not null check (deadline_working_days > 0),
      deadline_at timestamptz not null,
      expert_review boolean not null default false,
      contract_type text not null,
      contract_amount_fen bigint not null check (contract_amount_fen >= 0),
      technology_amount_fen bigint not null check (technology_amount_fen >= 0),
      number text unique,
      year int,
      serial int,
      verification_code text unique,
      registered_at timestamptz,
      registered_by uuid references users(id),
      refusal_grounds text[] not null default '{}',
      refusal_note text,
      decided_by uuid references users(id),
      decided_at timestamptz,
      terminated_at timestamptz,
      updated_at timestamptz not null default now(),
      unique (registrar_org_id, year, serial),
      check ((number is not null) = (status in ('registered','terminated'))),
      check ((number is null) = (serial is null) and (serial is null) = (year is null)),
      check (status <> 'refused' or cardinality(refusal_grounds) >= 1)
    )`.execute(db)
  // A contract is before one registrar at a time; a refused submission may be followed by a new one.
  await sql`create unique index registrations_one_live on registrations (contract_id) where status <> 'refused'`.execute(db)
  await sql`create index registrations_queue_idx on registrations (registrar_org_id, status, deadline_at)`.execute(db)

  // The last serial a registrar gave in a year: the next registration locks this row, so serials never skip or repeat.
  await sql`
    create table registration_serials (
      registrar_org_id uuid not null references organisations(id),
      year int not null,
      last_serial int not null default 0 check (last_serial >= 0),
      primary key (registrar_org_id, year)
    )`.execute(db)

  await sql`
    create table registration_events (
      id bigserial primary key,
      registration_id uuid not null references registrations(id),
      kind text not null,
      params jsonb not null default '{}',
      note text,
      actor_id uuid references users(id),
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index registration_events_reg_idx on registration_events (registration_id, id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['registration_events', 'registration_serials', 'registrations', 'contract_reward_shares', 'contract_non_technical_items', 'contract_payments', 'contract_parties', 'contracts']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db)
  }
  await sql`drop function if exists contract_children_frozen()`.execute(db)
  await sql`drop function if exists contracts_frozen()`.execute(db)
}
