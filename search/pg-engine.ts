import type { Database } from '../db/index'
import {
  clearSearchDocuments,
  countIndexed,
  deleteSearchDocuments,
  facetCounts,
  searchDocuments,
  suggestTitles,
  upsertSearchDocuments,
  type IndexRow,
  type MatchSpec,
} from '../db/repos/search-index'
import { highlight, snippet } from './highlight'
import { compileQuery } from './query'
import { normalise } from './segment'
import { codeVariants, TsvectorBuilder } from './tsvector'
import type { Facets, SearchDoc, SearchEngine, SearchQuery, SearchResult } from './types'

/** The embedded default: jieba tokens in a weighted tsvector (GIN) plus pg_trgm. */
export function createPostgresEngine(db: Database): SearchEngine {
  let synonyms = new Map<string, string[]>()

  function toRow(d: SearchDoc): IndexRow {
    const keywordText = d.keywords.join(' ')
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
        .toString(),
      trgmText: normalise(`${d.title} ${keywordText} ${d.codes.join(' ')}`),
      industryCode: d.industryCode,
      industryTop: d.industryTop,
      trl: d.trl,
      modes: d.modes,
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
      for (let i = 0; i < docs.length; i += 500) await upsertSearchDocuments(db, docs.slice(i, i + 500).map(toRow))
    },
    async remove(type, ids) {
      await deleteSearchDocuments(db, type, ids)
    },
    async clear() {
      await clearSearchDocuments(db)
    },
    count: () => countIndexed(db),
    async suggest(prefix, limit = 8) {
      const p = normalise(prefix).trim()
      if (!p) return []
      return suggestTitles(db, p, new Date(), limit)
    },
    async search(query: SearchQuery): Promise<SearchResult> {
      const compiled = compileQuery(query.q ?? '', synonyms)
      const page = Math.max(1, query.page ?? 1)
      const pageSize = Math.min(100, Math.max(1, query.pageSize ?? 20))
      const f = query.filters ?? {}
      const base: Omit<MatchSpec, 'tsquery' | 'fuzzy'> = {
        substring: compiled.single,
        types: query.types?.length ? query.types : null,
        industry: f.industry ?? null,
        trl: f.trl ?? null,
        mode: f.mode ?? null,
        division: f.division ?? null,
        priceBand: f.priceBand ?? null,
        orgType: f.orgType ?? null,
        now: query.now ?? new Date(),
      }
      const run = async (tsquery: string | null, fuzzy: string | null = null) => {
        const spec = { ...base, tsquery: fuzzy ? null : tsquery, fuzzy }
        // With facets, the total is their sum by type, so the page query need not count every match.
        const [rows, facets] = await Promise.all([
          searchDocuments(db, spec, query.sort ?? 'relevance', pageSize, (page - 1) * pageSize, !query.facets),
          query.facets ? facetCounts(db, spec) : null,
        ])
        const total = facets ? facets.grouped.filter((g) => g.doc_type !== null && (g.g & 32) === 0).reduce((s, g) => s + g.n, 0) : (rows[0]?.total ?? 0)
        return { rows, facets, total }
      }
      let relaxed = false
      let result = await run(query.match === 'any' ? (compiled.any ?? compiled.all) : compiled.all)
      if (!result.rows.length && compiled.any && query.match !== 'any') {
        relaxed = true
        result = await run(compiled.any)
      }
      // Near misses (a typo in a Latin word, a digit off in a patent number) only when nothing matched.
      if (!result.rows.length && compiled.fuzzy) result = await run(null, compiled.fuzzy)
      const { rows, facets, total } = result
      return {
        total,
        page,
        pageSize,
        relaxed,
        facets: facets ? shapeFacets(facets) : {},
        hits: rows.map((r) => ({
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
          publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
          score: Number(r.score),
        })),
      }
    },
  }
}

function shapeFacets(f: Awaited<ReturnType<typeof facetCounts>>): Facets {
  const out: Required<Facets> = { type: {}, industry: {}, trl: {}, mode: {}, division: {}, priceBand: {}, orgType: {} }
  for (const r of f.grouped) {
    // grouping() has a bit set for each column NOT in the row's set; bit 5 is doc_type … bit 0 org_type.
    const which = [
      ['type', 'doc_type'],
      ['industry', 'industry_top'],
      ['trl', 'trl'],
      ['division', 'division_code'],
      ['priceBand', 'price_band'],
      ['orgType', 'org_type'],
    ] as const
    which.forEach(([facet, col], i) => {
      const bit = 1 << (5 - i)
      if ((r.g & bit) === 0) {
        const v = r[col]
        if (v !== null && v !== undefined) out[facet][String(v)] = r.n
      }
    })
  }
  for (const m of f.modes) out.mode[m.mode] = m.n
  return out
}
