import { insertBids, setLotPrice } from '../repos/auction-bids'
import { insertAuction, insertAuctionItems, insertRegistration, nextSerial, setDepositConfirmed } from '../repos/auctions'
import type { Executor } from '../index'
import { closeAuctionIn } from '../../server/auctions/closing'
import { auctionRulesOn, defaultIncrement, depositFor } from '../../server/auctions/policy'
import { DealTermsSchema } from '../../server/deals/terms'

// Demo 科技成果竞价 (ADR 032): one lot announced (bidding opens in 8 days, one
// enterprise registered with its deposit still to confirm), one live with
// bidders whose deposits are confirmed and a few bids (柳南精工 leads, so the
// demo enterprise 柳州龙腾 can bid back), one sold to 柳州龙腾 (closed by the
// same close as the periodic job: confirmation, deal room, published result),
// and one unsold below its reserve. Lots are found again by seller and title,
// so reseeding adds none — except that the live one is re-armed: if its end
// is less than an hour away it moves to a few hours ahead, and if the periodic
// close has finished it meanwhile, a fresh live lot takes its place.

const HOUR = 3_600_000
const DAY = 24 * HOUR
const WAN = 1_000_000
const LIVE_HOURS = 4
const meta = { ip: null, userAgent: null, requestId: 'demo-seed' }

interface Ctx {
  trx: Executor
  now: Date
  adminId: string
  org: (key: string) => { id: string; userId: string }
}

interface LotPlan {
  seller: string
  achievement: string
  title: string
  summary: string
  startWan: number
  reserveWan?: number
  startsAt: Date
  endsAt: Date
  relistedFrom?: string | null
}

const ORGS: Record<string, { name: string; email: string }> = {
  lzut: { name: '柳州理工大学', email: 'institution@demo.kjdsc.cn' },
  auto: { name: '柳州汽车工程研究院', email: 'auto-admin@demo.kjdsc.cn' },
  mat: { name: '柳州新材料研究所', email: 'mat-admin@demo.kjdsc.cn' },
  longteng: { name: '柳州龙腾汽车零部件有限公司', email: 'enterprise@demo.kjdsc.cn' },
  liunan: { name: '柳南精工机械有限公司', email: 'liunan-owner@demo.kjdsc.cn' },
  battery: { name: '鹿寨新能源电池科技有限公司', email: 'battery-owner@demo.kjdsc.cn' },
}

const LIVE_TITLE = '装载机自动铲装控制系统（专利及软件著作权转让）'

async function findLot(ctx: Ctx, seller: string, title: string) {
  return ctx.trx
    .selectFrom('auctions')
    .select(['id', 'status', 'starts_at', 'ends_at', 'bid_count'])
    .where('org_id', '=', ctx.org(seller).id)
    .where('title', '=', title)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
}

async function createLot(ctx: Ctx, p: LotPlan) {
  const achievement = await ctx.trx
    .selectFrom('achievements')
    .select('id')
    .where('org_id', '=', ctx.org(p.seller).id)
    .where('title', '=', p.achievement)
    .where('status', '=', 'published')
    .executeTakeFirst()
  if (!achievement) return null
  // Announced at least the announcement period before bidding opened, under the rules of that day.
  const announcedAt = new Date(Math.min(ctx.now.getTime() - DAY, p.startsAt.getTime() - 8 * DAY))
  const rules = auctionRulesOn(announcedAt)
  const startFen = p.startWan * WAN
  const terms = DealTermsSchema.parse({
    mode: 'transfer',
    price: { structure: 'lump_sum', amountFen: startFen },
    deliverables: '专利权（发明）转让、技术资料全套及现场技术指导 10 个工作日。',
    warrantyMonths: 12,
  })
  const id = await insertAuction(ctx.trx, {
    orgId: ctx.org(p.seller).id,
    title: p.title,
    summary: p.summary,
    format: 'english',
    terms,
    startPriceFen: startFen,
    incrementFen: defaultIncrement(rules, startFen),
    reserveFen: p.reserveWan ? p.reserveWan * WAN : null,
    depositFen: depositFor(startFen, rules.deposit.defaultPpm),
    allowedOrgTypes: ['enterprise'],
    rules,
    status: 'announced',
    announcedAt,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    extensionSeconds: rules.extensionSeconds,
    relistedFrom: p.relistedFrom ?? null,
    createdBy: ctx.org(p.seller).userId,
  })
  await insertAuctionItems(ctx.trx, id, [achievement.id])
  return { id, startFen, incrementFen: defaultIncrement(rules, startFen), depositFen: depositFor(startFen, rules.deposit.defaultPpm) }
}

