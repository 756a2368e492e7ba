import { beforeAll, describe, expect, it } from 'vitest'
import { createMeiliEngine } from '../../search/meili-engine'
import { createPostgresEngine } from '../../search/pg-engine'
import type { SearchDoc, SearchEngine } from '../../search/types'
import { testDb } from '../helpers/worker-setup'

// One contract, every engine: the PostgreSQL engine always; Meilisearch when
// MEILI_URL points at a server. The Chinese cases are the ones users report
// other engines failing (a word found inside a longer word).

const DAY = 86_400_000
const now = new Date()
const iso = (daysFromNow: number) => new Date(now.getTime() + daysFromNow * DAY).toISOString()

function doc(id: string, o: Partial<SearchDoc> & { title: string }): SearchDoc {
  return {
    type: 'achievement',
    id,
    summary: '',
    body: '',
    keywords: [],
    industryCode: 'auto.thermal',
    industryTop: 'auto',
    trl: 6,
    modes: ['licence'],
    divisionCode: '450204',
    orgId: null,
    orgName: '柳州理工大学',
    orgType: 'university',
    priceBand: 'lt50',
    priceMinFen: 300_000_00,
    priceMaxFen: 300_000_00,
    publishedAt: iso(-10),
    expiresAt: iso(300),
    codes: [],
    ...o,
  }
}

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

const DOCS: SearchDoc[] = [
  doc(id(1), { title: '订单待处理队列优化系统', summary: '制造企业订单待处理时间缩短 40%', industryCode: 'electronics.software', industryTop: 'electronics', trl: 7, modes: ['licence', 'service'] }),
  doc(id(2), { title: '液压件清洗设备安装简单', summary: '模块化设计，安装简单，占地小', industryCode: 'machinery.hydraulics', industryTop: 'machinery', trl: 8, modes: ['transfer'], priceBand: '50to200', priceMinFen: 80_000_000, priceMaxFen: 120_000_000 }),
  doc(id(3), { title: '新能源汽车电池包液冷板一体化成型技术', summary: '液冷板焊缝减少 60%', keywords: ['液冷板', '热管理'], trl: 7, publishedAt: iso(-2) }),
  doc(id(4), { title: 'AI视觉质检平台', summary: '基于深度学习的表面缺陷检测', industryCode: 'electronics.ai', industryTop: 'electronics', modes: ['service'], priceBand: 'negotiable', priceMinFen: null, priceMaxFen: null }),
  doc(id(5), { title: '铝合金副车架高真空压铸工艺', summary: '副车架减重 32%', keywords: ['hydraulic', 'casting'], codes: ['ZL201710601862.3'], industryCode: 'auto.lightweight', industryTop: 'auto', trl: 8, priceBand: '200to500', priceMinFen: 2_000_000_000, priceMaxFen: 3_200_000_000 }),
  doc(id(6), { title: '已过期的热泵空调控制策略', summary: '低温制热能效比提升', expiresAt: iso(-1) }),
  doc(id(7), { type: 'need', title: '电驱壳体铸造气孔率高需要工艺改进', summary: '低压铸造气孔超标', industryCode: 'auto.nev', industryTop: 'auto', trl: null, modes: ['service'], orgType: 'enterprise' }),
]

const SYNONYMS = [['新能源汽车', '电动汽车']]

interface EngineCase {
  name: string
  make: () => SearchEngine
}
const engines: EngineCase[] = [{ name: 'postgres', make: () => createPostgresEngine(testDb()) }]
if (process.env.MEILI_URL) engines.push({ name: 'meilisearch', make: () => createMeiliEngine(process.env.MEILI_URL!, process.env.MEILI_KEY) })
else console.log('[search contract] Meilisearch engine skipped: MEILI_URL is not set, so only the PostgreSQL engine runs.')

