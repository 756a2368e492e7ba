import type { Executor } from '../index'
import { insertAchievement, setAchievementStatus } from '../repos/achievements'
import { insertNeed, setNeedStatus } from '../repos/needs'
import type { ListingStatus } from '../schema'
import { DEMO_ACHIEVEMENTS, DEMO_NEEDS } from './listings-data'

// Puts the demo achievements and needs in place with a believable spread of
// states: most published at different times over the past year, a few still
// in review or returned, two expired. Running it again adds nothing.

const RESEARCHERS = ['覃明远', '韦丽萍', '黄建华', '莫文涛', '陆晓燕', '蓝志刚', '梁海波', '潘秀英', '廖国强', '吴晓敏', '谢振东', '罗美玲']
const WAN = 1_000_000 // fen per 万元
const DAY = 86_400_000

/** Deterministic spread, so every start of a fresh demo looks the same. */
function statusFor(i: number): { status: ListingStatus; publishedDaysAgo?: number; reason?: string } {
  if (i % 17 === 5) return { status: 'submitted' }
  if (i % 23 === 7) return { status: 'returned', reason: '效益描述请补充与现有方案的量化对比数据，并注明测试条件。' }
  if (i % 29 === 3) return { status: 'draft' }
  if (i === 11 || i === 41) return { status: 'published', publishedDaysAgo: 380 } // expired: past the 12-month TTL
  return { status: 'published', publishedDaysAgo: 5 + ((i * 37) % 300) }
}

export async function seedDemoListings(
  db: Executor,
  orgIds: Map<string, string>,
  creators: Map<string, string>,
  orgNames: Map<string, string>,
  orgDivisions: Map<string, string>,
  ttlMonths = 12,
) {
  let achievements = 0
  for (const [i, a] of DEMO_ACHIEVEMENTS.entries()) {
    const orgId = orgIds.get(a.org)!
    const share = 60 + (i % 3) * 10 // the institution keeps 60–80%, researchers share the rest
    const r1 = RESEARCHERS[i % RESEARCHERS.length]!
    const r2 = RESEARCHERS[(i + 5) % RESEARCHERS.length]!
    const rest = 100 - share
    const id = await insertAchievement(db, {
      orgId,
      createdBy: creators.get(a.org)!,
      title: a.title,
      summary: a.summary,
      details: `【机密详情】${a.title}的关键工艺参数、配方与试验数据，含完整技术方案、检测报告和产业化成本测算。仅向经授权的企业提供。`,
      industryCode: a.industry,
      trl: a.trl,
      transactionModes: a.modes,
      priceKind: a.price === null ? 'negotiable' : Array.isArray(a.price) ? 'range' : 'amount',
      priceMinFen: a.price === null ? null : (Array.isArray(a.price) ? a.price[0] : a.price) * WAN,
      priceMaxFen: a.price === null ? null : (Array.isArray(a.price) ? a.price[1] : a.price) * WAN,
      benefit: a.benefit,
      keywords: a.keywords,
      ipRights: a.patent ? [{ kind: 'invention_patent', number: `ZL${a.patent}`, status: 'granted', territory: 'CN' }] : [],
      contributors: [
        { name: orgNames.get(a.org)!, kind: 'organisation', sharePpm: share * 10_000 },
        { name: r1, kind: 'researcher', sharePpm: Math.ceil(rest / 2) * 10_000 },
        { name: r2, kind: 'researcher', sharePpm: Math.floor(rest / 2) * 10_000 },
      ],
      importKey: `demo-seed:${i}`,
    })
    if (!id) continue
    achievements++
    const s = statusFor(i)
    const publishedAt = s.publishedDaysAgo !== undefined ? new Date(Date.now() - s.publishedDaysAgo * DAY) : null
    const expiresAt = publishedAt ? new Date(publishedAt.getTime() + ttlMonths * 30.4 * DAY) : null
    await setAchievementStatus(db, id, { status: s.status, statusReason: s.reason ?? null, publishedAt, expiresAt })
  }

  let needs = 0
  for (const [i, n] of DEMO_NEEDS.entries()) {
    const orgId = orgIds.get(n.org)!
    const exists = await db.selectFrom('needs').select('id').where('org_id', '=', orgId).where('title', '=', n.title).executeTakeFirst()
    if (exists) continue
    const deadline = new Date(Date.now() + n.deadlineDays * DAY).toISOString().slice(0, 10)
    const id = await insertNeed(db, {
      orgId,
      createdBy: creators.get(n.org)!,
      title: n.title,
      problem: n.problem,
      desiredOutcome: n.outcome,
      industryCode: n.industry,
      budgetKind: n.budget ? 'range' : 'negotiable',
      budgetMinFen: n.budget ? n.budget[0] * WAN : null,
      budgetMaxFen: n.budget ? n.budget[1] * WAN : null,
      deadline,
      preferredModes: n.modes,
      divisionCode: orgDivisions.get(n.org)!,
      keywords: n.keywords,
    })
    needs++
    const status: ListingStatus = i === 4 ? 'submitted' : i === 13 ? 'draft' : 'published'
    const publishedAt = status === 'published' ? new Date(Date.now() - (3 + ((i * 19) % 120)) * DAY) : null
    const expiresAt = publishedAt ? new Date(publishedAt.getTime() + ttlMonths * 30.4 * DAY) : null
    await setNeedStatus(db, id, { status, publishedAt, expiresAt })
  }
  return { achievements, needs }
}
