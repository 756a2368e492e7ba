import { type Kysely, sql } from 'kysely'

// Frozen: the dashboards' contract facts (issue 12, ADR 037). Every dashboard
// figure about registered contracts (amounts by month and type, technology
// flows institution → county, subsidies by county and industry) needs the same
// three things of a registration: the buyer's county, the seller, and the
// industry of the achievement (or need) behind the deal. Joining registrations
// → contracts → parties → deal listings → achievements on every view took too
// long over 100,000 contracts, so each registration that is or was registered
// keeps one narrow row here, written by a trigger on registrations in the same
// transaction as the change (exact, never refreshed later). A signed
// contract's parties are frozen (0901), so a row never goes stale; if a
// contract has several buyers, the first by organisation id gives the county.
// Indexes for the other dashboard views (registrar queues, subsidy approvals
// and payments by time, deals by time). Not shown on public pages:
// NOT_PUBLIC_DASHBOARD. Imports nothing from the application.

export const NOT_PUBLIC_DASHBOARD = ['dashboard_contracts'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dashboard_contracts (
      registration_id uuid primary key references registrations(id) on delete cascade,
      contract_id uuid not null,
      status text not null check (status in ('registered','terminated')),
      registered_at timestamptz not null,
      registered_on date not null,
      registrar_org_id uuid not null,
      contract_type text not null,
      contract_amount_fen bigint not null,
      technology_amount_fen bigint not null,
      buyer_org_id uuid,
      buyer_division text,
      seller_org_id uuid,
      seller_name text,
      industry_code text,
      industry_top text
    )`.execute(db)
  await sql`create index dashboard_contracts_on_idx on dashboard_contracts (registered_on)`.execute(db)
  await sql`create index dashboard_contracts_division_idx on dashboard_contracts (buyer_division, registered_on)`.execute(db)

  await sql`
    create function dashboard_contracts_sync() returns trigger language plpgsql as $$
    begin
      delete from dashboard_contracts where registration_id = new.id;
      if new.status in ('registered','terminated') and new.registered_at is not null then
        insert into dashboard_contracts (registration_id, contract_id, status, registered_at, registered_on, registrar_org_id, contract_type,
          contract_amount_fen, technology_amount_fen, buyer_org_id, buyer_division, seller_org_id, seller_name, industry_code, industry_top)
        select new.id, new.contract_id, new.status, new.registered_at, (new.registered_at at time zone 'Asia/Shanghai')::date, new.registrar_org_id,
          new.contract_type, new.contract_amount_fen, new.technology_amount_fen, b.org_id, b.division_code, s.org_id, s.name, i.code, split_part(i.code, '.', 1)
        from (select 1) one
        left join lateral (select org_id, division_code from contract_parties where contract_id = new.contract_id and side = 'buyer' order by org_id limit 1) b on true
        left join lateral (select org_id, name from contract_parties where contract_id = new.contract_id and side = 'seller' limit 1) s on true
        left join lateral (
          select coalesce(a.industry_code, n.industry_code) as code
          from contracts c join deal_listings dl on dl.deal_id = c.deal_id
          left join achievements a on a.id = dl.achievement_id left join needs n on n.id = dl.need_id
          where c.id = new.contract_id and coalesce(a.industry_code, n.industry_code) is not null
          order by (dl.achievement_id is null), 1 limit 1) i on true;
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger dashboard_contracts_sync after insert or update of status, registered_at, contract_type, contract_amount_fen, technology_amount_fen
    on registrations for each row execute function dashboard_contracts_sync()`.execute(db)
  // Backfill what is already registered.
  await sql`update registrations set status = status where status in ('registered','terminated')`.execute(db)

  await sql`create index registrations_registrar_submitted_idx on registrations (registrar_org_id, submitted_at)`.execute(db)
  await sql`create index subsidy_claims_approved_idx on subsidy_claims (approved_at) where approved_at is not null`.execute(db)
  await sql`create index subsidy_payments_paid_idx on subsidy_payments (paid_on)`.execute(db)
  await sql`create index deals_created_idx on deals (created_at)`.execute(db)
  await sql`create index deal_parties_buyer_idx on deal_parties (deal_id) include (org_id) where side = 'buyer'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['registrations_registrar_submitted_idx', 'subsidy_claims_approved_idx', 'subsidy_payments_paid_idx', 'deals_created_idx', 'deal_parties_buyer_idx']) {
    await sql`drop index if exists ${sql.id(i)}`.execute(db)
  }
  await sql`drop trigger if exists dashboard_contracts_sync on registrations`.execute(db)
  await sql`drop function if exists dashboard_contracts_sync()`.execute(db)
  await sql`drop table if exists dashboard_contracts`.execute(db)
}
