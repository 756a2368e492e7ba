import { type Kysely, sql } from 'kysely'

// Frozen: the notification centre's preferences and daily digest (ADR 024).
// - notifications.category: the group a notification belongs to (messages &
//   offers, deals, listings & reviews, requests & interests, matches, notices),
//   set by notify() from its kind; the page filters by it and preferences apply per it.
// - notification_preferences: one row per person and category they changed from
//   the default: mail 'immediate' | 'daily' | 'off'.
// - notification_digest_runs: one row per day the digest went out, so with
//   several processes only the one that inserts the day's row sends it.
// None of these shows on a public page: no page_version trigger (ADR 020).
// Imports nothing from the application.

export const NOT_PUBLIC_NOTIFY = ['notification_preferences', 'notification_digest_runs'] as const

const CATEGORIES = sql`('messages','deals','listings','requests','matches','notices')`

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table notifications add column category text not null default 'deals' check (category in ${CATEGORIES})`.execute(db)
  await sql`create index notifications_user_category_idx on notifications (user_id, category, id desc)`.execute(db)
  // The digest's question: unread rows nobody mailed yet.
  await sql`create index notifications_unmailed_idx on notifications (user_id) where read_at is null and mailed_at is null`.execute(db)
  await sql`
    create table notification_preferences (
      user_id uuid not null references users(id) on delete cascade,
      category text not null check (category in ${CATEGORIES}),
      mail text not null check (mail in ('immediate','daily','off')),
      updated_at timestamptz not null default now(),
      primary key (user_id, category)
    )`.execute(db)
  await sql`create table notification_digest_runs (day date primary key, ran_at timestamptz not null default now())`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists notification_digest_runs`.execute(db)
  await sql`drop table if exists notification_preferences`.execute(db)
  await sql`drop index if exists notifications_unmailed_idx`.execute(db)
  await sql`drop index if exists notifications_user_category_idx`.execute(db)
  await sql`alter table notifications drop column if exists category`.execute(db)
}
