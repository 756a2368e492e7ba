import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ErrorOut, SearchResultOut, SuggestOut } from '../../server/listings/api-schemas'
import { createLogger } from '../../server/platform/logger'
import { drainOutbox } from '../../server/platform/outbox-worker'
import { relatedTerms } from '../../server/engagement/search'
import { SEARCH_SYNONYMS_KIND, synonymsHandler } from '../../server/engagement/synonyms'
import { loadOrganisationDocs } from '../../search/documents'
import { SEARCH_INDEX_KIND, searchIndexHandler } from '../../search/indexer'
import { createPostgresEngine } from '../../search/pg-engine'
import { publishedAchievement, publishedNeed } from '../helpers/api-fixtures'
import { createMember, createOrganisation, createUser, PASSWORD, principalFor } from '../helpers/factories'
import { startTestServer, type TestServer } from '../helpers/http'
import { testDb } from '../helpers/worker-setup'

// Search end to end on the real build: listings published through the
// services reach the engine through the outbox (search.index), then the JSON
// API, the /search page (server-rendered, anonymous, shareable URLs) and the
// synonym list an admin edits.

let server: TestServer
const db = () => testDb()
const log = createLogger('silent')
let ids: { liquid: string; runaway: string; valve: string; need: string; org: string }
let adminCookie: string
let enterpriseCookie: string

const api = async (path: string) => {
  const res = await fetch(server.url + path)
  return { res, body: await res.json() }
}
const result = async (qs: string) => {
  const { res, body } = await api(`/api/v1/search?${qs}`)
  expect(res.status).toBe(200)
  return SearchResultOut.strict().parse(body)
}
const page = async (path: string, cookie?: string) => {
  const res = await server.fetch(path, { cookie })
  return { status: res.status, html: await res.text() }
}
const q = encodeURIComponent
const pendingSynonymRows = async () =>
  (await db().selectFrom('outbox').select('id').where('kind', '=', SEARCH_SYNONYMS_KIND).where('done_at', 'is', null).execute()).length

beforeAll(async () => {
  server = await startTestServer()
  // A university with a name worth finding, its researcher and its admin.
  const researcher = await createUser(db())
  const uniAdmin = await createUser(db())
  const uni = await createOrganisation(db(), {
    type: 'university',
    name: '柳州北部理工学院',
    divisionCode: '450205',
    members: [
      { userId: researcher.id, role: 'member' },
      { userId: uniAdmin.id, role: 'admin' },
    ],
  })
  // An institute whose name is worth finding (its own listings would match by its name too).
  const lab = await createOrganisation(db(), { type: 'institute', name: '柳州储能电池技术研究院', divisionCode: '450205' })
  const r = await principalFor(db(), researcher.id)
  const a = await principalFor(db(), uniAdmin.id)
  const enterprise = await createMember(db(), { type: 'enterprise', role: 'owner', divisionCode: '450204' })
  enterpriseCookie = await server.login(enterprise.user.email, PASSWORD)
  const admin = await createUser(db(), { platformAdmin: true })
  adminCookie = await server.login(admin.email, PASSWORD)

  ids = {
    liquid: await publishedAchievement(db(), r, a, uni.id, {
      title: '新能源汽车电池包液冷板成型技术',
      summary: '采用吹胀与钎焊复合工艺一次成型液冷板，流道可按电芯排布定制，已在两款车型上完成台架验证。',
      industryCode: 'auto.thermal',
      trl: 7,
      transactionModes: ['licence', 'co_development'],
      priceKind: 'range',
      priceMin: '80',
      priceMax: '150',
      keywords: ['液冷板', '电池热管理'],
      ipRights: [],
    }),
    runaway: await publishedAchievement(db(), r, a, uni.id, {
      title: '储能电池热失控早期预警算法',
      summary: '基于多传感器融合与数据驱动模型，在热失控发生前十分钟发出预警，适用于储能电站与电动汽车电池包。',
      industryCode: 'green.energy',
      trl: 6,
      transactionModes: ['transfer'],
      priceKind: 'amount',
      priceMin: '30',
      priceMax: undefined,
      keywords: ['热失控', '储能'],
      ipRights: [],
    }),
    valve: await publishedAchievement(db(), r, a, uni.id, {
      title: '工程机械液压阀降噪设计',
      summary: '通过阀口结构优化与阻尼孔设计降低液压阀啸叫噪声，已在装载机上完成验证，可直接用于量产机型。',
      industryCode: 'machinery.hydraulics',
      trl: 8,
      transactionModes: ['licence'],
      priceKind: 'negotiable',
      priceMin: undefined,
      priceMax: undefined,
      keywords: ['液压阀', '降噪'],
      ipRights: [],
    }),
    need: await publishedNeed(db(), enterprise.principal, enterprise.principal, enterprise.org.id, {
      title: '电池包液冷板焊接泄漏率改进',
      problem: '现有液冷板钎焊后泄漏率偏高，返修成本大，需要改进焊接工艺并建立在线检测方法，以满足主机厂的质量要求。',
      industryCode: 'auto.thermal',
      divisionCode: '450204',
      budgetKind: 'negotiable',
      keywords: '液冷板, 钎焊',
    }),
    org: lab.id,
  }
  // Publication queued search.index rows in the same transactions: apply them as the worker would.
  const engine = createPostgresEngine(db())
  await drainOutbox(db(), { [SEARCH_INDEX_KIND]: searchIndexHandler(db(), () => engine) }, log)
  await engine.index((await loadOrganisationDocs(db(), [lab.id])).docs)
})

