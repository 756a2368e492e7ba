import type { Database } from '../../db/index'
import { listSynonyms } from '../../db/repos/search-docs'
import type { DocType, Facets, SearchEngine, SearchFilters, SearchHit } from '../../search/types'
import { FILTER_KEYS, type FilterKey, type SearchQueryInput } from './search-schemas'
import { referenceDivisions, referenceIndustries } from '../platform/reference'

// Search as people use it: the /search page (tabs by type with counts, facets,
// and, when nothing is found, ways out: related terms from the synonym list
// and the same search with one filter fewer) and the JSON API. Everything goes
// through the SearchEngine interface, so both engines serve it alike.

export function filtersOf(p: Pick<SearchQueryInput, FilterKey>): SearchFilters {
  const f: SearchFilters = {}
  if (p.industry) f.industry = p.industry
  if (p.trl) f.trl = p.trl
  if (p.mode) f.mode = p.mode
  if (p.division) f.division = p.division
  if (p.priceBand) f.priceBand = p.priceBand
  if (p.orgType) f.orgType = p.orgType
  return f
}

/** Where a hit lives on the site. */
export function hitPath(type: DocType, id: string) {
  return type === 'achievement' ? `/achievements/${id}` : type === 'need' ? `/needs/${id}` : `/o/${id}`
}

/** One page of results for the JSON API: hits carry an absolute `url`. */
export async function apiSearch(engine: SearchEngine, p: SearchQueryInput, origin: string) {
  const result = await engine.search({
    q: p.q,
    types: p.type ? [p.type] : undefined,
    filters: filtersOf(p),
    sort: p.sort,
    page: p.page,
    pageSize: p.pageSize,
    facets: p.facets,
  })
  return {
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    relaxed: result.relaxed,
    facets: result.facets,
    hits: result.hits.map((h) => ({
      type: h.type,
      id: h.id,
      title: h.title,
      titleHtml: h.titleHtml,
      summaryHtml: h.summaryHtml,
      url: `${origin}${hitPath(h.type, h.id)}`,
      orgName: h.orgName,
      industryCode: h.industryCode,
      trl: h.trl,
      modes: h.modes,
      divisionCode: h.divisionCode,
      priceMinFen: h.priceMinFen,
      priceMaxFen: h.priceMaxFen,
      publishedAt: h.publishedAt,
      score: h.score,
    })),
  }
}

/** Title completions for what is being typed. */
export async function searchSuggestions(engine: SearchEngine, q: string, limit = 8) {
  const text = q.trim()
  if (!text) return []
  return engine.suggest(text, limit)
}

type Named = { zh: string; en: string }

/** Names of industries (every level; `top` for the facet's top-level ones) and divisions, from the database. */
export async function searchReference(db: Database) {
  const [industries, divisions] = await Promise.all([referenceIndustries(db), referenceDivisions(db)])
  const industryNames: Record<string, Named & { top: boolean }> = {}
  for (const i of industries) industryNames[i.code] = { zh: i.name_zh, en: i.name_en, top: !i.parent_code }
  const divisionNames: Record<string, Named> = {}
  for (const d of divisions) divisionNames[d.code] = { zh: d.name_zh, en: d.name_en }
  return { industries: industryNames, divisions: divisionNames }
}

const ASCII = /^[\x20-\x7e]+$/

/** Whether `term` occurs in `text`: Latin terms as whole words (so "ai" is not found in "detail"). */
function mentions(text: string, term: string) {
  if (!ASCII.test(term)) return text.includes(term)
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text)
}

/**
 * Terms related to a query by the synonym list: every other term of each
 * group the query mentions (or that a term of the group contains), leaving
 * out what the query already says.
 */
export function relatedTerms(groups: string[][], q: string, limit = 8): string[] {
  const text = q.normalize('NFKC').toLowerCase().trim()
  if (!text) return []
  const out = new Set<string>()
  for (const group of groups) {
    const lower = group.map((t) => t.normalize('NFKC').toLowerCase())
    const hit = lower.some((t) => [...t].length >= 2 && (mentions(text, t) || ([...text].length >= 2 && !ASCII.test(text) && t.includes(text))))
    if (!hit) continue
    group.forEach((term, i) => {
      if (!mentions(text, lower[i]!)) out.add(term)
    })
  }
  return [...out].slice(0, limit)
}

/** A filter to drop, the type tab to leave, or 'all': every filter and the type at once. */
export type WidenKey = FilterKey | 'type' | 'all'

/** What the /search page shows: the page of hits, tab counts, facets, and when nothing is found, ways out. */
export async function searchPage(db: Database, engine: SearchEngine, p: SearchQueryInput) {
  const filters = filtersOf(p)
  const base = { q: p.q, filters, sort: p.sort }
  const [result, everyType, reference] = await Promise.all([
    engine.search({ ...base, types: p.type ? [p.type] : undefined, page: p.page, pageSize: p.pageSize, facets: true }),
    // The tabs count every type, whichever one is open.
    p.type ? engine.search({ ...base, pageSize: 1, facets: true }) : null,
    searchReference(db),
  ])
  const typeCounts = (everyType ?? result).facets.type ?? {}

  // Nothing found: how many the same search would find with one filter fewer.
  const widen: { key: WidenKey; total: number }[] = []
  if (result.total === 0) {
    const active: WidenKey[] = [...(p.type ? (['type'] as const) : []), ...FILTER_KEYS.filter((k) => filters[k] !== undefined)]
    if (active.length > 1) active.push('all')
    const totals = await Promise.all(
      active.map(async (key) => {
        const fewer = key === 'all' ? {} : { ...filters }
        if (key !== 'type' && key !== 'all') delete fewer[key]
        const types = key === 'type' || key === 'all' || !p.type ? undefined : [p.type]
        const r = await engine.search({ ...base, filters: fewer, types, pageSize: 1 })
        return { key, total: r.total }
      }),
    )
    widen.push(...totals)
  }
  const related = p.q && (result.total === 0 || result.relaxed) ? relatedTerms((await listSynonyms(db)).map((g) => g.terms), p.q) : []

  return {
    total: result.total,
    page: result.page,
    pageSize: result.pageSize,
    pages: Math.max(1, Math.ceil(result.total / result.pageSize)),
    relaxed: result.relaxed,
    facets: withoutType(result.facets),
    typeCounts,
    hits: result.hits.map((h) => pageHit(h)),
    widen,
    related,
    reference,
  }
}

function withoutType(f: Facets): Omit<Facets, 'type'> {
  const { type: _type, ...rest } = f
  return rest
}

function pageHit(h: SearchHit) {
  return {
    type: h.type,
    id: h.id,
    path: hitPath(h.type, h.id),
    titleHtml: h.titleHtml,
    summaryHtml: h.summaryHtml,
    orgName: h.orgName,
    industryCode: h.industryCode,
    trl: h.trl,
    modes: h.modes,
    divisionCode: h.divisionCode,
    priceMinFen: h.priceMinFen,
    priceMaxFen: h.priceMaxFen,
    publishedAt: h.publishedAt,
  }
}

export type SearchPageResult = Awaited<ReturnType<typeof searchPage>>
