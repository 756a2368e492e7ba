import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../index'

// SQL of the PostgreSQL search engine (search/pg-engine.ts composes it).
// Documents carry pre-segmented tokens: the database never parses Chinese.

export interface IndexRow {
  docType: string
  docId: string
  title: string
  summary: string
  keywords: string[]
  /** A tsvector literal built by search/tsvector.ts. */
  tsv: string
  trgmText: string
  industryCode: string | null
  industryTop: string | null
  trl: number | null
  modes: string[]
  divisionCode: string | null
  orgId: string | null
  orgName: string | null
  orgType: string | null
  priceBand: string | null
  priceMinFen: number | null
  priceMaxFen: number | null
  publishedAt: string | null
  expiresAt: string | null
}

/** Upserts documents in one statement: title weighs A, keywords B, the rest C. */
export async function upsertSearchDocuments(db: Executor, rows: IndexRow[]) {
  if (!rows.length) return
  const json = JSON.stringify(rows)
  await sql`
    insert into search_documents as d (doc_type, doc_id, title, summary, keywords, tsv, trgm_text, industry_code, industry_top,
      trl, modes, division_code, org_id, org_name, org_type, price_band, price_min_fen, price_max_fen, published_at, expires_at, indexed_at)
    select r."docType", r."docId"::uuid, r.title, r.summary, r.keywords,
      r.tsv::tsvector,
      r."trgmText", r."industryCode", r."industryTop", r.trl, r.modes, r."divisionCode", r."orgId"::uuid, r."orgName", r."orgType",
      r."priceBand", r."priceMinFen", r."priceMaxFen", r."publishedAt"::timestamptz, r."expiresAt"::timestamptz, now()
    from jsonb_to_recordset(${json}::jsonb) as r("docType" text, "docId" text, title text, summary text, keywords text[],
      tsv text, "trgmText" text, "industryCode" text, "industryTop" text,
      trl int, modes text[], "divisionCode" text, "orgId" text, "orgName" text, "orgType" text, "priceBand" text,
      "priceMinFen" bigint, "priceMaxFen" bigint, "publishedAt" text, "expiresAt" text)
    on conflict (doc_type, doc_id) do update set
      title = excluded.title, summary = excluded.summary, keywords = excluded.keywords, tsv = excluded.tsv,
      trgm_text = excluded.trgm_text, industry_code = excluded.industry_code, industry_top = excluded.industry_top,
      trl = excluded.trl, modes = excluded.modes, division_code = excluded.division_code, org_id = excluded.org_id,
      org_name = excluded.org_name, org_type = excluded.org_type, price_band = excluded.price_band,
      price_min_fen = excluded.price_min_fen, price_max_fen = excluded.price_max_fen, published_at = excluded.published_at,
      expires_at = excluded.expires_at, indexed_at = now()`.execute(db)
}

export async function deleteSearchDocuments(db: Executor, docType: string, ids: string[]) {
  if (!ids.length) return
  await db.deleteFrom('search_documents' as any).where('doc_type', '=', docType).where('doc_id', 'in', ids).execute()
}

export async function clearSearchDocuments(db: Executor) {
  await sql`truncate search_documents`.execute(db)
}

export interface MatchSpec {
  /** A tsquery in tsquery syntax with quoted lexemes, or null for "everything". */
  tsquery: string | null
  /** A lone Chinese character (bigrams cannot find one): matched as a title/keyword substring. */
  substring: string | null
  /** A Latin/number term for near-miss matching (pg_trgm word similarity), or null. */
  fuzzy: string | null
  types: string[] | null
  industry: string | null
  trl: number | null
  mode: string | null
  division: string | null
  priceBand: string | null
  orgType: string | null
  now: Date
}

function whereClause(m: MatchSpec): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`(d.expires_at is null or d.expires_at > ${m.now})`]
  const text: RawBuilder<unknown>[] = []
  if (m.tsquery) text.push(sql`d.tsv @@ ${m.tsquery}::tsquery`)
  if (m.substring) text.push(sql`d.trgm_text like ${'%' + m.substring + '%'}`)
  if (m.fuzzy) text.push(sql`${m.fuzzy} <% d.trgm_text`)
  if (text.length) parts.push(sql`(${sql.join(text, sql` or `)})`)
  if (m.types) parts.push(sql`d.doc_type = any(${m.types}::text[])`)
  if (m.industry) parts.push(sql`(d.industry_code = ${m.industry} or d.industry_top = ${m.industry})`)
  if (m.trl !== null) parts.push(sql`d.trl = ${m.trl}`)
  if (m.mode) parts.push(sql`${m.mode} = any(d.modes)`)
  if (m.division) parts.push(sql`d.division_code = ${m.division}`)
  if (m.priceBand) parts.push(sql`d.price_band = ${m.priceBand}`)
  if (m.orgType) parts.push(sql`d.org_type = ${m.orgType}`)
  return sql.join(parts, sql` and `)
}

