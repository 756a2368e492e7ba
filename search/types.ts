// The one interface every search engine implements (PostgreSQL by default,
// Meilisearch when MEILI_URL is set), and the shapes that cross it.

export type DocType = 'achievement' | 'need' | 'organisation'

/** What an engine stores for one achievement, need or organisation. */
export interface SearchDoc {
  type: DocType
  id: string
  title: string
  summary: string
  /** Longer text that is searched but not shown (benefit, problem, description). */
  body: string
  keywords: string[]
  industryCode: string | null
  industryTop: string | null
  trl: number | null
  modes: string[]
  divisionCode: string | null
  orgId: string | null
  orgName: string | null
  orgType: string | null
  priceBand: PriceBand | null
  priceMinFen: number | null
  priceMaxFen: number | null
  publishedAt: string | null
  /** After this the document leaves results (listings expire); null = never. */
  expiresAt: string | null
  /** Identifiers searched as written: patent numbers, credit codes. */
  codes: string[]
}

export type PriceBand = 'negotiable' | 'lt50' | '50to200' | '200to500' | 'gte500'
export const PRICE_BANDS: PriceBand[] = ['negotiable', 'lt50', '50to200', '200to500', 'gte500']

export interface SearchFilters {
  industry?: string
  trl?: number
  mode?: string
  division?: string
  priceBand?: PriceBand
  orgType?: string
}

export type SortOrder = 'relevance' | 'newest' | 'price_asc' | 'price_desc'

export interface SearchQuery {
  q: string
  types?: DocType[]
  filters?: SearchFilters
  sort?: SortOrder
  page?: number
  pageSize?: number
  /** Facet counts are computed when true. */
  facets?: boolean
  /** 'all' (default): every word must match, relaxed to any when nothing does; 'any': any word (recall for recommendations). */
  match?: 'all' | 'any'
  /** Look up documents as of this time (tests); default now. */
  now?: Date
}

export type FacetName = 'type' | 'industry' | 'trl' | 'mode' | 'division' | 'priceBand' | 'orgType'
export type Facets = Partial<Record<FacetName, Record<string, number>>>

export interface SearchHit {
  type: DocType
  id: string
  title: string
  /** Title and summary with matches wrapped in <mark>…</mark>; everything else HTML-escaped. */
  titleHtml: string
  summaryHtml: string
  orgName: string | null
  industryCode: string | null
  trl: number | null
  modes: string[]
  divisionCode: string | null
  priceMinFen: number | null
  priceMaxFen: number | null
  publishedAt: string | null
  score: number
}

export interface SearchResult {
  total: number
  hits: SearchHit[]
  facets: Facets
  page: number
  pageSize: number
  /** The engine widened the query (all words → any word) because nothing matched all. */
  relaxed: boolean
}

export interface SearchEngine {
  readonly name: 'postgres' | 'meilisearch'
  /** Creates indexes and applies settings (synonyms, attributes); idempotent. */
  init(synonyms: string[][]): Promise<void>
  index(docs: SearchDoc[]): Promise<void>
  remove(type: DocType, ids: string[]): Promise<void>
  search(query: SearchQuery): Promise<SearchResult>
  /** Completions for a prefix, for results-as-you-type. */
  suggest(prefix: string, limit?: number): Promise<string[]>
  /** Removes every document (reindex). */
  clear(): Promise<void>
  setSynonyms(groups: string[][]): Promise<void>
  /** How many documents the engine holds (0 on a fresh install: a reindex is due). */
  count(): Promise<number>
  /** After a full reindex: lets the engine reorder and compact what it holds and refresh its statistics. */
  settle?(): Promise<void>
}

export function priceBandOf(kind: string | null, minFen: number | null): PriceBand | null {
  if (!kind) return null
  if (kind === 'negotiable' || minFen === null) return 'negotiable'
  const wan = minFen / 1_000_000
  if (wan < 50) return 'lt50'
  if (wan < 200) return '50to200'
  if (wan < 500) return '200to500'
  return 'gte500'
}
