import { type Kysely, sql } from 'kysely'

// Frozen: what training events (政策培训 / 科技大讲堂) and the public directory of
// agencies and technology managers need beyond the foundation (issue 12, ADR 037).
// - training_materials: files of an event (slides, handouts); the bytes live in
//   the file store, the list shows on the public event page (bumps the page version).
// - training_registrations.waitlisted_at: set while a registration waits for a
//   seat (the event was full); the first cancellation promotes the oldest one.
// - training_events.cancel_reason: why an organiser cancelled.
// - manager_profiles.level: 初级/中级/高级 per the national capability standard
//   (技术经理人能力评价规范), and industry_codes: the manager's fields.
// Imports nothing from the application.

const PUBLIC_TABLES = ['training_materials'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table training_materials (
      id uuid primary key default gen_random_uuid(),
      training_id uuid not null references training_events(id) on delete cascade,
      kind text not null check (kind in ('image','document')),
      filename text not null check (length(filename) between 1 and 255),
      mime text not null,
      size_bytes int not null check (size_bytes > 0),
      sha256 text not null,
      storage_key text not null unique,
      uploaded_by uuid not null references users(id),
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index training_materials_training_idx on training_materials (training_id, created_at)`.execute(db)
  await sql`alter table training_registrations add column waitlisted_at timestamptz`.execute(db)
  await sql`alter table training_registrations add check (checked_in_at is null or waitlisted_at is null)`.execute(db)
  await sql`alter table training_events add column cancel_reason text`.execute(db)
  await sql`create index training_events_division_idx on training_events (division_code, starts_at)`.execute(db)
  await sql`alter table manager_profiles add column level text check (level in ('junior','intermediate','senior'))`.execute(db)
  await sql`alter table manager_profiles add column industry_codes text[] not null default '{}'`.execute(db)
  for (const name of PUBLIC_TABLES) {
    await sql`create constraint trigger page_version_bump after insert or update or delete on ${sql.table(name)}
      deferrable initially deferred for each row execute function bump_page_version()`.execute(db)
    await sql`create trigger page_version_bump_truncate after truncate on ${sql.table(name)}
      for each statement execute function bump_page_version()`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table manager_profiles drop column if exists industry_codes`.execute(db)
  await sql`alter table manager_profiles drop column if exists level`.execute(db)
  await sql`drop index if exists training_events_division_idx`.execute(db)
  await sql`alter table training_events drop column if exists cancel_reason`.execute(db)
  await sql`alter table training_registrations drop column if exists waitlisted_at`.execute(db)
  await sql`drop table if exists training_materials`.execute(db)
}
