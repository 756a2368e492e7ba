import { type Kysely, sql } from 'kysely'

// Frozen: the deal rooms' conversation as built on 2026-12-04 — read receipts
// (one row per member and room: the last message they have seen) and files
// attached to a room's messages, kept in the existing attachments table (same
// store, sniffing and limits) with a deal_id instead of an achievement_id.
// Nothing here shows on a public page (ADR 020): NOT_PUBLIC_DEAL_ROOMS lists
// the new table for the page-cache test. Imports nothing from the application.

export const NOT_PUBLIC_DEAL_ROOMS = ['deal_reads'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table deal_reads (
      deal_id uuid not null references deals(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      last_message_id bigint not null,
      read_at timestamptz not null default now(),
      primary key (deal_id, user_id)
    )`.execute(db)

  // A file belongs to an achievement or to a deal room's message, never both.
  await sql`alter table attachments add column deal_id uuid references deals(id) on delete cascade`.execute(db)
  await sql`alter table attachments add column deal_message_id bigint references deal_messages(id) on delete cascade`.execute(db)
  await sql`alter table attachments add constraint attachments_one_owner check ((achievement_id is null) <> (deal_id is null))`.execute(db)
  await sql`alter table attachments add constraint attachments_deal_message check ((deal_id is null) = (deal_message_id is null))`.execute(db)
  await sql`create index attachments_deal_message_idx on attachments (deal_message_id) where deal_message_id is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists attachments_deal_message_idx`.execute(db)
  await sql`alter table attachments drop constraint if exists attachments_deal_message`.execute(db)
  await sql`alter table attachments drop constraint if exists attachments_one_owner`.execute(db)
  await sql`alter table attachments drop column if exists deal_message_id`.execute(db)
  await sql`alter table attachments drop column if exists deal_id`.execute(db)
  await sql`drop table if exists deal_reads`.execute(db)
}
