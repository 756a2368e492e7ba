import { type Kysely, sql } from 'kysely'

// Frozen: 科技成果竞价 (online auctions) as designed on 2026-12-04 (ADR 027).
// An institution applies to auction one or more achievements as one lot; a
// platform admin approves and the lot is announced (竞价公告) before bidding
// opens; enterprises register, accept the rules and pay a deposit (保证金) by
// bank transfer that an admin confirms; bids are decided one batch at a time
// under the lot's row lock. The rules that matter for a court are repeated
// here as constraints and a trigger, so no code path can store a bid that
// breaks them:
// - accepted bids of a lot form one chain: seq 1, 2, 3 … each referencing the
//   previous bid's (seq, amount) and strictly above it by at least the lot's
//   increment (the first at least the start price);
// - a bid is stored only while the lot is announced, bidding has opened and its
//   server receipt time is before the lot's current end;
// - the end of a lot never moves back once a bid is in.
// None of these tables feed the anonymous page cache (auction pages are live
// and never cached; a bid must not wait for the global page_version row), so
// they carry no page_version triggers (NOT_PUBLIC_AUCTIONS, ADR 020).
// Imports nothing from the application.

export const NOT_PUBLIC_AUCTIONS = ['auctions', 'auction_items', 'auction_registrations', 'auction_bids', 'auction_proxies', 'auction_sealed_bids'] as const

// The notification centre gains a group for auctions (ADR 024's categories, frozen here as a list).
const CATEGORIES_BEFORE = ['messages', 'deals', 'listings', 'requests', 'matches', 'notices']
const CATEGORIES_AFTER = [...CATEGORIES_BEFORE, 'auctions']

