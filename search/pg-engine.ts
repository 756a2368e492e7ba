import type { Database } from '../db/index'
import {
  clearSearchDocuments,
  countIndexed,
  deleteSearchDocuments,
  SEARCH_SHARDS,
  searchShard,
  settleSearchIndex,
  suggestShard,
  upsertSearchDocuments,
  type FacetRow,
  type HitRow,
  type IndexRow,
  type MatchSpec,
  type SortKey,
} from '../db/repos/search-index'
import { highlight, snippet } from './highlight'
import { compileQuery } from './query'
import { cjkBigramRuns, normalise } from './segment'
import { codeVariants, quoteLexeme, tagLexeme, TsvectorBuilder, type TagKind } from './tsvector'
import type { Facets, SearchDoc, SearchEngine, SearchFilters, SearchQuery, SearchResult } from './types'

/** The embedded default: jieba words and CJK bigrams in a weighted tsvector (GIN, two shards searched side by side) plus pg_trgm; see docs/decisions/010-search-engine.md. */
export function createPostgresEngine(db: Database): SearchEngine {
  let synonyms = new Map<string, string[]>()

  function toRow(d: SearchDoc): IndexRow {
    const keywordText = d.keywords.join(' ')
    // Facet counts group by the modes array: each mode once per document.
    const modes = [...new Set(d.modes)]
    return {
      docType: d.type,
      docId: d.id,
      title: d.title,
      summary: d.summary,
      keywords: d.keywords,
      tsv: new TsvectorBuilder()
        .field(d.title, 'A')
        .field(keywordText, 'B', [...d.keywords, ...d.codes.flatMap(codeVariants)])
        .field(`${d.summary} ${d.body} ${d.orgName ?? ''}`, 'C')
        .tag('i', d.industryTop, d.industryCode)
        .tag('l', d.trl)
        .tag('d', d.divisionCode)
        .tag('p', d.priceBand)
        .tag('o', d.orgType)
        .tag('m', ...modes)
        .toString(),
      trgmText: normalise(`${d.title} ${keywordText} ${d.codes.join(' ')}`),
      industryCode: d.industryCode,
      industryTop: d.industryTop,
      trl: d.trl,
      modes,
      divisionCode: d.divisionCode,
      orgId: d.orgId,
      orgName: d.orgName,
      orgType: d.orgType,
      priceBand: d.priceBand,
      priceMinFen: d.priceMinFen,
      priceMaxFen: d.priceMaxFen,
      publishedAt: d.publishedAt,
      expiresAt: d.expiresAt,
    }
  }

  return {
    name: 'postgres',
    async init(groups) {
      await this.setSynonyms(groups)
    },
    async setSynonyms(groups) {
      const map = new Map<string, string[]>()
      for (const group of groups) {
        const terms = group.map((t) => normalise(t).trim()).filter(Boolean)
        for (const t of terms) map.set(t, [...new Set([...(map.get(t) ?? []), ...terms.filter((x) => x !== t)])])
      }
      synonyms = map
    },
    async index(docs) {
      // Segmenting the next batch (jieba, in this process) overlaps the database writing the last one.
      let writing: Promise<void> = Promise.resolve()
      for (let i = 0; i < docs.length; i += 500) {
        const rows = docs.slice(i, i + 500).map(toRow)
        await writing
        writing = upsertSearchDocuments(db, rows)
        writing.catch(() => {}) // awaited next round; not unhandled meanwhile
      }
      await writing
    },
    async remove(type, ids) {
      await deleteSearchDocuments(db, type, ids)
    },
    async clear() {
      await clearSearchDocuments(db)
    },
    count: () => countIndexed(db),
    settle: () => settleSearchIndex(db),
    async suggest(prefix, limit = 8) {
      const p = normalise(prefix).trim()
      const q = titleQuery(p)
      if (!q) return []
      const now = new Date()
      const parts = await Promise.all(SEARCH_SHARDS.map((s) => suggestShard(db, s, q, p, now, limit)))
      const rows = parts.flat().sort((a, b) => Number(b.starts) - Number(a.starts) || a.len - b.len || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0))
      return [...new Set(rows.map((r) => r.title))].slice(0, limit)
    },
    async search(query: SearchQuery): Promise<SearchResult> {
      const compiled = compileQuery(query.q ?? '', synonyms)
      const page = Math.max(1, query.page ?? 1)
      const pageSize = Math.min(100, Math.max(1, query.pageSize ?? 20))
      const sort = query.sort ?? 'relevance'
      const filter = filterQuery(query.filters ?? {})
      const types = query.types?.length ? query.types : null
      const now = query.now ?? new Date()
      // Each shard returns its first page*pageSize hits in order; merged, they hold the page exactly.
      const run = async (tsquery: string | null, fuzzy: string | null = null, exact: string | null = null) => {
        const spec: MatchSpec = { tsquery: fuzzy ? null : tsquery, exact, filter, types, substring: compiled.single, fuzzy, now }
        const parts = await Promise.all(SEARCH_SHARDS.map((s) => searchShard(db, spec, s, sort, page * pageSize, Boolean(query.facets))))
        const total = parts.reduce((n, p) => n + p.total, 0)
        return {
          total,
          hits: parts.flatMap((p) => p.hits).sort(compareHits(sort)).slice((page - 1) * pageSize, page * pageSize),
          facets: query.facets ? shapeFacets(parts.flatMap((p) => p.facets ?? []), types?.length === 1 && total ? { [types[0]!]: total } : null) : {},
        }
      }
      let relaxed = false
      // Recommendations (match: 'any') keep to the words as written; a search also finds all of a
      // run's words anywhere (compiled.broad), ranked below the listings holding the run itself.
      let result =
        query.match === 'any'
          ? await run(compiled.any ?? compiled.all)
          : compiled.broad
            ? await run(compiled.broad, null, compiled.all)
            : await run(compiled.all)
      if (!result.total && compiled.any && query.match !== 'any') {
        relaxed = true
        result = compiled.broadAny ? await run(compiled.broadAny, null, compiled.any) : await run(compiled.any)
      }
      // Near misses (a typo in a Latin word, a digit off in a patent number) only when nothing matched.
      if (!result.total && compiled.fuzzy) result = await run(null, compiled.fuzzy)
      return {
        total: result.total,
        page,
        pageSize,
        relaxed,
        facets: result.facets,
        hits: result.hits.map((r) => ({
          type: r.doc_type as SearchDoc['type'],
          id: r.doc_id,
          title: r.title,
          titleHtml: highlight(r.title, compiled.terms),
          summaryHtml: snippet(r.summary, compiled.terms),
          orgName: r.org_name,
          industryCode: r.industry_code,
          trl: r.trl,
          modes: r.modes,
          divisionCode: r.division_code,
          priceMinFen: r.price_min_fen,
          priceMaxFen: r.price_max_fen,
          publishedAt: r.pub === null ? null : new Date(Math.floor(r.pub / 1000)).toISOString(),
          score: Number(r.score),
        })),
      }
    },
  }
}