afterAll(async () => {
  await server?.close()
})

describe('GET /api/v1/search', () => {
  it('answers the documented shape with highlighted hits, absolute urls and facet counts', async () => {
    const r = await result(`q=${q('电池')}&facets=1`)
    expect(r.total).toBe(4)
    expect(r.relaxed).toBe(false)
    expect(r.page).toBe(1)
    expect(r.pageSize).toBe(20)
    expect(new Set(r.hits.map((h) => h.id))).toEqual(new Set([ids.liquid, ids.runaway, ids.need, ids.org]))
    const liquid = r.hits.find((h) => h.id === ids.liquid)!
    expect(liquid).toMatchObject({ type: 'achievement', title: '新能源汽车电池包液冷板成型技术', url: `${server.url}/achievements/${ids.liquid}`, trl: 7 })
    expect(liquid.titleHtml).toContain('<mark>电池</mark>')
    expect(r.hits.find((h) => h.id === ids.need)!.url).toBe(`${server.url}/needs/${ids.need}`)
    expect(r.hits.find((h) => h.id === ids.org)!.url).toBe(`${server.url}/o/${ids.org}`)
    expect(r.facets.type).toEqual({ achievement: 2, need: 1, organisation: 1 })
    expect(r.facets.industry).toEqual({ auto: 2, green: 1 })
    expect(r.facets.trl).toEqual({ '6': 1, '7': 1 })
    expect(r.facets.priceBand).toEqual({ '50to200': 1, lt50: 1, negotiable: 1 })
    expect(r.facets.orgType).toEqual({ university: 2, institute: 1, enterprise: 1 })
  })

  it('leaves facets out unless asked', async () => {
    const r = await result(`q=${q('电池')}`)
    expect(r.facets).toEqual({})
    expect(r.total).toBe(4)
  })

  it('narrows by type and by every filter', async () => {
    const only = async (qs: string) => (await result(`q=${q('电池')}&${qs}`)).hits.map((h) => h.id).sort()
    expect(await only('type=achievement')).toEqual([ids.liquid, ids.runaway].sort())
    expect(await only('type=need')).toEqual([ids.need])
    expect(await only('industry=auto')).toEqual([ids.liquid, ids.need].sort())
    expect(await only('industry=green.energy')).toEqual([ids.runaway])
    expect(await only('trl=6')).toEqual([ids.runaway])
    expect(await only('mode=transfer')).toEqual([ids.runaway])
    expect(await only('division=450204')).toEqual([ids.need])
    expect(await only('priceBand=lt50')).toEqual([ids.runaway])
    expect(await only('orgType=enterprise')).toEqual([ids.need])
    expect(await only('type=achievement&industry=auto&trl=7&mode=licence')).toEqual([ids.liquid])
    expect(await only('type=organisation&industry=auto')).toEqual([])
  })

  it('sorts by price both ways', async () => {
    const asc = await result('type=achievement&sort=price_asc')
    expect(asc.hits.map((h) => h.id).slice(0, 2)).toEqual([ids.runaway, ids.liquid])
    const desc = await result('type=achievement&sort=price_desc')
    expect(desc.hits[0]!.id).toBe(ids.liquid)
  })

  it('pages through results without repeating one', async () => {
    const seen: string[] = []
    for (const n of [1, 2, 3, 4]) {
      const r = await result(`q=${q('电池')}&pageSize=1&page=${n}`)
      expect(r).toMatchObject({ total: 4, page: n, pageSize: 1 })
      expect(r.hits).toHaveLength(1)
      seen.push(r.hits[0]!.id)
    }
    expect(new Set(seen).size).toBe(4)
    expect((await result(`q=${q('电池')}&pageSize=1&page=5`)).hits).toEqual([])
  })

  it('widens all words to any word and says so', async () => {
    const r = await result(`q=${q('液压阀 热失控')}`)
    expect(r.relaxed).toBe(true)
    expect(r.hits.map((h) => h.id).sort()).toEqual([ids.runaway, ids.valve].sort())
  })

  it('refuses bad parameters with 400 JSON naming each field, in the caller’s language', async () => {
    const { res, body } = await api('/api/v1/search?pageSize=51&type=gadget&trl=10&sort=cheapest&priceBand=free&facets=yes')
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/json')
    const error = ErrorOut.strict().parse(body).error
    expect(error.code).toBe('invalid')
    expect(error.fields!.map((f) => f.path).sort()).toEqual(['facets', 'pageSize', 'priceBand', 'sort', 'trl', 'type'])
    expect(error.fields!.find((f) => f.path === 'pageSize')!.message).toBe('每页条数须为 1–50 的整数。')
    const en = await api(`/api/v1/search?q=${'x'.repeat(101)}&lang=en`)
    expect(en.res.status).toBe(400)
    expect(ErrorOut.parse(en.body).error.fields![0]).toMatchObject({ path: 'q', message: 'The query may be at most 100 characters.' })
  })

  it('suggests titles while someone types', async () => {
    const { res, body } = await api(`/api/v1/search/suggest?q=${q('电池')}`)
    expect(res.status).toBe(200)
    const s = SuggestOut.strict().parse(body)
    expect(s.suggestions).toEqual(expect.arrayContaining(['电池包液冷板焊接泄漏率改进', '储能电池热失控早期预警算法']))
    expect((await api('/api/v1/search/suggest?q=')).body).toEqual({ q: '', suggestions: [] })
    expect((await api('/api/v1/search/suggest?limit=99')).res.status).toBe(400)
  })

  it('is described in /api/openapi.json', async () => {
    const { body: doc } = await api('/api/openapi.json')
    const op = doc.paths['/api/v1/search'].get
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ['division', 'facets', 'industry', 'mode', 'orgType', 'page', 'pageSize', 'priceBand', 'q', 'sort', 'trl', 'type'].sort(),
    )
    expect(op.parameters.find((p: { name: string }) => p.name === 'pageSize').schema).toMatchObject({ maximum: 50 })
    expect(op.parameters.find((p: { name: string }) => p.name === 'pageSize').description).toContain('最大 50')
    expect(op.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SearchResult' })
    expect(Object.keys(doc.components.schemas.SearchHit.properties)).toEqual(expect.arrayContaining(['titleHtml', 'summaryHtml', 'url']))
    expect(doc.paths['/api/v1/search/suggest'].get.operationId).toBe('searchSuggest')
  })
})

