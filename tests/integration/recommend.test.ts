import { beforeAll, describe, expect, it } from 'vitest'
import { AchievementSchema } from '../../server/listings/schemas'
import { setAchievementStatus } from '../../db/repos/achievements'
import { createAchievement } from '../../server/listings/achievements'
import { transitionListing } from '../../server/listings/workflow'
import { recommendationsForPage } from '../../server/engagement/matching/board'
import { recommendAchievementsForNeed, recommendNeedsForAchievement } from '../../server/engagement/matching/recommend'
import type { Principal } from '../../server/identity/principal'
import { reindexAll } from '../../search/indexer'
import { createPostgresEngine } from '../../search/pg-engine'
import type { SearchEngine } from '../../search/types'
import { createManager, createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { publishedNeed } from '../helpers/needs'
import { testDb } from '../helpers/worker-setup'

// Explainable recommendations over real published listings indexed by the
// PostgreSQL engine: the obviously matching achievement comes first and its
// reasons name the shared terms; expired achievements are never recommended;
// the sections on the listing pages are for the listing's organisation,
// technology managers and platform admins only.

let engine: SearchEngine
let uniAdmin: Principal
let uniId: string
let entOwner: Principal
let entId: string
let needId: string
const ids: Record<string, string> = {}

async function achievement(key: string, o: { title: string; keywords: string; industryCode: string; trl?: string; price?: string; summary?: string }) {
  const input = AchievementSchema.parse({
    orgId: uniId,
    title: o.title,
    summary: o.summary ?? `${o.title}：面向柳州制造企业的成熟技术，已在两家企业完成验证。`,
    details: '机密：工艺参数与检测数据。',
    industryCode: o.industryCode,
    trl: o.trl ?? '7',
    transactionModes: ['licence', 'service'],
    priceKind: o.price ? 'amount' : 'negotiable',
    priceMin: o.price,
    benefit: '良品率提升 12%，单件成本降低 8%。',
    keywords: o.keywords,
    contributors: [{ name: '柳州理工大学', kind: 'organisation', share: '100' }],
  })
  const id = (await createAchievement(testDb(), uniAdmin, input, testMeta))!
  await transitionListing(testDb(), uniAdmin, 'achievement', id, 'submit', { ttlMonths: 12 }, testMeta)
  await transitionListing(testDb(), uniAdmin, 'achievement', id, 'approve', { ttlMonths: 12 }, testMeta)
  ids[key] = id
  return id
}

const expire = (id: string) => setAchievementStatus(testDb(), id, { status: 'published', expiresAt: new Date(Date.now() - 86_400_000) })

beforeAll(async () => {
  const db = testDb()
  const u = await createMember(db, { type: 'university', role: 'admin', divisionCode: '450204' })
  uniAdmin = u.principal
  uniId = u.org.id
  const e = await createMember(db, { type: 'enterprise', role: 'owner', divisionCode: '450204' })
  entOwner = e.principal
  entId = e.org.id

  await achievement('match', { title: '电池包液冷板钎焊工艺与泄漏检测', keywords: '液冷板, 钎焊, 泄漏检测', industryCode: 'auto.thermal', price: '50' })
  await achievement('nearby', { title: '新能源汽车热泵空调控制策略', keywords: '热泵, 空调', industryCode: 'auto.thermal', trl: '5' })
  await achievement('casting', { title: '铝合金副车架高真空压铸工艺', keywords: '压铸, 轻量化', industryCode: 'auto.lightweight' })
  await achievement('tea', { title: '茶叶自动化加工生产线', keywords: '茶叶, 杀菌', industryCode: 'agrifood.processing' })
  // As good a match as the first one, but past its expiry before indexing…
  await achievement('expiredBefore', { title: '液冷板钎焊泄漏检测成套装备', keywords: '液冷板, 钎焊, 泄漏检测', industryCode: 'auto.thermal', price: '40' })
  await expire(ids.expiredBefore!)
  // …and one that expires after the index was built (the engine still holds it as live).
  await achievement('expiredAfter', { title: '液冷板钎焊泄漏在线检测系统', keywords: '液冷板, 钎焊, 泄漏检测', industryCode: 'auto.thermal', price: '45' })

  needId = await publishedNeed(db, entOwner, entOwner, entId, {
    title: '电池包液冷板钎焊后泄漏率偏高',
    industryCode: 'auto.thermal',
    budgetMin: '30',
    budgetMax: '80',
    preferredModes: ['licence'],
  })
  ids.otherNeed = await publishedNeed(db, entOwner, entOwner, entId, { title: '螺蛳粉包装杀菌工艺改进', industryCode: 'agrifood.processing' })

  engine = createPostgresEngine(db)
  await engine.init([])
  await reindexAll(db, engine)
  await expire(ids.expiredAfter!)
})

describe('recommendations for a need', () => {
  it('puts the obviously matching achievement first, with the shared terms as its reasons', async () => {
    const recs = await recommendAchievementsForNeed(testDb(), engine, needId, 10)
    expect(recs[0]!.id).toBe(ids.match)
    const terms = recs[0]!.reasons.find((r) => r.key === 'terms')!
    expect(terms.detail.terms).toEqual(expect.arrayContaining(['液冷', '钎焊', '泄漏']))
    expect(recs[0]!.reasons.find((r) => r.key === 'industry')!.detail).toEqual({ same: 'code' })
    expect(recs[0]!.reasons.find((r) => r.key === 'money')!.detail).toEqual({ case: 'within' })
    expect(recs[0]!.reasons.find((r) => r.key === 'modes')!.detail).toEqual({ modes: ['licence'] })
    // Best first, and the unrelated tea line (if it is a candidate at all) well below.
    for (let i = 1; i < recs.length; i++) expect(recs[i - 1]!.score).toBeGreaterThanOrEqual(recs[i]!.score)
    const tea = recs.find((r) => r.id === ids.tea)
    if (tea) expect(tea.score).toBeLessThan(recs[0]!.score - 30)
  })

  it('never recommends expired achievements, whether or not the index knows they expired', async () => {
    const recs = await recommendAchievementsForNeed(testDb(), engine, needId, 10)
    expect(recs.map((r) => r.id)).not.toContain(ids.expiredBefore)
    expect(recs.map((r) => r.id)).not.toContain(ids.expiredAfter)
  })

  it('returns at most the number asked for', async () => {
    expect((await recommendAchievementsForNeed(testDb(), engine, needId, 2)).length).toBeLessThanOrEqual(2)
    expect(await recommendAchievementsForNeed(testDb(), engine, '00000000-0000-4000-8000-000000000000', 5)).toEqual([])
  })
})

describe('recommendations for an achievement', () => {
  it('puts the matching need first', async () => {
    const recs = await recommendNeedsForAchievement(testDb(), engine, ids.match!, 5)
    expect(recs[0]!.id).toBe(needId)
    expect(recs[0]!.reasons.find((r) => r.key === 'terms')!.detail.terms).toEqual(expect.arrayContaining(['液冷', '钎焊']))
    expect(recs.map((r) => r.id)).not.toContain(ids.otherNeed)
  })
})

describe('who sees them on a listing page', () => {
  const needListing = async () => {
    const n = await testDb().selectFrom('needs').select(['id', 'org_id', 'created_by', 'status', 'expires_at']).where('id', '=', needId).executeTakeFirstOrThrow()
    return n
  }

  it('shows them to the need’s organisation, technology managers and platform admins', async () => {
    const listing = await needListing()
    const forOwner = await recommendationsForPage(testDb(), engine, entOwner, 'need', listing)
    expect(forOwner).toMatchObject({ unavailable: false, forManager: false })
    expect(forOwner!.items[0]!.id).toBe(ids.match)
    const manager = (await createManager(testDb())).principal
    expect(await recommendationsForPage(testDb(), engine, manager, 'need', listing)).toMatchObject({ forManager: true })
    const admin = await principalFor(testDb(), (await createUser(testDb(), { platformAdmin: true })).id)
    expect((await recommendationsForPage(testDb(), engine, admin, 'need', listing))?.items.length).toBeGreaterThan(0)
  })

  it('hides them from anonymous visitors and other organisations', async () => {
    const listing = await needListing()
    expect(await recommendationsForPage(testDb(), engine, null, 'need', listing)).toBeNull()
    const otherEnterprise = (await createMember(testDb(), { type: 'enterprise', role: 'owner' })).principal
    expect(await recommendationsForPage(testDb(), engine, otherEnterprise, 'need', listing)).toBeNull()
    // The university is the other side: it does not see who else the need is matched with.
    expect(await recommendationsForPage(testDb(), engine, uniAdmin, 'need', listing)).toBeNull()
  })

  it('shows none for a listing that is no longer live', async () => {
    const a = await testDb().selectFrom('achievements').select(['id', 'org_id', 'created_by', 'status', 'expires_at']).where('id', '=', ids.expiredBefore!).executeTakeFirstOrThrow()
    expect(await recommendationsForPage(testDb(), engine, uniAdmin, 'achievement', a)).toBeNull()
  })

  it('keeps the page working when the search engine is down', async () => {
    const down: SearchEngine = { ...engine, search: () => Promise.reject(new Error('engine down')) }
    const r = await recommendationsForPage(testDb(), down, entOwner, 'need', await needListing())
    expect(r).toEqual({ items: [], unavailable: true, forManager: false })
  })
})