/**
 * What a title containing `text` must hold, as title-weighted (A) lexemes: each
 * Chinese run as its bigram phrase (a lone character as a prefix of the bigram
 * it starts), each Latin word or number as a prefix. Null when nothing is searchable.
 */
function titleQuery(text: string): string | null {
  const parts: string[] = []
  for (const m of text.matchAll(/[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+/g)) {
    const piece = m[0]
    if (!/[\u3400-\u9fff\uf900-\ufaff]/.test(piece)) parts.push(`${quoteLexeme(piece)}:*A`)
    else if ([...piece].length === 1) parts.push(`${quoteLexeme(piece)}:*A`)
    else parts.push(`(${(cjkBigramRuns(piece)[0] ?? []).map((b) => `${quoteLexeme(b)}:A`).join(' <-> ')})`)
  }
  return parts.length ? parts.join(' & ') : null
}

/** Filters as filter lexemes (tsvector.ts tags) every document must match; null when there are none. */
export function filterQuery(f: SearchFilters): string | null {
  const tag = (kind: TagKind, v: string | number) => quoteLexeme(tagLexeme(kind, v))
  const parts: string[] = []
  if (f.industry) parts.push(tag('i', f.industry))
  if (f.trl !== undefined && f.trl !== null) parts.push(tag('l', f.trl))
  if (f.mode) parts.push(tag('m', f.mode))
  if (f.division) parts.push(tag('d', f.division))
  if (f.priceBand) parts.push(tag('p', f.priceBand))
  if (f.orgType) parts.push(tag('o', f.orgType))
  return parts.length ? parts.join(' & ') : null
}

/** The order of searchShard's ORDER BY, to merge the shards' hits. */
function compareHits(sort: SortKey) {
  const nullsLast = (a: number | null, b: number | null, dir: 1 | -1) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : (a - b) * dir)
  const ids = (a: HitRow, b: HitRow) => (a.doc_id < b.doc_id ? -1 : a.doc_id > b.doc_id ? 1 : a.doc_type < b.doc_type ? -1 : a.doc_type > b.doc_type ? 1 : 0)
  return (a: HitRow, b: HitRow) =>
    (sort === 'newest'
      ? nullsLast(a.pub, b.pub, -1)
      : sort === 'price_asc'
        ? nullsLast(a.price_min_fen, b.price_min_fen, 1)
        : sort === 'price_desc'
          ? nullsLast(a.price_max_fen, b.price_max_fen, -1)
          : b.score - a.score || nullsLast(a.pub, b.pub, -1)) || ids(a, b)
}

function shapeFacets(rows: FacetRow[], typeCounts: Record<string, number> | null): Facets {
  const out: Required<Facets> = { type: { ...typeCounts }, industry: {}, trl: {}, mode: {}, division: {}, priceBand: {}, orgType: {} }
  const add = (facet: keyof Facets, v: string | number | null | undefined, n: number) => {
    if (v !== null && v !== undefined) out[facet][String(v)] = (out[facet][String(v)] ?? 0) + n
  }
  // grouping() has a bit set for each column NOT in the row's set: bit 6 is doc_type … bit 0 modes.
  const which = [
    ['type', 'doc_type'],
    ['industry', 'industry_top'],
    ['trl', 'trl'],
    ['division', 'division_code'],
    ['priceBand', 'price_band'],
    ['orgType', 'org_type'],
  ] as const
  for (const r of rows) {
    which.forEach(([facet, col], i) => {
      if ((r.g & (1 << (6 - i))) === 0) add(facet, r[col], r.n)
    })
    // Modes are grouped by the whole array (each distinct combination once); a mode counts every combination holding it.
    if ((r.g & 1) === 0) for (const m of r.modes ?? []) add('mode', m, r.n)
  }
  return out
}