/** Registers the enterprises; those in `paid` get their deposit confirmed by the platform admin (a receipt number each). */
async function register(ctx: Ctx, lot: { id: string; depositFen: number }, keys: string[], paid: string[], at: Date) {
  const regs = new Map<string, { id: string; userId: string }>()
  for (const key of keys) {
    const { id: orgId, userId } = ctx.org(key)
    const reg = await insertRegistration(ctx.trx, { auctionId: lot.id, orgId, userId, depositFen: lot.depositFen, at })
    if (paid.includes(key)) {
      const receiptNo = await nextSerial(ctx.trx, 'receipt', Number(at.toISOString().slice(0, 4)))
      await setDepositConfirmed(ctx.trx, reg.id, { bankReference: `DEMO-${reg.paddle_no}-${lot.id.slice(0, 6)}`, receiptNo, by: ctx.adminId, at: new Date(at.getTime() + HOUR) })
    }
    regs.set(key, { id: reg.id, userId })
  }
  return regs
}

/** Stores a bid chain as the engine would have (the database checks each bid against the lot). */
async function bids(ctx: Ctx, lot: { id: string; endsAt: Date }, regs: Map<string, { id: string; userId: string }>, chain: { by: string; wan: number; at: Date }[]) {
  let prev: number | null = null
  await insertBids(
    ctx.trx,
    lot.id,
    chain.map((b, i) => {
      const amountFen = Math.round(b.wan * WAN)
      const bid = { seq: i + 1, amountFen, prevAmountFen: prev, registrationId: regs.get(b.by)!.id, placedAt: b.at, byProxy: false, key: `demo-${i + 1}`, userId: regs.get(b.by)!.userId }
      prev = amountFen
      return bid
    }),
  )
  const last = chain[chain.length - 1]!
  await setLotPrice(ctx.trx, lot.id, { currentPriceFen: Math.round(last.wan * WAN), leaderRegistrationId: regs.get(last.by)!.id, bidCount: chain.length, endsAt: lot.endsAt })
}

async function seedLive(ctx: Ctx) {
  const { trx, now } = ctx
  const existing = await findLot(ctx, 'lzut', LIVE_TITLE)
  if (existing?.status === 'announced' && existing.starts_at <= now) {
    // Re-armed: the end moves forward only (the database refuses to move it back).
    if (existing.ends_at.getTime() < now.getTime() + HOUR) {
      const endsAt = new Date(now.getTime() + LIVE_HOURS * HOUR)
      await trx.updateTable('auctions').set({ scheduled_end_at: endsAt, ends_at: endsAt }).where('id', '=', existing.id).execute()
      return 'rearmed'
    }
    return 'live'
  }
  if (existing?.status === 'announced') return 'live'
  const startsAt = new Date(now.getTime() - 20 * HOUR)
  const endsAt = new Date(now.getTime() + LIVE_HOURS * HOUR)
  const lot = await createLot(ctx, {
    seller: 'lzut',
    achievement: '装载机自动铲装控制系统',
    title: LIVE_TITLE,
    summary: '基于视觉与压力传感器的物料识别和铲装轨迹规划，发明专利 1 项、软件著作权 2 项；铲装满斗率提高 12%，单斗油耗降低 9%。',
    startWan: 120,
    startsAt,
    endsAt,
    // A lot the periodic close finished while the demo ran is relisted when it went unsold.
    relistedFrom: existing && existing.status === 'unsold' ? existing.id : null,
  })
  if (!lot) return null
  const regs = await register(ctx, lot, ['longteng', 'liunan', 'battery'], ['longteng', 'liunan'], new Date(startsAt.getTime() - 3 * DAY))
  await bids(ctx, { id: lot.id, endsAt }, regs, [
    { by: 'longteng', wan: 120, at: new Date(now.getTime() - 6 * HOUR) },
    { by: 'liunan', wan: 122, at: new Date(now.getTime() - 5 * HOUR) },
    { by: 'longteng', wan: 124, at: new Date(now.getTime() - 3 * HOUR) },
    { by: 'liunan', wan: 126, at: new Date(now.getTime() - 40 * 60_000) },
  ])
  return 'created'
}

async function seedAnnounced(ctx: Ctx) {
  const title = '小型农机山地丘陵履带底盘（专利转让）'
  const existing = await findLot(ctx, 'lzut', title)
  const startsAt = new Date(Math.ceil((ctx.now.getTime() + 8 * DAY) / HOUR) * HOUR)
  const endsAt = new Date(startsAt.getTime() + 2 * DAY)
  if (existing) {
    // Still an announcement when the demo is reseeded days later: bidding moves back to 8 days ahead.
    if (existing.status === 'announced' && existing.bid_count === 0 && existing.starts_at.getTime() < ctx.now.getTime() + DAY) {
      await ctx.trx.updateTable('auctions').set({ starts_at: startsAt, scheduled_end_at: endsAt, ends_at: endsAt }).where('id', '=', existing.id).execute()
    }
    return
  }
  const lot = await createLot(ctx, {
    seller: 'lzut',
    achievement: '小型农机山地丘陵履带底盘',
    title,
    summary: '模块化履带底盘可挂接开沟、施肥、植保等机具，爬坡能力达 25°，适合桂北山地甘蔗与茶园作业。',
    startWan: 60,
    reserveWan: 70,
    startsAt,
    endsAt,
  })
  if (lot) await register(ctx, lot, ['longteng'], [], new Date(ctx.now.getTime() - 2 * HOUR))
}

