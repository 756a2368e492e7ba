import { type Kysely, sql } from 'kysely'

// Frozen: the dashboards' facts and monthly rollup (issue 12, ADR 037).
//
// dashboard_contracts: one narrow row per registration that is or was
// registered, with what every contract figure needs and the registration does
// not carry: the buyer's county (the first buyer by organisation id if there
// are several), the seller, and the industry of the listing behind the deal.
// A signed contract's parties are frozen (0901), so a row never goes stale.
//
// dashboard_monthly: sums by month (Asia/Shanghai) of registered contracts
// (by type), confirmed transformation projects, subsidies approved and
// subsidies paid, each kept four times — by (county, industry), (county, all
// industries '*'), (all counties '*', industry) and ('*', '*') — so any filter
// of the dashboards reads at most a few hundred rows per view, whatever the
// number of contracts (measured: joining claims to contracts per view took
// ~1 s over 100,000 contracts on a loaded machine; see bench/dashboard.ts).
//
// Both are written by statement-level triggers (transition tables) in the
// same transaction as the change, so they are exact at every commit and a bulk
// insert costs one grouped upsert, not one per row. The '*' rows of a month
// are shared by every change in that month: concurrent registrations in the
// same month wait for each other's commit on that row (registrations are
// decided one at a time by people; acceptable). A row whose count falls to
// zero stays (sums are still right). Not shown on public pages:
// NOT_PUBLIC_DASHBOARD. Imports nothing from the application.

