import { type Kysely, sql } from 'kysely'

// Frozen: offers and counter-offers (报价/还价) as structured terms, the terms
// a deal agreed on — frozen by the database, not only by the application —
// and a technology manager's service terms (服务条款) the parties accept.
// None of these shows on a public page (ADR 020): listed in NOT_PUBLIC_OFFERS.
// Imports nothing from the application.

export const NOT_PUBLIC_OFFERS = ['deal_offers', 'deal_agreed_terms', 'deal_manager_terms'] as const

export async function up(db: Kysely<any>): Promise<void> {
  // Each version of the terms a side put on the table; a counter-offer is the
  // next version from the other side, and the one it answers becomes superseded.
  await sql`
    create table deal_offers (
      id bigserial primary key,
      deal_id uuid not null references deals(id) on delete cascade,
      version int not null check (version >= 1),
      side text check (side in ('seller','buyer')),
      org_id uuid references organisations(id),
      terms jsonb not null,
      status text not null default 'open' check (status in ('open','superseded','withdrawn','accepted','rejected')),
      basis_version int,
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      decided_by uuid references users(id),
      decided_at timestamptz,
      reject_reason text,
      via text not null default 'offer' check (via in ('offer','notice','auction')),
      unique (deal_id, version),
      check ((via = 'offer') = (side is not null))
    )`.execute(db)
  // At most one open offer and one accepted offer per deal, whatever races.
  await sql`create unique index deal_offers_one_open on deal_offers (deal_id) where status = 'open'`.execute(db)
  await sql`create unique index deal_offers_one_accepted on deal_offers (deal_id) where status = 'accepted'`.execute(db)

  // An offer's terms never change once made; an accepted offer stays accepted.
  await sql`
    create function deal_offers_immutable() returns trigger language plpgsql as $$
    begin
      if new.terms is distinct from old.terms or new.deal_id <> old.deal_id or new.version <> old.version
         or new.side is distinct from old.side or new.org_id is distinct from old.org_id then
        raise exception 'deal offer % is immutable', old.id using errcode = 'check_violation';
      end if;
      if old.status = 'accepted' and new.status <> 'accepted' then
        raise exception 'deal offer % is accepted and frozen', old.id using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger deal_offers_immutable before update on deal_offers for each row execute function deal_offers_immutable()`.execute(db)

  // The agreed terms: the basis of the contract. Written once; no update ever.
  await sql`
    create table deal_agreed_terms (
      deal_id uuid primary key references deals(id) on delete cascade,
      offer_id bigint not null unique references deal_offers(id),
      version int not null,
      terms jsonb not null,
      via text not null check (via in ('offer','notice','auction')),
      agreed_by uuid references users(id),
      agreed_at timestamptz not null default now()
    )`.execute(db)
  await sql`
    create function deal_agreed_terms_frozen() returns trigger language plpgsql as $$
    begin
      raise exception 'agreed terms of deal % are frozen', old.deal_id using errcode = 'check_violation';
    end $$`.execute(db)
  await sql`create trigger deal_agreed_terms_frozen before update on deal_agreed_terms for each row execute function deal_agreed_terms_frozen()`.execute(db)

  // A technology manager's service terms: commission and what they do; each
  // side's acceptance, reset whenever the manager changes them.
  await sql`
    create table deal_manager_terms (
      deal_id uuid not null references deals(id) on delete cascade,
      manager_id uuid not null references users(id),
      agency_id uuid references organisations(id),
      rate_bp int not null default 0 check (rate_bp between 0 and 10000),
      fixed_fen bigint not null default 0 check (fixed_fen >= 0),
      services text not null,
      stated_at timestamptz not null default now(),
      seller_accepted_by uuid references users(id),
      seller_accepted_at timestamptz,
      buyer_accepted_by uuid references users(id),
      buyer_accepted_at timestamptz,
      primary key (deal_id, manager_id),
      check ((seller_accepted_by is null) = (seller_accepted_at is null)),
      check ((buyer_accepted_by is null) = (buyer_accepted_at is null))
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists deal_manager_terms`.execute(db)
  await sql`drop table if exists deal_agreed_terms`.execute(db)
  await sql`drop table if exists deal_offers`.execute(db)
  await sql`drop function if exists deal_agreed_terms_frozen()`.execute(db)
  await sql`drop function if exists deal_offers_immutable()`.execute(db)
}
