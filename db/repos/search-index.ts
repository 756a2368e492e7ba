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

/**
 * The halves of the index (migration 0011): documents are split by id, each
 * half has its own partial GIN and trigram indexes, and a search runs one
 * statement per half side by side (search/pg-engine.ts merges them). Every
 * statement names its shard as a literal so the planner can use those indexes.
 */
export const SEARCH_SHARDS = [0, 1] as const

export interface MatchSpec {
  /** The words as a tsquery with quoted lexemes, or null for "everything". */
  tsquery: string | null
  /**
   * When `tsquery` is the broad form (all words anywhere, search/query.ts): the
   * query as written. Listings matching it rank above the others, or null.
   */
  exact?: string | null
  /** Filter lexemes (facets) as a tsquery every document must also match, or null. */
  filter: string | null
  /** Only these document types (a column test: most documents are of one type, so a lexeme would cost more than it saves). */
  types: string[] | null
  /** A lone Chinese character (bigrams cannot find one): matched as a title/keyword substring. */
  substring: string | null
  /** A Latin/number term for near-miss matching (pg_trgm word similarity), or null. */
  fuzzy: string | null
  now: Date
}

function whereClause(m: MatchSpec, shard: number): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`d.shard = ${sql.lit(shard)}`, sql`(d.expires_at is null or d.expires_at > ${m.now})`]
  // Words and filters in one tsquery: one GIN scan finds the documents matching both.
  const q = [m.tsquery, m.filter].filter((x): x is string => Boolean(x))
  if (q.length) parts.push(sql`d.tsv @@ ${q.length === 1 ? q[0] : q.map((x) => `(${x})`).join(' & ')}::tsquery`)
  if (m.substring) parts.push(sql`d.trgm_text like ${'%' + m.substring.replace(/[%_\\]/g, '\\$&') + '%'}`)
  if (m.fuzzy) parts.push(sql`${m.fuzzy} <% d.trgm_text`)
  if (m.types) parts.push(m.types.length === 1 ? sql`d.doc_type = ${m.types[0]}` : sql`d.doc_type = any(${m.types}::text[])`)
  return sql.join(parts, sql` and `)
}

function rankExpr(m: MatchSpec): RawBuilder<number> {
  const terms: RawBuilder<unknown>[] = []
  if (m.tsquery) terms.push(sql`ts_rank(d.tsv, ${m.tsquery}::tsquery, 1)`)
  // ts_rank (normalised by length) stays well below 1: the query as written always comes first.
  if (m.tsquery && m.exact) terms.push(sql`(case when d.tsv @@ ${m.exact}::tsquery then 1000 else 0 end)`)
  if (m.substring) terms.push(sql`(case when d.title like ${'%' + m.substring + '%'} then 0.5 else 0 end)`)
  if (m.fuzzy) terms.push(sql`word_similarity(${m.fuzzy}, d.trgm_text) * 0.3`)
  return terms.length ? sql<number>`(${sql.join(terms, sql` + `)})::float8` : sql<number>`0::float8`
}

export type SortKey = 'relevance' | 'newest' | 'price_asc' | 'price_desc'

export interface HitRow {
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
  /** published_at in microseconds since 1970 (exact, for merging shards in order). */
  pub: number | null
  score: number
}

export interface FacetRow {
  doc_type: string | null
  industry_top: string | null
  trl: number | null
  division_code: string | null
  price_band: string | null
  org_type: string | null
  modes: string[] | null
  /** grouping(): a bit set for each column NOT in the row's set; bit 6 is doc_type … bit 0 modes (no doc_type set when one type was asked for). */
  g: number
  n: number
}

export interface ShardResult {
  total: number
  hits: HitRow[]
  facets: FacetRow[] | null
}

/**
 * One shard's part of a search, in one statement: the matching documents are
 * read once (one GIN scan, one pass over their rows) into `m`; the page, the
 * total and the facet counts all come from `m`. The first `limit` hits in
 * `sort` order are returned (the caller merges shards and cuts the page).
 * Relevance (ts_rank) is computed for every match only when sorting by it.
 */
