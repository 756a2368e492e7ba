import { sql } from 'kysely'
import type { Executor } from '../index'

// Bulk loading for benchmarks: thousands of published listings per statement.

export interface BulkListing {
  orgId: string
  createdBy: string
  title: string
  summary: string
  benefit: string
  keywords: string[]
  industryCode: string
  trl: number
  modes: string[]
  priceMinFen: number | null
  priceMaxFen: number | null
  division: string
  publishedAt: string
  expiresAt: string
}

export async function bulkInsertAchievements(db: Executor, rows: BulkListing[]) {
  await sql`
    insert into achievements (org_id, created_by, title, summary, details, industry_code, trl, transaction_modes, price_kind,
      price_min_fen, price_max_fen, benefit, keywords, status, published_at, expires_at)
    select r."orgId"::uuid, r."createdBy"::uuid, r.title, r.summary, '', r."industryCode", r.trl, r.modes,
      case when r."priceMinFen" is null then 'negotiable' when r."priceMaxFen" > r."priceMinFen" then 'range' else 'amount' end,
      r."priceMinFen", case when r."priceMinFen" is null then null else greatest(r."priceMaxFen", r."priceMinFen") end,
      r.benefit, r.keywords, 'published', r."publishedAt"::timestamptz, r."expiresAt"::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("orgId" text, "createdBy" text, title text, summary text, benefit text,
      keywords text[], "industryCode" text, trl int, modes text[], "priceMinFen" bigint, "priceMaxFen" bigint, division text,
      "publishedAt" text, "expiresAt" text)`.execute(db)
}

export async function bulkInsertNeeds(db: Executor, rows: BulkListing[]) {
  await sql`
    insert into needs (org_id, created_by, title, problem, desired_outcome, industry_code, budget_kind, budget_min_fen, budget_max_fen,
      preferred_modes, division_code, keywords, status, published_at, expires_at)
    select r."orgId"::uuid, r."createdBy"::uuid, r.title, r.summary, r.benefit, r."industryCode",
      case when r."priceMinFen" is null then 'negotiable' else 'range' end,
      r."priceMinFen", case when r."priceMinFen" is null then null else greatest(r."priceMaxFen", r."priceMinFen") end,
      r.modes, r.division, r.keywords, 'published', r."publishedAt"::timestamptz, r."expiresAt"::timestamptz
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("orgId" text, "createdBy" text, title text, summary text, benefit text,
      keywords text[], "industryCode" text, trl int, modes text[], "priceMinFen" bigint, "priceMaxFen" bigint, division text,
      "publishedAt" text, "expiresAt" text)`.execute(db)
}

/** The naive baseline the benchmark compares with: ILIKE over titles and summaries. */
export async function naiveIlikeSearch(db: Executor, term: string, filters: { industryTop?: string; trl?: number }, sort: 'newest' | 'price', limit = 20) {
  const like = `%${term}%`
  const r = await sql<{ id: string; title: string; total: number }>`
    select a.id, a.title, count(*) over ()::int as total
    from achievements a join industries i on i.code = a.industry_code
    where a.status = 'published' and a.expires_at > now() and (a.title ilike ${like} or a.summary ilike ${like} or a.benefit ilike ${like})
      ${filters.industryTop ? sql`and coalesce(i.parent_code, i.code) = ${filters.industryTop}` : sql``}
      ${filters.trl ? sql`and a.trl = ${filters.trl}` : sql``}
    order by ${sort === 'price' ? sql`a.price_min_fen asc nulls last` : sql`a.published_at desc`}
    limit ${limit}`.execute(db)
  return r.rows
}

export async function groundTruthIds(db: Executor, substring: string) {
  const like = `%${substring}%`
  const r = await sql<{ id: string }>`
    select id from achievements where status = 'published' and expires_at > now() and (title ilike ${like} or summary ilike ${like})`.execute(db)
  return r.rows.map((x) => x.id)
}

/** After a bulk load: statistics, and the fresh rows marked visible now rather than by an autovacuum during the measurements. */
export async function analyze(db: Executor) {
  await sql`vacuum analyze`.execute(db)
}
