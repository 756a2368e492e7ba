import { type Kysely, sql } from 'kysely'

// Frozen: the platform operator's invoices (发票), deposit receipts (收据) and
// credit notes (红字/冲销) as designed on 2026-12-04 (issue 11, ADR 036). A
// document is a draft until issued; issuing takes the next number of its series
// and year from invoice_counters inside the issuing transaction (the counter
// row stays locked until commit, so numbers never skip or repeat and a
// rolled-back issue gives its number back). Once issued, the database refuses
// any change to its number, buyer, issuer, totals or lines; only the status may
// move on (issued → paid / void), with the paid sum and the void reason. A void
// document keeps its number. Payments are recorded by hand (no processor).
// None of these shows on a cached public page (ADR 020): NOT_PUBLIC_INVOICES.
// Imports nothing from the application.

export const NOT_PUBLIC_INVOICES = ['invoice_counters', 'invoices', 'invoice_lines', 'invoice_payments'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table invoice_counters (
      series text not null,
      year int not null check (year between 2000 and 9999),
      last_no int not null default 0 check (last_no >= 0),
      primary key (series, year)
    )`.execute(db)

  await sql`
    create table invoices (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('invoice','receipt','credit_note')),
      series text not null,
      year int,
      seq int check (seq >= 1),
      number text unique,
      status text not null default 'draft' check (status in ('draft','issued','paid','void')),
      buyer_org_id uuid not null references organisations(id),
      buyer_name text not null,
      buyer_credit_code text not null,
      buyer_address text,
      issuer jsonb not null,
      config_from text not null,
      note text not null default '',
      net_fen bigint not null default 0 check (net_fen >= 0),
      tax_fen bigint not null default 0 check (tax_fen >= 0),
      total_fen bigint not null default 0 check (total_fen = net_fen + tax_fen),
      paid_fen bigint not null default 0 check (paid_fen >= 0),
      credited_invoice_id uuid references invoices(id),
      verification_code text unique,
      issued_at timestamptz,
      issued_by uuid references users(id),
      due_on date,
      paid_at timestamptz,
      void_reason text,
      voided_at timestamptz,
      voided_by uuid references users(id),
      created_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (series, year, seq),
      check ((number is null) = (status = 'draft')),
      check ((number is null) = (seq is null) and (seq is null) = (year is null)),
      check ((issued_at is null) = (status = 'draft') and (verification_code is null) = (status = 'draft')),
      check ((kind = 'credit_note') = (credited_invoice_id is not null)),
      check ((status = 'void') = (voided_at is not null) and (voided_at is null) = (void_reason is null)),
      check ((status = 'paid') = (paid_at is not null)),
      check (kind <> 'credit_note' or paid_fen = 0)
    )`.execute(db)
  await sql`create index invoices_buyer_idx on invoices (buyer_org_id, created_at desc)`.execute(db)
  await sql`create index invoices_credited_idx on invoices (credited_invoice_id) where credited_invoice_id is not null`.execute(db)
  await sql`create index invoices_list_idx on invoices (status, series, year)`.execute(db)

  await sql`
    create table invoice_lines (
      invoice_id uuid not null references invoices(id) on delete cascade,
      position int not null check (position >= 1),
      item_kind text not null,
      description text not null check (length(description) between 1 and 200),
      quantity int not null check (quantity >= 1),
      unit_price_fen bigint not null check (unit_price_fen >= 0),
      tax_rate_ppm int not null check (tax_rate_ppm between 0 and 1000000),
      exempt boolean not null default false,
      net_fen bigint not null check (net_fen = quantity * unit_price_fen),
      tax_fen bigint not null check (tax_fen >= 0),
      primary key (invoice_id, position),
      check (not exempt or (tax_rate_ppm = 0 and tax_fen = 0))
    )`.execute(db)

  await sql`
    create table invoice_payments (
      id bigserial primary key,
      invoice_id uuid not null references invoices(id),
      paid_on date not null,
      amount_fen bigint not null check (amount_fen > 0),
      reference text not null check (length(reference) between 1 and 100),
      recorded_by uuid references users(id),
      recorded_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index invoice_payments_invoice_idx on invoice_payments (invoice_id, id)`.execute(db)

  // An issued document is frozen: only its status may move on (issued → paid / void) with the paid sum, the
  // paid and void facts; a void one changes no more; none goes back to draft; only a draft may be deleted.
  await sql`
    create function invoices_frozen() returns trigger language plpgsql as $$
    declare movable text[] := array['status','paid_fen','paid_at','void_reason','voided_at','voided_by','updated_at'];
    begin
      if tg_op = 'DELETE' then
        if old.status <> 'draft' then raise exception 'invoice % is issued and frozen', old.number using errcode = 'check_violation'; end if;
        return old;
      end if;
      if old.status = 'draft' then return new; end if;
      if (to_jsonb(new) - movable) is distinct from (to_jsonb(old) - movable)
         or new.status = 'draft'
         or (old.status = 'void' and (to_jsonb(new) - 'updated_at') is distinct from (to_jsonb(old) - 'updated_at'))
         or (old.status = 'paid' and new.status = 'void') then
        raise exception 'invoice % is issued and frozen', old.number using errcode = 'check_violation';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger invoices_frozen before update or delete on invoices for each row execute function invoices_frozen()`.execute(db)
  await sql`
    create function invoice_lines_frozen() returns trigger language plpgsql as $$
    declare iid uuid;
    begin
      if tg_op = 'DELETE' then iid := old.invoice_id; else iid := new.invoice_id; end if;
      if tg_op = 'UPDATE' and old.invoice_id <> new.invoice_id then iid := old.invoice_id; end if;
      if exists (select 1 from invoices where id = iid and status <> 'draft') then
        raise exception 'invoice % is issued and frozen', iid using errcode = 'check_violation';
      end if;
      return coalesce(new, old);
    end $$`.execute(db)
  await sql`create trigger invoice_lines_frozen before insert or update or delete on invoice_lines for each row execute function invoice_lines_frozen()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['invoice_payments', 'invoice_lines', 'invoices', 'invoice_counters']) await sql`drop table if exists ${sql.table(t)}`.execute(db)
  await sql`drop function if exists invoice_lines_frozen()`.execute(db)
  await sql`drop function if exists invoices_frozen()`.execute(db)
}
