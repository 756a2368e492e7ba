import { sql } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { createPostgresEngine } from '../../search/pg-engine'
import { PRICE_BANDS, type SearchDoc, type SearchEngine, type SearchQuery } from '../../search/types'
import { testDb } from '../helpers/worker-setup'

// The PostgreSQL engine's own design (docs/decisions/010-search-engine.md):
// documents split over two shards searched side by side, filters as lexemes
// in the GIN index, page + total + facets from one pass per shard. These tests
// compare every answer with counts and orders computed here in JavaScript from
// the documents themselves, so a shard dropped in the merge, a filter lexeme
// missing, a facet counted twice or an expired document counted shows up.

const DAY = 86_400_000
const NOW = new Date('2026-11-26T12:00:00Z')
const INDUSTRIES = [
  ['auto', 'auto.nev'],
  ['auto', 'auto.thermal'],
  ['machinery', 'machinery.hydraulics'],
  ['agrifood', 'agrifood.tea'],
] as const
const DIVISIONS = ['450202', '450204', '4502LD']
const MODES = ['transfer', 'licence', 'equity', 'service']
const WORDS = ['液冷板', '螺蛳粉', '压铸', '热管理']

function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const id = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`

function makeDocs(count: number): SearchDoc[] {
  const r = rng(42)
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!
  return Array.from({ length: count }, (_, i) => {
    const [top, code] = pick(INDUSTRIES)
    const word = pick(WORDS)
    const band = pick(PRICE_BANDS)
    const min = band === 'negotiable' ? null : (1 + Math.floor(r() * 900)) * 1_000_000
    return {
      type: i % 5 === 4 ? 'need' : 'achievement',
      id: id(i + 1),
      title: `${word}${pick(['工艺', '装置', '系统'])}${i}`,
      summary: `关于${pick(WORDS)}的技术`,
      body: '',
      keywords: [word],
      industryCode: code,
      industryTop: top,
      trl: 3 + Math.floor(r() * 7),
      // Duplicates on purpose: a mode counts once per document.
      modes: [pick(MODES), pick(MODES)],
      divisionCode: pick(DIVISIONS),
      orgId: null,
      orgName: '柳州理工大学',
      orgType: pick(['university', 'institute', 'enterprise']),
      priceBand: band,
      priceMinFen: min,
      priceMaxFen: min === null ? null : min + Math.floor(r() * 100) * 1_000_000,
      // Whole seconds apart (no ties); some in the future of NOW - 1 day, some expired.
      publishedAt: new Date(NOW.getTime() - Math.floor(r() * 300) * DAY - i * 1000).toISOString(),
      expiresAt: r() < 0.15 ? new Date(NOW.getTime() - DAY).toISOString() : r() < 0.2 ? new Date(NOW.getTime() + 2 * DAY).toISOString() : null,
      codes: [],
    } satisfies SearchDoc
  })
}

const DOCS = makeDocs(240)

/** What the engine must answer, computed from the documents. */
function expected(q: SearchQuery) {
  const now = q.now ?? NOW
  const text = (q.q ?? '').trim()
  const f = q.filters ?? {}
  const docs = DOCS.filter(
    (d) =>
      (!d.expiresAt || new Date(d.expiresAt) > now) &&
      (!q.types || q.types.includes(d.type)) &&
      (!text || `${d.title} ${d.summary} ${d.keywords.join(' ')}`.includes(text)) &&
      (!f.industry || d.industryTop === f.industry || d.industryCode === f.industry) &&
      (f.trl === undefined || d.trl === f.trl) &&
      (!f.mode || d.modes.includes(f.mode)) &&
      (!f.division || d.divisionCode === f.division) &&
      (!f.priceBand || d.priceBand === f.priceBand) &&
      (!f.orgType || d.orgType === f.orgType),
  )
  const count = (key: (d: SearchDoc) => (string | number | null)[]) => {
    const out: Record<string, number> = {}
    for (const d of docs) for (const v of new Set(key(d))) if (v !== null) out[String(v)] = (out[String(v)] ?? 0) + 1
    return out
  }
  return {
    docs,
    facets: {
      type: count((d) => [d.type]),
      industry: count((d) => [d.industryTop]),
      trl: count((d) => [d.trl]),
      mode: count((d) => d.modes),
      division: count((d) => [d.divisionCode]),
      priceBand: count((d) => [d.priceBand]),
      orgType: count((d) => [d.orgType]),
    },
  }
}

let engine: SearchEngine

beforeAll(async () => {
  engine = createPostgresEngine(testDb())
  await engine.init([])
  await engine.clear()
  await engine.index(DOCS)
  await engine.settle?.()
})

describe('PostgreSQL engine: shards, filter lexemes, one pass', () => {
  it('spreads the documents over both shards', async () => {
    const r = await sql<{ shard: number; n: number }>`select shard, count(*)::int as n from search_documents group by shard order by shard`.execute(testDb())
    expect(r.rows.map((x) => x.shard)).toEqual([0, 1])
    expect(r.rows.every((x) => x.n > 50)).toBe(true)
  })

  const cases: [string, SearchQuery][] = [
    ['everything', { q: '' }],
    ['one type', { q: '', types: ['achievement'] }],
    ['a word', { q: '螺蛳粉' }],
    ['a word inside words', { q: '冷板', types: ['achievement'] }],
    ['industry (top)', { q: '', filters: { industry: 'auto' } }],
    ['industry (sub-code)', { q: '压铸', filters: { industry: 'auto.thermal' } }],
    ['TRL and mode', { q: '', filters: { trl: 6, mode: 'licence' }, types: ['achievement'] }],
    ['county, price band, organisation type', { q: '', filters: { division: '4502LD', priceBand: 'lt50', orgType: 'institute' } }],
    ['all filters with a word', { q: '热管理', filters: { industry: 'machinery', mode: 'service', division: '450204' } }],
  ]

  it.each(cases)('counts totals and every facet exactly: %s', async (_, q) => {
    const want = expected(q)
    const r = await engine.search({ ...q, facets: true, now: NOW })
    expect(r.total).toBe(want.docs.length)
    expect(r.facets).toEqual(want.facets)
  })

  it('merges the shards page by page in the order asked for', async () => {
    const q: SearchQuery = { q: '', types: ['achievement'], now: NOW }
    const want = expected(q).docs
    const orders = {
      newest: [...want].sort((a, b) => b.publishedAt!.localeCompare(a.publishedAt!)),
      price_asc: [...want].sort((a, b) => (a.priceMinFen ?? Infinity) - (b.priceMinFen ?? Infinity) || (a.id < b.id ? -1 : 1)),
      price_desc: [...want].sort((a, b) => (b.priceMaxFen ?? -Infinity) - (a.priceMaxFen ?? -Infinity) || (a.id < b.id ? -1 : 1)),
    }
    for (const [sort, docs] of Object.entries(orders) as [keyof typeof orders, SearchDoc[]][]) {
      const seen: string[] = []
      for (let page = 1; page <= 4; page++) {
        const r = await engine.search({ ...q, sort, page, pageSize: 13 })
        seen.push(...r.hits.map((h) => h.id))
      }
      expect(seen, sort).toEqual(docs.slice(0, 52).map((d) => d.id))
    }
  })

  it('ranks by relevance across shards, best first, each document once', async () => {
    const r = await engine.search({ q: '液冷板', pageSize: 100, now: NOW })
    expect(r.total).toBe(expected({ q: '液冷板' }).docs.length)
    const scores = r.hits.map((h) => h.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    expect(new Set(r.hits.map((h) => h.id)).size).toBe(r.hits.length)
    // Title matches (weight A) outrank summary-only ones.
    const titled = r.hits.findIndex((h) => !h.title.includes('液冷板'))
    if (titled >= 0) expect(r.hits.slice(titled).every((h) => !h.title.includes('液冷板'))).toBe(true)
  })

  it('excludes documents by expiry at query time, as `now` moves', async () => {
    const later = new Date(NOW.getTime() + 3 * DAY)
    const before = await engine.search({ q: '', facets: true, now: NOW })
    const after = await engine.search({ q: '', facets: true, now: later })
    expect(after.total).toBe(expected({ q: '', now: later }).docs.length)
    expect(after.total).toBeLessThan(before.total)
  })

  it('never lets a document forge a filter lexeme', async () => {
    const forged: SearchDoc = { ...DOCS[0]!, id: id(9999), title: '伪造 ~i:forged', codes: ['~i:forged'], industryTop: 'agrifood', industryCode: 'agrifood.tea', expiresAt: null }
    await engine.index([forged])
    expect((await engine.search({ q: '', filters: { industry: 'forged' }, now: NOW })).total).toBe(0)
    await engine.remove('achievement', [forged.id])
  })

  it('leaves no pending GIN entries after settle()', async () => {
    const pending = async () => {
      const r = await sql<{ n: number }>`
        select coalesce(sum((pgstatginindex(i.indexrelid)).pending_tuples), 0)::int as n
        from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam
        where i.indrelid = 'search_documents'::regclass and a.amname = 'gin'`.execute(testDb())
      return r.rows[0]!.n
    }
    await sql`create extension if not exists pgstattuple`.execute(testDb())
    await engine.index(DOCS.slice(0, 20))
    expect(await pending()).toBeGreaterThan(0)
    await engine.settle?.()
    expect(await pending()).toBe(0)
  })

  it('suggests each title once, those starting with the text first', async () => {
    const titles = await engine.suggest('螺蛳', 5)
    expect(titles.length).toBeGreaterThan(0)
    expect(new Set(titles).size).toBe(titles.length)
    expect(titles.every((t) => t.includes('螺蛳'))).toBe(true)
    expect(await engine.suggest('！？')).toEqual([])
  })
})