describe('the /search page', () => {
  it('renders results server-side for anonymous visitors, with highlights, tabs, facets and sort', async () => {
    const { status, html } = await page(`/search?q=${q('电池')}`)
    expect(status).toBe(200)
    expect(html).toContain('<title>“电池”的搜索结果 · ')
    expect(html).toContain('<mark>电池</mark>')
    expect(html).toContain(`href="/achievements/${ids.liquid}"`)
    expect(html).toContain(`href="/needs/${ids.need}"`)
    expect(html).toMatch(/找到 (<!-- -->)?4(<!-- -->)? 条与“(<!-- -->)?电池(<!-- -->)?”相关的结果/)
    expect(html).toContain('aria-live="polite"')
    // A GET form: the query works without JavaScript.
    expect(html).toMatch(/<form method="get" action="\/search" role="search"/)
    // Tabs with the type facet's counts, facet links that add a filter, names from the database.
    expect(html).toContain(`href="/search?q=${q('电池')}&amp;type=need"`)
    expect(html).toContain(`href="/search?q=${q('电池')}&amp;industry=auto"`)
    expect(html).toContain('汽车及新能源汽车')
    expect(html).toContain('TRL 7 · 实际环境示范')
    expect(html).toContain('柳北区')
    expect(html).toContain('50 万元以下')
    expect(html).toContain('<option value="price_asc">价格从低到高</option>')
    // The header's box is not repeated on the search page itself…
    expect(html).not.toContain('header-search-q')
    // …but it is on every other page, as a plain GET form to /search.
    expect((await page('/achievements')).html).toMatch(/<form method="get" action="\/search" role="search" class="header-search"/)
  })

  it('carries the query and filters in the URL and shows only what they select', async () => {
    const needs = await page(`/search?q=${q('液冷板')}&type=need&division=450204`)
    expect(needs.status).toBe(200)
    expect(needs.html).toContain(`href="/needs/${ids.need}"`)
    expect(needs.html).not.toContain(`href="/achievements/${ids.liquid}"`)
    expect(needs.html).toContain('aria-current="page"')
    // The active filter is shown with a link that removes it.
    expect(needs.html).toContain('aria-label="取消筛选“柳南区”"')
    expect(needs.html).toContain(`href="/search?q=${q('液冷板')}&amp;type=need"`)

    const sorted = await page('/search?type=achievement&sort=price_asc&page=1')
    const order = [ids.runaway, ids.liquid, ids.valve].map((id) => sorted.html.indexOf(`href="/achievements/${id}"`))
    expect(order.every((i) => i > 0)).toBe(true)
    expect(order).toEqual([...order].sort((x, y) => x - y))
  })

  it('ignores a bad value in a shared URL rather than failing', async () => {
    const { status, html } = await page(`/search?q=${q('电池')}&trl=eleven&type=gadget&page=-3&sort=best`)
    expect(status).toBe(200)
    expect(html).toMatch(/找到 (<!-- -->)?4(<!-- -->)? 条/)
  })

  it('offers a way out when nothing is found: related terms, and the same search with a filter fewer', async () => {
    const none = await page(`/search?q=${q('电动车量子')}`)
    expect(none.html).toContain('没有找到与“电动车量子”相关的结果')
    expect(none.html).toContain(`href="/search?q=${q('新能源汽车')}"`)

    const filtered = await page(`/search?q=${q('液压阀')}&trl=6`)
    expect(filtered.html).toContain('没有找到与“液压阀”相关的结果')
    expect(filtered.html).toMatch(/<a [^>]*href="\/search\?q=%E6%B6%B2%E5%8E%8B%E9%98%80"[^>]*>去掉“技术成熟度：TRL 6 · 中试与样机”<\/a>/)
    expect(filtered.html).toMatch(/（(<!-- -->)?1(<!-- -->)? 条结果）/)
  })

  it('paginates ten to a page', async () => {
    const engine = createPostgresEngine(db())
    const more = Array.from({ length: 11 }, (_, i) => ({
      type: 'need' as const,
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      title: `第${i + 1}号分页测试需求：焊缝检测`,
      summary: '焊缝检测',
      body: '',
      keywords: [],
      industryCode: null,
      industryTop: null,
      trl: null,
      modes: [],
      divisionCode: null,
      orgId: null,
      orgName: null,
      orgType: null,
      priceBand: null,
      priceMinFen: null,
      priceMaxFen: null,
      publishedAt: new Date(Date.UTC(2026, 0, i + 1)).toISOString(),
      expiresAt: null,
      codes: [],
    }))
    await engine.index(more)
    try {
      const first = await page(`/search?q=${q('分页测试')}`)
      expect(first.html.match(/class="search-hit /g)).toHaveLength(10)
      expect(first.html).toContain(`href="/search?q=${q('分页测试')}&amp;page=2"`)
      const second = await page(`/search?q=${q('分页测试')}&page=2`)
      expect(second.html.match(/class="search-hit /g)).toHaveLength(1)
      expect(second.html).toContain('<ol class="search-hits" start="11">')
    } finally {
      await engine.remove('need', more.map((d) => d.id))
    }
  })
})

describe('synonyms', () => {
  it('are the platform admin’s alone', async () => {
    expect((await page('/admin/synonyms')).status).toBe(302)
    expect((await page('/admin/synonyms', enterpriseCookie)).status).toBe(403)
    const post = await server.fetch('/admin/synonyms', { method: 'POST', cookie: enterpriseCookie, body: new URLSearchParams({ intent: 'save', terms: '液冷板、水冷板' }) })
    expect(post.status).toBe(403)
    const admin = await page('/admin/synonyms', adminCookie)
    expect(admin.status).toBe(200)
    expect(admin.html).toContain('<h1>搜索同义词</h1>')
    expect(admin.html).toContain('新能源汽车')
  })

  it('take effect in search as soon as they are saved, and are audited', async () => {
    expect((await result(`q=${q('散热冷板')}`)).total).toBe(0)
    const res = await server.fetch('/admin/synonyms', { method: 'POST', cookie: adminCookie, body: new URLSearchParams({ intent: 'save', terms: '散热冷板， 液冷板、散热冷板' }) })
    expect(res.status).toBe(302)
    const row = await db().selectFrom('synonyms').selectAll().where(sql<boolean>`${'散热冷板'} = any(terms)`).executeTakeFirstOrThrow()
    expect(row.terms).toEqual(['散热冷板', '液冷板'])
    expect(res.headers.get('location')).toBe(`/admin/synonyms?done=created&group=${row.id}&terms=${q('散热冷板、液冷板')}#group-${row.id}`)
    const found = await result(`q=${q('散热冷板')}`)
    expect(found.hits.map((h) => h.id).sort()).toEqual([ids.liquid, ids.need].sort())

    const audit = await db().selectFrom('audit_log').selectAll().where('entity_type', '=', 'synonym_group').where('entity_id', '=', String(row.id)).execute()
    expect(audit.map((a) => a.action)).toEqual(['synonyms.created'])
    expect(await pendingSynonymRows()).toBeGreaterThan(0)

    // Another process learns of the change through the outbox row.
    const elsewhere = createPostgresEngine(db())
    expect((await elsewhere.search({ q: '散热冷板' })).total).toBe(0)
    await drainOutbox(db(), { [SEARCH_SYNONYMS_KIND]: synonymsHandler(db(), () => elsewhere) }, log)
    expect((await elsewhere.search({ q: '散热冷板' })).total).toBe(2)
    expect(await pendingSynonymRows()).toBe(0)

    // Edited: the old term no longer finds anything, the new one does.
    const edit = await server.fetch('/admin/synonyms', { method: 'POST', cookie: adminCookie, body: new URLSearchParams({ intent: 'save', id: String(row.id), terms: '降噪阀,液压阀' }) })
    expect(edit.status).toBe(302)
    expect((await result(`q=${q('散热冷板')}`)).total).toBe(0)
    expect((await result(`q=${q('降噪阀')}`)).hits.map((h) => h.id)).toEqual([ids.valve])

    // Deleted: gone from search too.
    const del = await server.fetch('/admin/synonyms', { method: 'POST', cookie: adminCookie, body: new URLSearchParams({ intent: 'delete', id: String(row.id) }) })
    expect(del.status).toBe(302)
    expect((await result(`q=${q('降噪阀')}`)).total).toBe(0)
    const actions = await db().selectFrom('audit_log').select('action').where('entity_type', '=', 'synonym_group').where('entity_id', '=', String(row.id)).orderBy('id').execute()
    expect(actions.map((a) => a.action)).toEqual(['synonyms.created', 'synonyms.updated', 'synonyms.deleted'])
  })

  it('need at least two distinct terms of at most 20 characters', async () => {
    const post = (terms: string) => server.fetch('/admin/synonyms', { method: 'POST', cookie: adminCookie, body: new URLSearchParams({ intent: 'save', terms }) })
    const one = await post('液冷板, 液冷板 ,')
    expect(one.status).toBe(400)
    expect(await one.text()).toContain('至少填写 2 个不同的词')
    const long = await post(`液冷板、${'很'.repeat(21)}`)
    expect(long.status).toBe(400)
    expect(await long.text()).toContain('每个词不超过 20 个字')
    const unknown = await server.fetch('/admin/synonyms', { method: 'POST', cookie: adminCookie, body: new URLSearchParams({ intent: 'delete', id: '999999' }) })
    expect(unknown.status).toBe(404)
    // An id beyond PostgreSQL's integer (found by the fuzz suite: a 500) is refused before it reaches SQL.
    for (const intent of ['delete', 'save']) {
      const huge = await server.fetch('/admin/synonyms', { method: 'POST', cookie: adminCookie, body: new URLSearchParams({ intent, id: '99999999999999999999999999999', terms: '液冷板、冷板' }) })
      expect({ intent, status: huge.status }).toEqual({ intent, status: 400 })
    }
  })

  it('suggest related terms from the list', () => {
    const groups = [
      ['新能源汽车', '电动汽车', 'nev'],
      ['人工智能', 'ai'],
    ]
    expect(relatedTerms(groups, '电动汽车电池')).toEqual(['新能源汽车', 'nev'])
    expect(relatedTerms(groups, 'detail 设计')).toEqual([])
    expect(relatedTerms(groups, 'AI 质检')).toEqual(['人工智能'])
    expect(relatedTerms(groups, '')).toEqual([])
  })
})