export async function searchShard(db: Executor, m: MatchSpec, shard: number, sort: SortKey, limit: number, withFacets: boolean): Promise<ShardResult> {
  const rank = rankExpr(m)
  const order =
    sort === 'newest'
      ? sql`published_at desc nulls last, doc_id, doc_type`
      : sort === 'price_asc'
        ? sql`price_min_fen asc nulls last, doc_id, doc_type`
        : sort === 'price_desc'
          ? sql`price_max_fen desc nulls last, doc_id, doc_type`
          : sql`score desc, published_at desc nulls last, doc_id, doc_type`
  const facetColumns = withFacets ? sql`, d.industry_top, d.trl, d.division_code, d.price_band, d.org_type, d.modes` : sql``
  // With one type asked for, its count is the total: no grouping set for it (and bit 6 always set).
  const oneType = m.types?.length === 1
  const facets = withFacets
    ? sql`(select coalesce(json_agg(f), '[]'::json) from (
        select ${oneType ? sql`null::text` : sql`doc_type`} as doc_type, industry_top, trl, division_code, price_band, org_type, modes,
          ${oneType ? sql`64 | grouping(industry_top, trl, division_code, price_band, org_type, modes)` : sql`grouping(doc_type, industry_top, trl, division_code, price_band, org_type, modes)`}::int as g,
          count(*)::int as n
        from m group by grouping sets (${oneType ? sql`` : sql`(doc_type), `}(industry_top), (trl), (division_code), (price_band), (org_type), (modes))) f)`
    : sql`null::json`
  const result = await sql<{ total: number; hits: HitRow[]; facets: FacetRow[] | null }>`
    with m as materialized (
      select d.doc_type, d.doc_id, ${sort === 'relevance' ? rank : sql`0::float8`} as score,
        d.published_at, d.price_min_fen, d.price_max_fen ${facetColumns}
      from search_documents d
      where ${whereClause(m, shard)}
    ), page as (
      select doc_type, doc_id from m order by ${order} limit ${limit}
    )
    select (select count(*) from m)::int as total,
      (select coalesce(json_agg(json_build_object(
          'doc_type', d.doc_type, 'doc_id', d.doc_id, 'title', d.title, 'summary', d.summary, 'org_name', d.org_name,
          'industry_code', d.industry_code, 'trl', d.trl, 'modes', d.modes, 'division_code', d.division_code,
          'price_min_fen', d.price_min_fen, 'price_max_fen', d.price_max_fen,
          'pub', (extract(epoch from d.published_at) * 1000000)::bigint, 'score', ${rank})), '[]'::json)
        from page p join search_documents d on d.doc_type = p.doc_type and d.doc_id = p.doc_id) as hits,
      ${facets} as facets`.execute(db)
  return result.rows[0]!
}

/**
 * Title completions for what is being typed, from one shard: `titleQuery` (a
 * tsquery on title lexemes, see search/pg-engine.ts) narrows through the GIN
 * index, the ILIKE keeps titles that really contain the text; titles starting
 * with it first, then shorter ones. Each title once.
 */
export async function suggestShard(db: Executor, shard: number, titleQuery: string, text: string, now: Date, limit: number) {
  const esc = text.replace(/[%_\\]/g, '\\$&')
  const r = await sql<{ title: string; starts: boolean; len: number }>`
    select d.title, bool_or(d.title ilike ${esc + '%'}) as starts, length(d.title) as len
    from search_documents d
    where d.shard = ${sql.lit(shard)} and (d.expires_at is null or d.expires_at > ${now})
      and d.tsv @@ ${titleQuery}::tsquery and d.title ilike ${'%' + esc + '%'}
    group by d.title
    order by starts desc, len, d.title
    limit ${limit}`.execute(db)
  return r.rows
}

/**
 * After a full reindex (not inside a transaction; searches wait a few seconds):
 * CLUSTER rewrites the rows in (shard, type, industry, TRL) order (migration 0011),
 * so the rows one search reads share pages, and rebuilds the indexes, which
 * leaves no GIN pending list (with fastupdate, new entries wait in a list every
 * search reads in full); VACUUM marks the rows visible once, instead of the
 * first searches and a later autovacuum; ANALYZE refreshes the statistics the
 * planner uses, lexeme frequencies included.
 */
export async function settleSearchIndex(db: Executor) {
  await sql`cluster search_documents`.execute(db)
  await sql`vacuum (analyze) search_documents`.execute(db)
}

export async function countIndexed(db: Executor) {
  const r = await sql<{ n: number }>`select count(*)::int as n from search_documents`.execute(db)
  return r.rows[0]?.n ?? 0
}