for (const { name, make } of engines) {
  describe(`search contract: ${name}`, () => {
    let engine: SearchEngine
    const ids = async (q: string, extra: Parameters<SearchEngine['search']>[0] = { q }) => (await engine.search({ ...extra, q })).hits.map((h) => h.id)

    beforeAll(async () => {
      engine = make()
      await engine.init(SYNONYMS)
      await engine.clear()
      await engine.index(DOCS)
    })

    it('finds a word inside a longer word (处理 → 待处理, 简单 → 安装简单)', async () => {
      expect(await ids('处理')).toContain(id(1))
      expect(await ids('简单')).toContain(id(2))
    })

    it('finds Chinese substrings jieba keeps inside one word', async () => {
      expect(await ids('能源汽')).toContain(id(3))
      expect(await ids('液冷')).toContain(id(3))
    })

    it('matches mixed Chinese and English queries', async () => {
      expect(await ids('AI 质检')).toEqual([id(4)])
      expect(await ids('ai质检')).toContain(id(4))
    })

    it('finds patent numbers, also with a one-character slip', async () => {
      expect(await ids('201710601862')).toContain(id(5))
      expect(await ids('ZL201710601862.3')).toContain(id(5))
      expect(await ids('201710601863')).toContain(id(5))
      expect(await ids('hydraulc')).toContain(id(5))
    })

    it('uses synonyms (电动汽车 finds 新能源汽车)', async () => {
      expect(await ids('电动汽车')).toContain(id(3))
    })

    it('filters and counts facets', async () => {
      const r = await engine.search({ q: '', facets: true, types: ['achievement'] })
      expect(r.total).toBe(5) // the expired one and the need are out
      expect(r.facets.industry).toMatchObject({ auto: 2, electronics: 2, machinery: 1 })
      expect(r.facets.trl).toMatchObject({ '6': 1, '7': 2, '8': 2 })
      expect(r.facets.mode?.licence).toBe(3)
      expect(r.facets.priceBand).toMatchObject({ lt50: 2, '50to200': 1, '200to500': 1, negotiable: 1 })
      expect(await ids('', { q: '', filters: { industry: 'auto' }, types: ['achievement'] })).toHaveLength(2)
      expect(await ids('', { q: '', filters: { trl: 8 } })).toEqual(expect.arrayContaining([id(2), id(5)]))
      expect(await ids('', { q: '', filters: { mode: 'service' }, types: ['achievement'] })).toEqual(expect.arrayContaining([id(1), id(4)]))
      expect(await ids('', { q: '', filters: { priceBand: 'negotiable' } })).toEqual([id(4)])
      expect(await ids('', { q: '', types: ['need'] })).toEqual([id(7)])
    })

    it('hides expired and removed documents', async () => {
      expect(await ids('热泵')).not.toContain(id(6))
      await engine.remove('achievement', [id(2)])
      expect(await ids('简单')).not.toContain(id(2))
      await engine.index([DOCS[1]!])
      expect(await ids('简单')).toContain(id(2))
    })

    it('sorts by newest and by price', async () => {
      const newest = await ids('', { q: '', types: ['achievement'], sort: 'newest' })
      expect(newest[0]).toBe(id(3))
      const cheap = await ids('', { q: '', types: ['achievement'], sort: 'price_asc' })
      expect(cheap[0]).toBe(id(1))
      const dear = await ids('', { q: '', types: ['achievement'], sort: 'price_desc' })
      expect(dear[0]).toBe(id(5))
    })

    it('highlights matches and escapes everything else', async () => {
      await engine.index([doc(id(8), { title: '<script>x</script> 液冷 测试' })])
      const hit = (await engine.search({ q: '液冷' })).hits.find((h) => h.id === id(8))!
      expect(hit.titleHtml).toContain('<mark>液冷</mark>')
      expect(hit.titleHtml).not.toContain('<script>')
      await engine.remove('achievement', [id(8)])
    })

    it('paginates', async () => {
      const p1 = await engine.search({ q: '', pageSize: 2, page: 1, types: ['achievement'] })
      const p2 = await engine.search({ q: '', pageSize: 2, page: 2, types: ['achievement'] })
      expect(p1.hits).toHaveLength(2)
      expect(p1.total).toBe(5)
      expect(p2.hits.map((h) => h.id)).not.toEqual(expect.arrayContaining(p1.hits.map((h) => h.id)))
    })

    it('suggests titles for a prefix', async () => {
      expect(await engine.suggest('铝合金')).toContain('铝合金副车架高真空压铸工艺')
    })
  })
}