export const NOT_PUBLIC_DASHBOARD = ['dashboard_contracts', 'dashboard_deals', 'dashboard_monthly'] as const

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
    create table dashboard_monthly (
      measure text not null check (measure in ('contract','project','subsidy_approved','subsidy_paid','deal','flow')),
      division text not null,
      industry text not null,
      month date not null,
      contract_type text not null default '',
      seller text not null default '',
      n bigint not null default 0,
      amount_fen bigint not null default 0,
      technology_fen bigint not null default 0,
      primary key (measure, division, industry, month, contract_type, seller)
    )`.execute(db)

  // A deal's county (its first buyer's, by organisation id) and industry (its listing's), kept so the
  // deal rollup can take back what it added when a party or listing changes.
  await sql`
    create table dashboard_deals (
      deal_id uuid primary key,
      month date not null,
      division text not null,
      industry text not null
    )`.execute(db)

  // Adds signed events (measure, month, division, industry, type, n, amount, technology) to the four cuts.
  await sql`
    create function dashboard_roll(events jsonb) returns void language sql as $$
      insert into dashboard_monthly as m (measure, division, industry, month, contract_type, seller, n, amount_fen, technology_fen)
      select e.measure, v.d, v.i, e.month, coalesce(e.t, ''), coalesce(e.s, ''), sum(e.n), sum(e.a), sum(e.x)
      from jsonb_to_recordset(events) as e(measure text, month date, d text, i text, t text, s text, n bigint, a bigint, x bigint)
      cross join lateral (values (e.d, e.i), (e.d, '*'), ('*', e.i), ('*', '*')) v(d, i)
      group by 1, 2, 3, 4, 5, 6
      on conflict (measure, division, industry, month, contract_type, seller) do update
        set n = m.n + excluded.n, amount_fen = m.amount_fen + excluded.amount_fen, technology_fen = m.technology_fen + excluded.technology_fen
    $$`.execute(db)

  // Registrations → contract facts.
  await sql`
    create function dashboard_contracts_sync() returns trigger language plpgsql as $$
    begin
      delete from dashboard_contracts where registration_id in (select id from new_rows);
      insert into dashboard_contracts (registration_id, contract_id, status, registered_at, registered_on, registrar_org_id, contract_type,
        contract_amount_fen, technology_amount_fen, buyer_org_id, buyer_division, seller_org_id, seller_name, industry_code, industry_top)
      select r.id, r.contract_id, r.status, r.registered_at, (r.registered_at at time zone 'Asia/Shanghai')::date, r.registrar_org_id,
        r.contract_type, r.contract_amount_fen, r.technology_amount_fen, b.org_id, b.division_code, s.org_id, s.name, i.code, split_part(i.code, '.', 1)
      from new_rows r
      left join lateral (select org_id, division_code from contract_parties where contract_id = r.contract_id and side = 'buyer' order by org_id limit 1) b on true
      left join lateral (select org_id, name from contract_parties where contract_id = r.contract_id and side = 'seller' limit 1) s on true
      left join lateral (
        select coalesce(a.industry_code, n.industry_code) as code
        from contracts c join deal_listings dl on dl.deal_id = c.deal_id
        left join achievements a on a.id = dl.achievement_id left join needs n on n.id = dl.need_id
        where c.id = r.contract_id and coalesce(a.industry_code, n.industry_code) is not null
        order by (dl.achievement_id is null), 1 limit 1) i on true
      where r.status in ('registered','terminated') and r.registered_at is not null;
      return null;
    end $$`.execute(db)
  await sql`create trigger dashboard_contracts_sync_ins after insert on registrations referencing new table as new_rows
    for each statement execute function dashboard_contracts_sync()`.execute(db)
  await sql`create trigger dashboard_contracts_sync_upd after update on registrations referencing new table as new_rows
    for each statement execute function dashboard_contracts_sync()`.execute(db)

  // Contract facts → monthly contract sums (registered only).
  await sql`
    create function dashboard_roll_contracts() returns trigger language plpgsql as $$
    declare ev jsonb := '[]';
    begin
      -- 'contract' by month and type; 'flow' by year and seller (institution → county), for the Sankey.
      if tg_op in ('INSERT','UPDATE') then
        ev := ev || coalesce((select jsonb_agg(jsonb_build_object('measure','contract','month',date_trunc('month', registered_on)::date,'d',coalesce(buyer_division,''),
          'i',coalesce(industry_top,''),'t',contract_type,'n',1,'a',contract_amount_fen,'x',technology_amount_fen)) from new_rows where status = 'registered'), '[]');
        ev := ev || coalesce((select jsonb_agg(jsonb_build_object('measure','flow','month',date_trunc('year', registered_on)::date,'d',coalesce(buyer_division,''),
          'i',coalesce(industry_top,''),'s',coalesce(seller_org_id::text,''),'n',1,'a',contract_amount_fen,'x',technology_amount_fen)) from new_rows where status = 'registered'), '[]');
      end if;
      if tg_op in ('DELETE','UPDATE') then
        ev := ev || coalesce((select jsonb_agg(jsonb_build_object('measure','contract','month',date_trunc('month', registered_on)::date,'d',coalesce(buyer_division,''),
          'i',coalesce(industry_top,''),'t',contract_type,'n',-1,'a',-contract_amount_fen,'x',-technology_amount_fen)) from old_rows where status = 'registered'), '[]');
        ev := ev || coalesce((select jsonb_agg(jsonb_build_object('measure','flow','month',date_trunc('year', registered_on)::date,'d',coalesce(buyer_division,''),
          'i',coalesce(industry_top,''),'s',coalesce(seller_org_id::text,''),'n',-1,'a',-contract_amount_fen,'x',-technology_amount_fen)) from old_rows where status = 'registered'), '[]');
      end if;
      if jsonb_array_length(ev) > 0 then perform dashboard_roll(ev); end if;
      return null;
    end $$`.execute(db)

  // Confirmed transformation projects → monthly project counts (technology amount too).
  await sql`
    create function dashboard_roll_projects() returns trigger language plpgsql as $$
    declare ev jsonb := '[]';
    begin
      if tg_op in ('INSERT','UPDATE') then
        ev := ev || coalesce((select jsonb_agg(jsonb_build_object('measure','project','month',date_trunc('month', registered_on)::date,'d',division_code,
          'i',split_part(coalesce(industry_code,''),'.',1),'t','','n',1,'a',contract_amount_fen,'x',technology_amount_fen)) from new_rows where status = 'confirmed'), '[]');
      end if;
      if tg_op in ('DELETE','UPDATE') then
        ev := ev || coalesce((select jsonb_agg(jsonb_build_object('measure','project','month',date_trunc('month', registered_on)::date,'d',division_code,
          'i',split_part(coalesce(industry_code,''),'.',1),'t','','n',-1,'a',-contract_amount_fen,'x',-technology_amount_fen)) from old_rows where status = 'confirmed'), '[]');
      end if;
      if jsonb_array_length(ev) > 0 then perform dashboard_roll(ev); end if;
      return null;
    end $$`.execute(db)

  // Subsidy claims → monthly approvals (by month of approval, county and industry of the registration's contract).
  await sql`
    create function dashboard_roll_claims() returns trigger language plpgsql as $$
    declare ev jsonb := '[]';
    begin
      if tg_op in ('INSERT','UPDATE') then
        ev := ev || coalesce((select jsonb_agg(jsonb_build_object('measure','subsidy_approved','month',date_trunc('month', c.approved_at at time zone 'Asia/Shanghai')::date,
          'd',coalesce(f.buyer_division,''),'i',coalesce(f.industry_top,''),'t','','n',1,'a',c.amount_fen,'x',0))
          from new_rows c left join dashboard_contracts f on f.registration_id = c.registration_id where c.approved_at is not null), '[]');
      end if;
      if tg_op in ('DELETE','UPDATE') then
        ev := ev || coalesce((select jsonb_agg(jsonb_build_object('measure','subsidy_approved','month',date_trunc('month', c.approved_at at time zone 'Asia/Shanghai')::date,
          'd',coalesce(f.buyer_division,''),'i',coalesce(f.industry_top,''),'t','','n',-1,'a',-c.amount_fen,'x',0))
          from old_rows c left join dashboard_contracts f on f.registration_id = c.registration_id where c.approved_at is not null), '[]');
      end if;
      if jsonb_array_length(ev) > 0 then perform dashboard_roll(ev); end if;
      return null;
    end $$`.execute(db)

  // Subsidy payments → monthly payments (by day paid).
  await sql`
    create function dashboard_roll_payments() returns trigger language plpgsql as $$
    declare ev jsonb := '[]';
    begin
      if tg_op in ('INSERT','UPDATE') then
        ev := ev || coalesce((select jsonb_agg(jsonb_build_object('measure','subsidy_paid','month',date_trunc('month', p.paid_on)::date,
          'd',coalesce(f.buyer_division,''),'i',coalesce(f.industry_top,''),'t','','n',1,'a',p.amount_fen,'x',0))
          from new_rows p join subsidy_claims c on c.id = p.claim_id left join dashboard_contracts f on f.registration_id = c.registration_id), '[]');
      end if;
      if tg_op in ('DELETE','UPDATE') then
        ev := ev || coalesce((select jsonb_agg(jsonb_build_object('measure','subsidy_paid','month',date_trunc('month', p.paid_on)::date,
          'd',coalesce(f.buyer_division,''),'i',coalesce(f.industry_top,''),'t','','n',-1,'a',-p.amount_fen,'x',0))
          from old_rows p join subsidy_claims c on c.id = p.claim_id left join dashboard_contracts f on f.registration_id = c.registration_id), '[]');
      end if;
      if jsonb_array_length(ev) > 0 then perform dashboard_roll(ev); end if;
      return null;
    end $$`.execute(db)

  // Deals: re-attribute the deals a statement touched (deals, their parties, their listings) and move the sums.
  await sql`
    create function dashboard_deals_sync(ids uuid[]) returns void language plpgsql as $$
    declare ev jsonb;
    begin
      with fresh as (
        select d.id, date_trunc('month', d.created_at at time zone 'Asia/Shanghai')::date as month,
          coalesce((select o.division_code from deal_parties dp join organisations o on o.id = dp.org_id
            where dp.deal_id = d.id and dp.side = 'buyer' order by dp.org_id limit 1), '') as division,
          coalesce((select split_part(coalesce(a.industry_code, n.industry_code), '.', 1) from deal_listings dl
            left join achievements a on a.id = dl.achievement_id left join needs n on n.id = dl.need_id
            where dl.deal_id = d.id and coalesce(a.industry_code, n.industry_code) is not null
            order by (dl.achievement_id is null), 1 limit 1), '') as industry
        from deals d where d.id = any(ids)
      ), gone as (
        delete from dashboard_deals where deal_id = any(ids) returning month, division, industry
      ), added as (
        insert into dashboard_deals (deal_id, month, division, industry) select id, month, division, industry from fresh returning month, division, industry
      )
      select jsonb_agg(e) into ev from (
        select 'deal' as measure, month, division as d, industry as i, -1 as n, 0 as a, 0 as x from gone
        union all select 'deal', month, division, industry, 1, 0, 0 from added
      ) e;
      if ev is not null then perform dashboard_roll(ev); end if;
    end $$`.execute(db)
  await sql`
    create function dashboard_deals_touch() returns trigger language plpgsql as $$
    declare ids uuid[];
    begin
      if tg_table_name = 'deals' then
        if tg_op = 'INSERT' then select array_agg(id) into ids from new_rows; else select array_agg(id) into ids from old_rows; end if;
      elsif tg_op = 'INSERT' then select array_agg(distinct deal_id) into ids from new_rows;
      elsif tg_op = 'DELETE' then select array_agg(distinct deal_id) into ids from old_rows;
      else select array_agg(distinct deal_id) into ids from (select deal_id from new_rows union select deal_id from old_rows) u;
      end if;
      if ids is not null then perform dashboard_deals_sync(ids); end if;
      return null;
    end $$`.execute(db)
  await sql`create trigger dashboard_deals_ins after insert on deals referencing new table as new_rows for each statement execute function dashboard_deals_touch()`.execute(db)
  // No foreign key to deals: when a deal goes, its row here must still be there for the sums to take it back.
  await sql`create trigger dashboard_deals_del after delete on deals referencing old table as old_rows for each statement execute function dashboard_deals_touch()`.execute(db)
  for (const t of ['deal_parties', 'deal_listings']) {
    await sql`create trigger ${sql.id(`dashboard_${t}_ins`)} after insert on ${sql.table(t)} referencing new table as new_rows for each statement execute function dashboard_deals_touch()`.execute(db)
    await sql`create trigger ${sql.id(`dashboard_${t}_upd`)} after update on ${sql.table(t)} referencing old table as old_rows new table as new_rows for each statement execute function dashboard_deals_touch()`.execute(db)
    await sql`create trigger ${sql.id(`dashboard_${t}_del`)} after delete on ${sql.table(t)} referencing old table as old_rows for each statement execute function dashboard_deals_touch()`.execute(db)
  }

  for (const [table, fn] of [
    ['dashboard_contracts', 'dashboard_roll_contracts'],
    ['transformation_projects', 'dashboard_roll_projects'],
    ['subsidy_claims', 'dashboard_roll_claims'],
    ['subsidy_payments', 'dashboard_roll_payments'],
  ] as const) {
    await sql`create trigger ${sql.id(`${fn}_ins`)} after insert on ${sql.table(table)} referencing new table as new_rows for each statement execute function ${sql.id(fn)}()`.execute(db)
    await sql`create trigger ${sql.id(`${fn}_upd`)} after update on ${sql.table(table)} referencing old table as old_rows new table as new_rows for each statement execute function ${sql.id(fn)}()`.execute(db)
    await sql`create trigger ${sql.id(`${fn}_del`)} after delete on ${sql.table(table)} referencing old table as old_rows for each statement execute function ${sql.id(fn)}()`.execute(db)
  }

  // Backfill: facts from what is registered (the update fires the sync), then the sums from what exists.
  await sql`update registrations set status = status where status in ('registered','terminated')`.execute(db)
  await sql`delete from dashboard_monthly`.execute(db)
  await sql`
    select dashboard_roll(coalesce((select jsonb_agg(e) from (
      select 'project' as measure, date_trunc('month', registered_on)::date as month, division_code as d, split_part(coalesce(industry_code,''),'.',1) as i, '' as t,
        '' as s, 1 as n, contract_amount_fen as a, technology_amount_fen as x from transformation_projects where status = 'confirmed'
      union all
      select 'contract', date_trunc('month', registered_on)::date, coalesce(buyer_division,''), coalesce(industry_top,''), contract_type, '', 1, contract_amount_fen, technology_amount_fen
        from dashboard_contracts where status = 'registered'
      union all
      select 'flow', date_trunc('year', registered_on)::date, coalesce(buyer_division,''), coalesce(industry_top,''), '', coalesce(seller_org_id::text,''), 1, contract_amount_fen, technology_amount_fen
        from dashboard_contracts where status = 'registered'
      union all
      select 'subsidy_approved', date_trunc('month', c.approved_at at time zone 'Asia/Shanghai')::date, coalesce(f.buyer_division,''), coalesce(f.industry_top,''), '', '', 1, c.amount_fen, 0
        from subsidy_claims c left join dashboard_contracts f on f.registration_id = c.registration_id where c.approved_at is not null
      union all
      select 'subsidy_paid', date_trunc('month', p.paid_on)::date, coalesce(f.buyer_division,''), coalesce(f.industry_top,''), '', '', 1, p.amount_fen, 0
        from subsidy_payments p join subsidy_claims c on c.id = p.claim_id left join dashboard_contracts f on f.registration_id = c.registration_id
    ) e), '[]'))`.execute(db)
  await sql`select dashboard_deals_sync(coalesce((select array_agg(id) from deals), '{}'))`.execute(db)

  await sql`create index registrations_registrar_submitted_idx on registrations (registrar_org_id, submitted_at)`.execute(db)
  await sql`create index subsidy_claims_approved_idx on subsidy_claims (approved_at) where approved_at is not null`.execute(db)
  await sql`create index subsidy_payments_paid_idx on subsidy_payments (paid_on)`.execute(db)
  await sql`create index deals_created_idx on deals (created_at)`.execute(db)
  await sql`create index deal_listings_achievement_idx on deal_listings (achievement_id) where achievement_id is not null`.execute(db)
  await sql`create index deal_listings_need_idx on deal_listings (need_id) where need_id is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['registrations_registrar_submitted_idx', 'subsidy_claims_approved_idx', 'subsidy_payments_paid_idx', 'deals_created_idx', 'deal_listings_achievement_idx', 'deal_listings_need_idx']) {
    await sql`drop index if exists ${sql.id(i)}`.execute(db)
  }
  // Deals: re-attribute the deals a statement touched (deals, their parties, their listings) and move the sums.
  await sql`
    create function dashboard_deals_sync(ids uuid[]) returns void language plpgsql as $$
    declare ev jsonb;
    begin
      with fresh as (
        select d.id, date_trunc('month', d.created_at at time zone 'Asia/Shanghai')::date as month,
          coalesce((select o.division_code from deal_parties dp join organisations o on o.id = dp.org_id
            where dp.deal_id = d.id and dp.side = 'buyer' order by dp.org_id limit 1), '') as division,
          coalesce((select split_part(coalesce(a.industry_code, n.industry_code), '.', 1) from deal_listings dl
            left join achievements a on a.id = dl.achievement_id left join needs n on n.id = dl.need_id
            where dl.deal_id = d.id and coalesce(a.industry_code, n.industry_code) is not null
            order by (dl.achievement_id is null), 1 limit 1), '') as industry
        from deals d where d.id = any(ids)
      ), gone as (
        delete from dashboard_deals where deal_id = any(ids) returning month, division, industry
      ), added as (
        insert into dashboard_deals (deal_id, month, division, industry) select id, month, division, industry from fresh returning month, division, industry
      )
      select jsonb_agg(e) into ev from (
        select 'deal' as measure, month, division as d, industry as i, -1 as n, 0 as a, 0 as x from gone
        union all select 'deal', month, division, industry, 1, 0, 0 from added
      ) e;
      if ev is not null then perform dashboard_roll(ev); end if;
    end $$`.execute(db)
  await sql`
    create function dashboard_deals_touch() returns trigger language plpgsql as $$
    declare ids uuid[];
    begin
      if tg_table_name = 'deals' then
        if tg_op = 'INSERT' then select array_agg(id) into ids from new_rows; else select array_agg(id) into ids from old_rows; end if;
      elsif tg_op = 'INSERT' then select array_agg(distinct deal_id) into ids from new_rows;
      elsif tg_op = 'DELETE' then select array_agg(distinct deal_id) into ids from old_rows;
      else select array_agg(distinct deal_id) into ids from (select deal_id from new_rows union select deal_id from old_rows) u;
      end if;
      if ids is not null then perform dashboard_deals_sync(ids); end if;
      return null;
    end $$`.execute(db)
  await sql`create trigger dashboard_deals_ins after insert on deals referencing new table as new_rows for each statement execute function dashboard_deals_touch()`.execute(db)
  // No foreign key to deals: when a deal goes, its row here must still be there for the sums to take it back.
  await sql`create trigger dashboard_deals_del after delete on deals referencing old table as old_rows for each statement execute function dashboard_deals_touch()`.execute(db)
  for (const t of ['deal_parties', 'deal_listings']) {
    await sql`create trigger ${sql.id(`dashboard_${t}_ins`)} after insert on ${sql.table(t)} referencing new table as new_rows for each statement execute function dashboard_deals_touch()`.execute(db)
    await sql`create trigger ${sql.id(`dashboard_${t}_upd`)} after update on ${sql.table(t)} referencing old table as old_rows new table as new_rows for each statement execute function dashboard_deals_touch()`.execute(db)
    await sql`create trigger ${sql.id(`dashboard_${t}_del`)} after delete on ${sql.table(t)} referencing old table as old_rows for each statement execute function dashboard_deals_touch()`.execute(db)
  }

  for (const [table, fn] of [
    ['dashboard_contracts', 'dashboard_roll_contracts'],
    ['transformation_projects', 'dashboard_roll_projects'],
    ['subsidy_claims', 'dashboard_roll_claims'],
    ['subsidy_payments', 'dashboard_roll_payments'],
  ] as const) {
    for (const s of ['ins', 'upd', 'del']) await sql`drop trigger if exists ${sql.id(`${fn}_${s}`)} on ${sql.table(table)}`.execute(db)
    await sql`drop function if exists ${sql.id(fn)}()`.execute(db)
  }
  for (const t of ['deal_parties', 'deal_listings']) {
    for (const x of ['ins', 'upd', 'del']) await sql`drop trigger if exists ${sql.id(`dashboard_${t}_${x}`)} on ${sql.table(t)}`.execute(db)
  }
  await sql`drop trigger if exists dashboard_deals_ins on deals`.execute(db)
  await sql`drop trigger if exists dashboard_deals_del on deals`.execute(db)
  await sql`drop function if exists dashboard_deals_touch()`.execute(db)
  await sql`drop function if exists dashboard_deals_sync(uuid[])`.execute(db)
  await sql`drop table if exists dashboard_deals`.execute(db)
  await sql`drop trigger if exists dashboard_contracts_sync_ins on registrations`.execute(db)
  await sql`drop trigger if exists dashboard_contracts_sync_upd on registrations`.execute(db)
  await sql`drop function if exists dashboard_contracts_sync()`.execute(db)
  await sql`drop function if exists dashboard_roll(jsonb)`.execute(db)
  await sql`drop table if exists dashboard_monthly`.execute(db)
  await sql`drop table if exists dashboard_contracts`.execute(db)
}