function rankExpr(m: MatchSpec): RawBuilder<number> {
  const terms: RawBuilder<unknown>[] = []
  if (m.tsquery) terms.push(sql`ts_rank(d.tsv, ${m.tsquery}::tsquery, 1)`)
  if (m.substring) terms.push(sql`(case when d.title like ${'%' + m.substring + '%'} then 0.5 else 0 end)`)
  if (m.fuzzy) terms.push(sql`word_similarity(${m.fuzzy}, d.trgm_text) * 0.3`)
  return terms.length ? sql<number>`(${sql.join(terms, sql` + `)})` : sql<number>`0`
}

export type SortKey = 'relevance' | 'newest' | 'price_asc' | 'price_desc'

export async function searchDocuments(db: Executor, m: MatchSpec, sort: SortKey, limit: number, offset: number, withTotal = true) {
  const order =
    sort === 'newest'
      ? sql`d.published_at desc nulls last, d.doc_id`
      : sort === 'price_asc'
        ? sql`d.price_min_fen asc nulls last, d.doc_id`
        : sort === 'price_desc'
          ? sql`d.price_max_fen desc nulls last, d.doc_id`
          : sql`score desc, d.published_at desc nulls last, d.doc_id`
  const result = await sql<{
    doc_type: string
    doc_id: string
    title: string
    summary: string
    org_name: string | null
    industry_code: string | null
    trl: number | null
    modes: string[]
    division_code: string | null
    price_min_fen: number | null
    price_max_fen: number | null
    published_at: Date | null
    score: number
    total: number
  }>`
    select d.doc_type, d.doc_id, d.title, d.summary, d.org_name, d.industry_code, d.trl, d.modes, d.division_code,
      d.price_min_fen, d.price_max_fen, d.published_at, ${rankExpr(m)} as score,
      ${withTotal ? sql`count(*) over ()::int` : sql`0`} as total
    from search_documents d
    where ${whereClause(m)}
    order by ${order}
    limit ${limit} offset ${offset}`.execute(db)
  return result.rows
}

export async function countDocuments(db: Executor, m: MatchSpec) {
  const r = await sql<{ n: number }>`select count(*)::int as n from search_documents d where ${whereClause(m)}`.execute(db)
  return r.rows[0]?.n ?? 0
}

/** Facet counts over the matching documents, in one pass (GROUPING SETS) plus one for modes. */
export async function facetCounts(db: Executor, m: MatchSpec) {
  const grouped = await sql<{ doc_type: string | null; industry_top: string | null; trl: number | null; division_code: string | null; price_band: string | null; org_type: string | null; g: number; n: number }>`
    select doc_type, industry_top, trl, division_code, price_band, org_type,
      grouping(doc_type, industry_top, trl, division_code, price_band, org_type)::int as g, count(*)::int as n
    from search_documents d
    where ${whereClause(m)}
    group by grouping sets ((doc_type), (industry_top), (trl), (division_code), (price_band), (org_type))`.execute(db)
  const modes = await sql<{ mode: string; n: number }>`
    select mode, count(*)::int as n from search_documents d, unnest(d.modes) as mode where ${whereClause(m)} group by mode`.execute(db)
  return { grouped: grouped.rows, modes: modes.rows }
}

export async function suggestTitles(db: Executor, prefix: string, now: Date, limit: number) {
  const like = prefix.replace(/[%_\\]/g, '\\$&') + '%'
  const contains = '%' + prefix.replace(/[%_\\]/g, '\\$&') + '%'
  const r = await sql<{ title: string }>`
    select title from search_documents d
    where (d.expires_at is null or d.expires_at > ${now}) and (d.title ilike ${like} or d.title ilike ${contains})
    order by (d.title ilike ${like}) desc, length(d.title), d.title
    limit ${limit}`.execute(db)
  return r.rows.map((x) => x.title)
}

export async function countIndexed(db: Executor) {
  const r = await sql<{ n: number }>`select count(*)::int as n from search_documents`.execute(db)
  return r.rows[0]?.n ?? 0
}