async function seedFinished(ctx: Ctx, p: LotPlan & { bidders: string[]; chain: { by: string; wan: number }[] }) {
  if (await findLot(ctx, p.seller, p.title)) return null
  const lot = await createLot(ctx, p)
  if (!lot) return null
  const regs = await register(ctx, lot, p.bidders, p.bidders, new Date(p.startsAt.getTime() - 3 * DAY))
  const span = p.endsAt.getTime() - p.startsAt.getTime()
  await bids(ctx, { id: lot.id, endsAt: p.endsAt }, regs, p.chain.map((b, i) => ({ ...b, at: new Date(p.startsAt.getTime() + ((i + 1) * span) / (p.chain.length + 2)) })))
  // Closed as the periodic job closes a lot, shortly after its end: deadlines and the results period count from then.
  const closedAt = new Date(p.endsAt.getTime() + 2 * 60_000)
  return { id: lot.id, closedAt, result: await closeAuctionIn(ctx.trx, lot.id, meta, closedAt) }
}

export async function seedDemoAuctions(trx: Executor, now = new Date()) {
  const admin = await trx.selectFrom('users').select('id').where('email', '=', 'admin@demo.kjdsc.cn').executeTakeFirst()
  const found = new Map<string, { id: string; userId: string }>()
  for (const [key, o] of Object.entries(ORGS)) {
    const org = await trx.selectFrom('organisations').select('id').where('name', '=', o.name).executeTakeFirst()
    const user = await trx.selectFrom('users').select('id').where('email', '=', o.email).executeTakeFirst()
    if (org && user) found.set(key, { id: org.id, userId: user.id })
  }
  if (!admin || found.size < Object.keys(ORGS).length) return { auctions: 0 }
  const ctx: Ctx = { trx, now, adminId: admin.id, org: (key) => found.get(key)! }

  await seedAnnounced(ctx)
  await seedLive(ctx)
  const sold = await seedFinished(ctx, {
    seller: 'auto',
    achievement: '永磁同步电机转子动平衡在线校正装置',
    title: '永磁同步电机转子动平衡在线校正装置（专利转让）',
    summary: '激光去重与在线测量闭环，适配 150–300 kW 驱动电机转子；动平衡校正节拍由 90 秒降至 35 秒。',
    startWan: 40,
    startsAt: new Date(now.getTime() - 4 * DAY),
    endsAt: new Date(now.getTime() - 2 * DAY),
    bidders: ['longteng', 'battery'],
    chain: [
      { by: 'longteng', wan: 40 },
      { by: 'battery', wan: 40.5 },
      { by: 'longteng', wan: 41.5 },
      { by: 'battery', wan: 42 },
      { by: 'longteng', wan: 43 },
    ],
  })
  if (sold?.result.status === 'sold') {
    // The winner signed and paid within the deadlines: the demo's sold lot stays sold (never 悔拍) however long it runs.
    const reg = await trx.selectFrom('auction_registrations').select('user_id').where('auction_id', '=', sold.id).where('org_id', '=', ctx.org('longteng').id).executeTakeFirstOrThrow()
    await trx.updateTable('auctions').set({ signed_at: new Date(sold.closedAt.getTime() + DAY), signed_by: reg.user_id, paid_at: now }).where('id', '=', sold.id).execute()
  }
  await seedFinished(ctx, {
    seller: 'mat',
    achievement: '汽车弹簧钢表面纳米化喷丸强化',
    title: '汽车弹簧钢表面纳米化喷丸强化（独占许可）',
    summary: '复合喷丸工艺形成纳米晶表层与高残余压应力，弹簧疲劳寿命提高 40%；保留价未达到，流拍。',
    startWan: 60,
    reserveWan: 80,
    startsAt: new Date(now.getTime() - 8 * DAY),
    endsAt: new Date(now.getTime() - 6 * DAY),
    bidders: ['liunan', 'battery'],
    chain: [
      { by: 'liunan', wan: 60 },
      { by: 'battery', wan: 61 },
      { by: 'liunan', wan: 62 },
    ],
  })
  return { auctions: 4 }
}
