import { type Kysely, sql } from 'kysely'

// Frozen: a roadshow agenda item's slides (ADR 033) as built on 2026-12-04,
// kept in the existing attachments table (same store, sniffing and limits)
// with a roadshow_id instead of an achievement or a deal room: a file has
// exactly one owner. No new table (NOT_PUBLIC_ROADSHOW_SLIDES is empty: the
// roadshow pages are never cached). Imports nothing from the application.

export const NOT_PUBLIC_ROADSHOW_SLIDES = [] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table attachments add column roadshow_id uuid references roadshows(id) on delete cascade`.execute(db)
  await sql`alter table attachments drop constraint attachments_one_owner`.execute(db)
  await sql`alter table attachments add constraint attachments_one_owner check (num_nonnulls(achievement_id, deal_id, roadshow_id) = 1)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from attachments where roadshow_id is not null`.execute(db)
  await sql`alter table attachments drop constraint attachments_one_owner`.execute(db)
  await sql`alter table attachments drop column roadshow_id`.execute(db)
  await sql`alter table attachments add constraint attachments_one_owner check ((achievement_id is null) <> (deal_id is null))`.execute(db)
}
