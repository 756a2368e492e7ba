import { Meilisearch } from 'meilisearch'
import { escapeHtml } from './highlight'
import type { DocType, Facets, SearchDoc, SearchEngine, SearchQuery, SearchResult } from './types'

// Meilisearch, when MEILI_URL is set. Settings (searchable, filterable and
// sortable attributes, synonyms, ranking rules) are applied from code at start,
// so an empty Meilisearch is configured by the first boot.

const INDEX = 'techmarket_documents'
const PRE = '\u0001'
const POST = '\u0002'

type MeiliDoc = Omit<SearchDoc, 'id' | 'publishedAt' | 'expiresAt'> & {
  key: string
  id: string
  publishedAt: number | null
  expiresAt: number
}

const NEVER = 32503680000 // year 3000, for documents that do not expire

export function createMeiliEngine(url: string, apiKey?: string): SearchEngine {
  const client = new Meilisearch({ host: url, apiKey })
  const index = client.index<MeiliDoc>(INDEX)

  const toDoc = (d: SearchDoc): MeiliDoc => ({
    ...d,
    key: `${d.type}-${d.id}`,
    publishedAt: d.publishedAt ? Math.floor(Date.parse(d.publishedAt) / 1000) : null,
    expiresAt: d.expiresAt ? Math.floor(Date.parse(d.expiresAt) / 1000) : NEVER,
  })

  const quote = (v: string | number) => (typeof v === 'number' ? String(v) : `"${String(v).replace(/["\\]/g, '\\$&')}"`)

  /** Our markers to <mark>, everything else escaped, so results render the same as the PostgreSQL engine's. */
  const marked = (s: string | undefined) =>
    escapeHtml(s ?? '').replaceAll(PRE, '<mark>').replaceAll(POST, '</mark>')

  return {
    name: 'meilisearch',
    async init(groups) {
      await client.createIndex(INDEX, { primaryKey: 'key' }).waitTask().catch(() => undefined)
      await index
        .updateSettings({
          searchableAttributes: ['title', 'keywords', 'codes', 'summary', 'body', 'orgName'],
          filterableAttributes: ['type', 'industryCode', 'industryTop', 'trl', 'modes', 'divisionCode', 'priceBand', 'orgType', 'expiresAt'],
          sortableAttributes: ['publishedAt', 'priceMinFen', 'priceMaxFen'],
          rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
          synonyms: synonymMap(groups),
          pagination: { maxTotalHits: 10000 },
        })
        .waitTask()
    },
    async setSynonyms(groups) {
      await index.updateSynonyms(synonymMap(groups)).waitTask()
    },
    async index(docs) {
      if (docs.length) await index.addDocuments(docs.map(toDoc)).waitTask()
    },
    async remove(type: DocType, ids: string[]) {
      if (ids.length) await index.deleteDocuments(ids.map((id) => `${type}-${id}`)).waitTask()
    },
    async clear() {
      await index.deleteAllDocuments().waitTask()
    },
    async count() {
      return (await index.getStats()).numberOfDocuments
    },
    async suggest(prefix, limit = 8) {
      const r = await index.search(prefix, {
        limit,
        attributesToRetrieve: ['title'],
        filter: `expiresAt > ${Math.floor(Date.now() / 1000)}`,
      })
      return r.hits.map((h) => h.title)
    },
    async search(query: SearchQuery): Promise<SearchResult> {
      const f = query.filters ?? {}
      const now = Math.floor((query.now ?? new Date()).getTime() / 1000)
      const filter: string[] = [`expiresAt > ${now}`]
      if (query.types?.length) filter.push(`type IN [${query.types.map(quote).join(', ')}]`)
      if (f.industry) filter.push(`(industryCode = ${quote(f.industry)} OR industryTop = ${quote(f.industry)})`)
      if (f.trl !== undefined) filter.push(`trl = ${f.trl}`)
      if (f.mode) filter.push(`modes = ${quote(f.mode)}`)
      if (f.division) filter.push(`divisionCode = ${quote(f.division)}`)
      if (f.priceBand) filter.push(`priceBand = ${quote(f.priceBand)}`)
      if (f.orgType) filter.push(`orgType = ${quote(f.orgType)}`)
      const sort =
        query.sort === 'newest' ? ['publishedAt:desc'] : query.sort === 'price_asc' ? ['priceMinFen:asc'] : query.sort === 'price_desc' ? ['priceMaxFen:desc'] : undefined
      const page = Math.max(1, query.page ?? 1)
      const pageSize = Math.min(100, Math.max(1, query.pageSize ?? 20))
      const r = await index.search(query.q ?? '', {
        filter: filter.join(' AND '),
        sort,
        page,
        hitsPerPage: pageSize,
        facets: query.facets ? ['type', 'industryTop', 'trl', 'modes', 'divisionCode', 'priceBand', 'orgType'] : undefined,
        attributesToHighlight: ['title', 'summary'],
        attributesToCrop: ['summary'],
        cropLength: 60,
        highlightPreTag: PRE,
        highlightPostTag: POST,
        showRankingScore: true,
        matchingStrategy: query.match === 'any' ? 'frequency' : 'last',
      })
      const dist = r.facetDistribution ?? {}
      const facets: Facets = query.facets
        ? {
            type: dist.type ?? {},
            industry: dist.industryTop ?? {},
            trl: dist.trl ?? {},
            mode: dist.modes ?? {},
            division: dist.divisionCode ?? {},
            priceBand: dist.priceBand ?? {},
            orgType: dist.orgType ?? {},
          }
        : {}
      return {
        total: r.totalHits,
        page,
        pageSize,
        relaxed: false,
        facets,
        hits: r.hits.map((h) => ({
          type: h.type,
          id: h.id,
          title: h.title,
          titleHtml: marked(h._formatted?.title as string | undefined),
          summaryHtml: marked(h._formatted?.summary as string | undefined),
          orgName: h.orgName,
          industryCode: h.industryCode,
          trl: h.trl,
          modes: h.modes,
          divisionCode: h.divisionCode,
          priceMinFen: h.priceMinFen,
          priceMaxFen: h.priceMaxFen,
          publishedAt: h.publishedAt ? new Date(h.publishedAt * 1000).toISOString() : null,
          score: (h as { _rankingScore?: number })._rankingScore ?? 0,
        })),
      }
    },
  }
}

function synonymMap(groups: string[][]) {
  const map: Record<string, string[]> = {}
  for (const g of groups) for (const t of g) map[t] = g.filter((x) => x !== t)
  return map
}
