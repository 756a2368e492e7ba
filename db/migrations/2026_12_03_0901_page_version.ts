import { sql, type Kysely } from 'kysely'

// Frozen. One number that changes whenever a transaction that could change a
// public page commits (ADR 020): the anonymous page cache keeps a page only while
// this number is the one it read before rendering it. A deferred constraint
// trigger on every table bumps it once per transaction, at commit, so the new
// number becomes visible together with the data (never before it), and the
// one-row lock is taken last, when nothing else is waited for (no deadlock).
// Tables whose writes never show on a public page are left out (NOT_PUBLIC);
// tests/integration/page-cache.test.ts fails for a table that is in neither set.
// Imports nothing from the application.

export const NOT_PUBLIC = [
  'sessions',
  'login_failures',
  'account_mail_requests',
  'signup_requests',
  'password_resets',
  'mailbox',
  'outbox',
  'audit_log',
  'import_jobs',
  'page_version',
] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table page_version (id boolean primary key default true check (id), version bigint not null)`.execute(db)
  await sql`insert into page_version (id, version) values (true, 1)`.execute(db)
  await sql`
    create function bump_page_version() returns trigger language plpgsql as $$
    begin
      if current_setting('techmarket.page_version_bumped', true) is distinct from '1' then
        perform set_config('techmarket.page_version_bumped', '1', true);
        update page_version set version = version + 1;
      end if;
      return null;
    end $$`.execute(db)
  const { rows } = await sql<{ name: string }>`
    select tablename as name from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(db)
  for (const { name } of rows) {
    if ((NOT_PUBLIC as readonly string[]).includes(name)) continue
    await sql`create constraint trigger page_version_bump after insert or update or delete on ${sql.table(name)}
      deferrable initially deferred for each row execute function bump_page_version()`.execute(db)
    // TRUNCATE fires no row triggers; the bump is transactional all the same (seen at commit).
    await sql`create trigger page_version_bump_truncate after truncate on ${sql.table(name)}
      for each statement execute function bump_page_version()`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname = 'page_version_bump'`.execute(db)
  for (const { name } of rows) {
    await sql`drop trigger page_version_bump on ${sql.table(name)}`.execute(db)
    await sql`drop trigger if exists page_version_bump_truncate on ${sql.table(name)}`.execute(db)
  }
  await sql`drop function if exists bump_page_version()`.execute(db)
  await sql`drop table if exists page_version`.execute(db)
}
