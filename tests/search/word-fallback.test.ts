import { beforeAll, describe, expect, it } from 'vitest'
import { createPostgresEngine } from '../../search/pg-engine'
import type { SearchDoc, SearchEngine } from '../../search/types'
import { testDb } from '../helpers/worker-setup'

// Issue 7, "Search misses": a query whose words all occur in a listing, but not
// side by side (电机控制 against 电机矢量控制), or whose segmentation splits a
// one-character word off (冷轧带钢 → 冷轧带 / 钢, against 冷轧 高强带钢), found
// nothing; so did a bare patent number (no ZL, no check digit) written in free
// text rather than the IP field. All words anywhere is the fallback, ranked
// below the listings holding the query as written; number variants are indexed
// in every field. (docs/decisions/010-search-engine.md, "Word fallback".)

const DAY = 86_400_000
const now = new Date()
const iso = (days: number) => new Date(now.getTime() + days * DAY).toISOString()
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

function doc(n: number, o: Partial<SearchDoc> & { title: string }): SearchDoc {
  return {
    type: 'achievement',
    id: id(n),
    summary: '',
    body: '',
    keywords: [],
    industryCode: 'machinery.robotics',
    industryTop: 'machinery',
    trl: 6,
    modes: ['licence'],
    divisionCode: '450204',
    orgId: null,
    orgName: '柳州理工大学',
    orgType: 'university',
    priceBand: 'negotiable',
    priceMinFen: null,
    priceMaxFen: null,
    // The apart-match is the newest, so only the ranking can put the phrase match first.
    publishedAt: iso(n === 1 ? -1 : -30),
    expiresAt: iso(300),
    codes: [],
    ...o,
  }
}

const DOCS = [
  doc(1, { title: '永磁同步电机矢量控制器', summary: '高动态响应的矢量控制算法。' }),
  doc(2, { title: '伺服电机控制系统', summary: '多轴伺服电机控制，定位精度 0.01 mm。' }),
  doc(3, { title: '电机转子动平衡工艺', summary: '动平衡节拍缩短一半。' }), // 电机 alone: no 控制
  doc(4, { title: '冷轧 高强带钢表面缺陷在线检测', summary: '基于机器视觉的带钢表面检测。' }),
  doc(5, { title: '冷轧工艺润滑油', summary: '适用于铝板轧制。' }), // 冷轧 alone: no 带钢
  doc(6, { title: '铝合金副车架低压铸造', summary: '已获发明专利 ZL202010123456.7，气孔率低于 1%。' }),
  doc(7, { title: '液压阀芯磨削', body: '专利号：202110654321.X（实审中）' }),
]

let engine: SearchEngine
const ids = async (q: string) => (await engine.search({ q, pageSize: 50 })).hits.map((h) => h.id)

beforeAll(async () => {
  engine = createPostgresEngine(testDb())
  await engine.init([])
  await engine.clear()
  await engine.index(DOCS)
})

describe('search: all words anywhere when the query is not found as written', () => {
  it('finds 电机控制 in 电机矢量控制, below the listing that holds 电机控制 itself', async () => {
    const r = await engine.search({ q: '电机控制' })
    expect(r.hits.map((h) => h.id)).toEqual([id(2), id(1)])
    expect(r.total).toBe(2)
    expect(r.relaxed).toBe(false)
  })

  it('finds 冷轧带钢 in "冷轧 高强带钢" although jieba cuts the query 冷轧带 / 钢', async () => {
    expect(await ids('冷轧带钢')).toEqual([id(4)])
    expect(await ids('带钢冷轧')).toEqual([id(4)]) // order does not matter either
  })

  it('still needs every word: one of them alone is not enough', async () => {
    expect(await ids('电机控制')).not.toContain(id(3))
    expect(await ids('冷轧带钢')).not.toContain(id(5))
    expect(await ids('矢量控制')).toEqual([id(1)])
  })

  it('marks the words where they are apart', async () => {
    const hit = (await engine.search({ q: '电机控制' })).hits.find((h) => h.id === id(1))!
    expect(hit.titleHtml).toBe('永磁同步<mark>电机</mark>矢量<mark>控制</mark>器')
  })
})

describe('search: patent numbers in free text, in every written form', () => {
  it.each(['202010123456', 'ZL202010123456', '202010123456.7', '2020101234567', 'ZL202010123456.7', 'zl 202010123456.7'])(
    '%s finds the number written in a summary as ZL202010123456.7',
    async (q) => {
      expect(await ids(q)).toEqual([id(6)])
    },
  )

  it.each(['202110654321', 'ZL202110654321.X', '202110654321x'])('%s finds the number written in the body as 202110654321.X', async (q) => {
    expect(await ids(q)).toEqual([id(7)])
  })
})
