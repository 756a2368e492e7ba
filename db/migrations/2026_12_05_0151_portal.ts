import { type Kysely, sql } from 'kysely'

// Frozen: the portal (issue 12, ADR 037) as built on 2026-12-05.
// - articles: the content section city officers publish to (通知公告 'notice',
//   政策文件 'policy', 新闻动态 'news'); plain text body (paragraphs), never HTML.
//   Only 'published' ones show; 'withdrawn' ones vanish from the public pages.
// - article_files: an article's attachments, stored in the same file store as
//   achievements' files (same sniffing and limits). A table of their own rather
//   than another owner column on `attachments`, whose one-owner constraint other
//   migrations of the same day may redefine.
// - listing_views: one row per listing, visitor and day (the beacon's dedupe);
//   written on page views, so NOT_PUBLIC (it never bumps the page version).
// - favourites: a signed-in user's starred achievements and needs; private.
// - registrations stay NOT_PUBLIC (issue 11), but a registered one now shows on
//   the public 成交公示 and the home page: a registration entering, changing in
//   or leaving the 'registered' status bumps the page version.
// Imports nothing from the application.

export const NOT_PUBLIC_PORTAL = ['listing_views', 'favourites'] as const
const PUBLIC_TABLES = ['articles', 'article_files'] as const

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table articles (
      id uuid primary key default gen_random_uuid(),
      channel text not null check (channel in ('notice','policy','news')),
      title text not null check (length(title) between 1 and 200),
      body text not null default '' check (length(body) <= 50000),
      source text not null default '' check (length(source) <= 100),
      status text not null default 'draft' check (status in ('draft','published','withdrawn')),
      published_at timestamptz,
      withdrawn_reason text,
      created_by uuid not null references users(id),
      updated_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status <> 'published' or published_at is not null)
    )`.execute(db)
  await sql`create index articles_channel_idx on articles (channel, status, published_at desc)`.execute(db)

  await sql`
    create table article_files (
      id uuid primary key default gen_random_uuid(),
      article_id uuid not null references articles(id) on delete cascade,
      kind text not null check (kind in ('image','document')),
      filename text not null,
      mime text not null,
      size_bytes integer not null,
      sha256 text not null,
      storage_key text not null,
      uploaded_by uuid not null references users(id),
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index article_files_article_idx on article_files (article_id)`.execute(db)

  await sql`
    create table listing_views (
      listing_type text not null check (listing_type in ('achievement','need')),
      listing_id uuid not null,
      visitor text not null,
      day date not null,
      primary key (listing_type, listing_id, day, visitor)
    )`.execute(db)
  await sql`create index listing_views_listing_idx on listing_views (listing_type, listing_id)`.execute(db)

  await sql`
    create table favourites (
      user_id uuid not null references users(id) on delete cascade,
      listing_type text not null check (listing_type in ('achievement','need')),
      listing_id uuid not null,
      created_at timestamptz not null default now(),
      primary key (user_id, listing_type, listing_id)
    )`.execute(db)

  await sql`create constraint trigger page_version_bump_registered_ins after insert on registrations
    deferrable initially deferred for each row when (new.status = 'registered') execute function bump_page_version()`.execute(db)
  await sql`create constraint trigger page_version_bump_registered_upd after update on registrations
    deferrable initially deferred for each row when (old.status = 'registered' or new.status = 'registered') execute function bump_page_version()`.execute(db)
  await sql`create constraint trigger page_version_bump_registered_del after delete on registrations
    deferrable initially deferred for each row when (old.status = 'registered') execute function bump_page_version()`.execute(db)

  for (const name of PUBLIC_TABLES) {
    await sql`create constraint trigger page_version_bump after insert or update or delete on ${sql.table(name)}
      deferrable initially deferred for each row execute function bump_page_version()`.execute(db)
    await sql`create trigger page_version_bump_truncate after truncate on ${sql.table(name)}
      for each statement execute function bump_page_version()`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists page_version_bump_registered_ins on registrations`.execute(db)
  await sql`drop trigger if exists page_version_bump_registered_upd on registrations`.execute(db)
  await sql`drop trigger if exists page_version_bump_registered_del on registrations`.execute(db)
  for (const t of ['favourites', 'listing_views', 'article_files', 'articles']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db)
  }
}