async function setCategories(db: Kysely<any>, list: string[]) {
  for (const table of ['notifications', 'notification_preferences']) {
    await sql`alter table ${sql.table(table)} drop constraint if exists ${sql.id(`${table}_category_check`)}`.execute(db)
    await sql`alter table ${sql.table(table)} add constraint ${sql.id(`${table}_category_check`)} check (category in (${sql.join(list.map((c) => sql.lit(c)))}))`.execute(db)
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await setCategories(db, CATEGORIES_AFTER)
  await sql`
    create table auctions (
      id uuid primary key default gen_random_uuid(),
      org_id uuid not null references organisations(id),
      title text not null,
      summary text not null default '',
      format text not null check (format in ('english','sealed')),
      terms jsonb not null,
      start_price_fen bigint not null check (start_price_fen > 0),
      increment_fen bigint not null check (increment_fen > 0),
      reserve_fen bigint check (reserve_fen > 0),
      deposit_fen bigint not null check (deposit_fen > 0),
      allowed_org_types text[] not null default '{enterprise}',
      rules jsonb not null,
      status text not null default 'applied'
        check (status in ('applied','rejected','announced','sold','unsold','defaulted','withdrawn')),
      review_note text,
      reviewed_by uuid references users(id),
      reviewed_at timestamptz,
      announced_at timestamptz,
      starts_at timestamptz not null,
      scheduled_end_at timestamptz not null,
      ends_at timestamptz not null,
      extension_seconds integer not null check (extension_seconds between 0 and 3600),
      current_price_fen bigint,
      leader_registration_id uuid,
      bid_count integer not null default 0 check (bid_count >= 0),
      closed_at timestamptz,
      winner_registration_id uuid,
      hammer_price_fen bigint,
      confirmation_no text unique,
      verification_code text unique,
      sign_deadline timestamptz,
      signed_at timestamptz,
      signed_by uuid references users(id),
      payment_deadline timestamptz,
      paid_at timestamptz,
      defaulted_at timestamptz,
      deal_id uuid references deals(id),
      results_until timestamptz,
      relisted_from uuid references auctions(id),
      created_by uuid not null references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (ends_at >= scheduled_end_at and scheduled_end_at > starts_at),
      check ((current_price_fen is null) = (bid_count = 0)),
      check ((status = 'sold' or status = 'defaulted') = (winner_registration_id is not null and hammer_price_fen is not null)),
      check (status not in ('sold','defaulted','unsold') or closed_at is not null)
    )`.execute(db)
  await sql`create index auctions_status_idx on auctions (status, ends_at)`.execute(db)
  await sql`create index auctions_org_idx on auctions (org_id, created_at desc)`.execute(db)

  await sql`
    create table auction_items (
      auction_id uuid not null references auctions(id) on delete cascade,
      achievement_id uuid not null references achievements(id),
      position integer not null,
      primary key (auction_id, achievement_id)
    )`.execute(db)
  await sql`create index auction_items_achievement_idx on auction_items (achievement_id)`.execute(db)

  // 竞买登记: one per organisation and lot; paddle_no is the pseudonymous 竞买号.
  await sql`
    create table auction_registrations (
      id uuid primary key default gen_random_uuid(),
      auction_id uuid not null references auctions(id) on delete cascade,
      org_id uuid not null references organisations(id),
      user_id uuid not null references users(id),
      paddle_no integer not null check (paddle_no between 1000 and 9999),
      rules_accepted_at timestamptz not null,
      deposit_fen bigint not null check (deposit_fen > 0),
      deposit_status text not null default 'pending'
        check (deposit_status in ('pending','confirmed','released','applied','forfeited')),
      bank_reference text,
      deposit_confirmed_by uuid references users(id),
      deposit_confirmed_at timestamptz,
      deposit_settled_at timestamptz,
      receipt_no text unique,
      created_at timestamptz not null default now(),
      unique (auction_id, org_id),
      unique (auction_id, paddle_no),
      unique (auction_id, id),
      check ((deposit_status = 'pending') = (deposit_confirmed_at is null)),
      check (deposit_status = 'pending' or (bank_reference is not null and receipt_no is not null))
    )`.execute(db)
  await sql`create unique index auction_registrations_bank_ref on auction_registrations (auction_id, bank_reference) where bank_reference is not null`.execute(db)
  await sql`alter table auctions add foreign key (id, leader_registration_id) references auction_registrations (auction_id, id) deferrable initially deferred`.execute(db)
  await sql`alter table auctions add foreign key (id, winner_registration_id) references auction_registrations (auction_id, id) deferrable initially deferred`.execute(db)

  await sql`
    create table auction_bids (
      auction_id uuid not null references auctions(id),
      seq integer not null check (seq >= 1),
      prev_seq integer,
      amount_fen bigint not null check (amount_fen > 0),
      prev_amount_fen bigint,
      registration_id uuid not null,
      placed_at timestamptz not null,
      by_proxy boolean not null default false,
      idempotency_key text not null check (length(idempotency_key) between 1 and 80),
      user_id uuid references users(id),
      created_at timestamptz not null default now(),
      primary key (auction_id, seq),
      unique (auction_id, seq, amount_fen),
      unique (auction_id, registration_id, idempotency_key),
      foreign key (auction_id, registration_id) references auction_registrations (auction_id, id),
      foreign key (auction_id, prev_seq, prev_amount_fen) references auction_bids (auction_id, seq, amount_fen),
      check ((seq = 1) = (prev_seq is null)),
      check (prev_seq is null or prev_seq = seq - 1),
      check ((prev_seq is null) = (prev_amount_fen is null)),
      check (prev_amount_fen is null or amount_fen > prev_amount_fen)
    )`.execute(db)

  // The rules a stored bid must meet, checked against the lot's row as it stands in the transaction.
  await sql`
    create function auction_bid_guard() returns trigger language plpgsql as $$
    declare a auctions%rowtype; d text;
    begin
      select * into a from auctions where id = new.auction_id;
      if a.format <> 'english' then raise exception 'auction_bid_format' using errcode = '23514'; end if;
      if a.status <> 'announced' then raise exception 'auction_bid_closed' using errcode = '23514'; end if;
      if new.placed_at < a.starts_at or new.placed_at >= a.ends_at then raise exception 'auction_bid_time' using errcode = '23514'; end if;
      if new.prev_amount_fen is null and new.amount_fen < a.start_price_fen then raise exception 'auction_bid_start' using errcode = '23514'; end if;
      if new.prev_amount_fen is not null and new.amount_fen < new.prev_amount_fen + a.increment_fen then raise exception 'auction_bid_increment' using errcode = '23514'; end if;
      select deposit_status into d from auction_registrations where id = new.registration_id;
      if d is distinct from 'confirmed' then raise exception 'auction_bid_deposit' using errcode = '23514'; end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger auction_bid_guard before insert on auction_bids for each row execute function auction_bid_guard()`.execute(db)
  // Append-only: an accepted bid is a fact; nothing edits or removes it.
  await sql`
    create function auction_bids_append_only() returns trigger language plpgsql as $$
    begin raise exception 'auction_bids_append_only' using errcode = '23514'; end $$`.execute(db)
  await sql`create trigger auction_bids_append_only before update or delete on auction_bids for each row execute function auction_bids_append_only()`.execute(db)

  await sql`
    create function auction_end_guard() returns trigger language plpgsql as $$
    begin
      if old.bid_count > 0 and new.ends_at < old.ends_at then raise exception 'auction_end_moved_back' using errcode = '23514'; end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger auction_end_guard before update of ends_at on auctions for each row execute function auction_end_guard()`.execute(db)

  // 自动出价: one private maximum per bidder and lot, raised or cleared by its owner.
  await sql`
    create table auction_proxies (
      registration_id uuid primary key references auction_registrations(id) on delete cascade,
      auction_id uuid not null references auctions(id) on delete cascade,
      max_fen bigint not null check (max_fen > 0),
      set_at timestamptz not null,
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index auction_proxies_auction_idx on auction_proxies (auction_id)`.execute(db)

  // 密封报价: one sealed bid per bidder, fixed once submitted, hidden until the opening.
  await sql`
    create table auction_sealed_bids (
      auction_id uuid not null references auctions(id),
      registration_id uuid not null,
      amount_fen bigint not null check (amount_fen > 0),
      placed_at timestamptz not null,
      idempotency_key text not null check (length(idempotency_key) between 1 and 80),
      user_id uuid references users(id),
      primary key (auction_id, registration_id),
      foreign key (auction_id, registration_id) references auction_registrations (auction_id, id)
    )`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from notification_preferences where category = 'auctions'`.execute(db)
  await sql`update notifications set category = 'deals' where category = 'auctions'`.execute(db)
  await setCategories(db, CATEGORIES_BEFORE)
  for (const t of ['auction_sealed_bids', 'auction_proxies', 'auction_bids']) await sql`drop table if exists ${sql.table(t)}`.execute(db)
  await sql`alter table auctions drop constraint if exists auctions_id_leader_registration_id_fkey`.execute(db)
  await sql`alter table auctions drop constraint if exists auctions_id_winner_registration_id_fkey`.execute(db)
  for (const t of ['auction_registrations', 'auction_items', 'auctions']) await sql`drop table if exists ${sql.table(t)}`.execute(db)
  await sql`drop function if exists auction_bid_guard()`.execute(db)
  await sql`drop function if exists auction_end_guard()`.execute(db)
  await sql`drop function if exists auction_bids_append_only()`.execute(db)
}
