import type { Executor } from '../index'
import type { DealClosedReason, DealSource, DealStage } from '../schema'

// Demo deal rooms (交易洽谈室): one at every stage and one closed as lost, among
// Liuzhou's automotive and machinery makers and the institutions, with the demo
// researcher, institution admin, enterprise and technology manager in them, so
// each of those roles sees rooms on /deals. Messages, system lines and the
// stage history carry believable times. Runs once: skipped when the rooms exist.

interface Line {
  /** Demo e-mail's local part, or a system line: 'system:<key>' with params. */
  who: string
  text: string
  params?: Record<string, string>
}

interface DemoRoom {
  title: string
  achievement: string
  need?: string
  seller: string
  buyer: string
  source: DealSource
  stage: DealStage
  closed?: { reason: DealClosedReason; note: string }
  members: string[]
  managers: string[]
  daysAgo: number
  lines: Line[]
}

const PATH: DealStage[] = ['intent', 'negotiation', 'terms_agreed', 'signing', 'contract', 'implementation']

const ROOMS: DemoRoom[] = [
  {
    title: '焊接机器人焊缝视觉跟踪系统',
    achievement: '焊接机器人焊缝视觉跟踪系统',
    seller: 'lzut',
    buyer: 'longteng',
    source: 'manager',
    stage: 'intent',
    members: ['researcher', 'enterprise'],
    managers: ['manager'],
    daysAgo: 2,
    lines: [
      { who: 'manager', text: '两位好，龙腾的副车架焊装线正在做自动化改造，柳州理工大学这套焊缝视觉跟踪系统在工程机械上已有应用，我先拉个群大家认识一下。' },
      { who: 'enterprise', text: '感谢蓝老师。我们现在 6 台焊接机器人靠示教编程，来料偏差超过 1 毫米就容易焊偏，想了解视觉跟踪能做到什么精度。' },
      { who: 'researcher', text: '@黄志强 黄总好，目前在 3~8 毫米板厚的角焊缝上，跟踪精度 ±0.2 毫米，对弧光和飞溅做了专门滤波。方便的话可以先发几张你们焊缝的照片。' },
    ],
  },
  {
    title: '新能源汽车电池包液冷板一体化成型技术',
    achievement: '新能源汽车电池包液冷板一体化成型技术',
    need: '寻求底盘零部件轻量化设计合作',
    seller: 'auto',
    buyer: 'longteng',
    source: 'match',
    stage: 'negotiation',
    members: ['auto-admin', 'enterprise'],
    managers: ['manager'],
    daysAgo: 9,
    lines: [
      { who: 'manager', text: '液冷板一体化成型和龙腾明年的电池托盘项目很契合，双方都已确认意向。' },
      { who: 'enterprise', text: '我们关心两点：一是泄漏率能否稳定在 1×10⁻⁶ Pa·m³/s 以下，二是现有冲压线改造投入大概多少。' },
      { who: 'auto-admin', text: '泄漏率在中试线上连续三个月达标，检测报告可以在授权后提供。改造主要是增加一套真空钎焊炉，投入在 300 万元左右。' },
      { who: 'enterprise', text: '价格方面我们倾向普通许可加提成，首付款希望控制在 80 万以内，@罗振宇 您看是否可以考虑？' },
      { who: 'auto-admin', text: '可以谈。我们内部先评估一下提成比例，下周给出正式报价。' },
    ],
  },
  {
    title: '轴承套圈磨削表面完整性控制技术',
    achievement: '轴承套圈磨削表面完整性控制技术',
    need: '液压阀芯精密磨削表面质量',
    seller: 'lzut',
    buyer: 'liunan',
    source: 'match',
    stage: 'terms_agreed',
    members: ['researcher', 'institution', 'liunan-owner'],
    managers: ['manager'],
    daysAgo: 24,
    lines: [
      { who: 'liunan-owner', text: '阀芯磨削烧伤这个问题困扰我们很久了，听说理工大学的方法在轴承厂用得不错。' },
      { who: 'researcher', text: '原理相通，关键是砂轮修整参数和冷却液喷射角度，我们可以先到车间做一次工艺诊断。' },
      { who: 'institution', text: '学校这边同意以普通许可方式实施，许可期限五年，费用按双方确认的报价执行。' },
      { who: 'liunan-owner', text: '好的，条款我们已经确认，下一步请经纪人帮忙准备合同文本。' },
    ],
  },
  {
    title: '汽车弹簧钢表面纳米化喷丸强化',
    achievement: '汽车弹簧钢表面纳米化喷丸强化',
    seller: 'mat',
    buyer: 'longteng',
    source: 'interest',
    stage: 'signing',
    members: ['mat-admin', 'enterprise'],
    managers: [],
    daysAgo: 40,
    lines: [
      { who: 'enterprise', text: '稳定杆疲劳寿命提升的台架数据我们看过了，决定引进这项工艺。' },
      { who: 'mat-admin', text: '合同文本已按确认的条款起草，请法务重点看一下技术指导的人天数和验收标准。' },
      { who: 'enterprise', text: '法务提了两处修改：验收以 50 万次疲劳试验不断裂为准；培训改为现场 10 个工作日。' },
      { who: 'mat-admin', text: '可以接受，修改后的版本今天发出，盖章后寄回即可。' },
    ],
  },
  {
    title: '钢渣微粉制备高性能混凝土掺合料',
    achievement: '钢渣微粉制备高性能混凝土掺合料',
    seller: 'mat',
    buyer: 'battery',
    source: 'manager',
    stage: 'contract',
    members: ['mat-admin', 'battery-owner'],
    managers: ['manager'],
    daysAgo: 75,
    lines: [
      { who: 'manager', text: '合同双方已签字盖章，我这边协助到市技术合同认定登记站办理登记，减免税需要登记证明。' },
      { who: 'battery-owner', text: '谢谢蓝老师，需要我们准备哪些材料？' },
      { who: 'manager', text: '合同原件、双方营业执照复印件、技术交易价款的收付款凭证，首期款到账后即可申请。' },
    ],
  },
  {
    title: '汽车座椅骨架热成形钢激光拼焊技术',
    achievement: '汽车座椅骨架热成形钢激光拼焊技术',
    seller: 'auto',
    buyer: 'liunan',
    source: 'match',
    stage: 'implementation',
    members: ['auto-admin', 'liunan-owner'],
    managers: ['manager'],
    daysAgo: 150,
    lines: [
      { who: 'auto-admin', text: '激光拼焊工作站已完成安装调试，首批 200 件样件送检。' },
      { who: 'liunan-owner', text: '样件检测全部合格，减重 18%，主机厂很满意。下个月开始小批量供货。' },
      { who: 'manager', text: '恭喜！按合同约定，第二期款在小批量供货后支付，我会跟进项目进度，便于年底填报成果转化项目统计。' },
    ],
  },
  {
    title: '装载机自动铲装控制系统',
    achievement: '装载机自动铲装控制系统',
    seller: 'lzut',
    buyer: 'longteng',
    source: 'interest',
    stage: 'closed_lost',
    closed: { reason: 'price', note: '企业预算上限 120 万元，与学校报价 260 万元差距过大，双方同意暂停，明年预算调整后再议。' },
    members: ['researcher', 'institution', 'enterprise'],
    managers: ['manager'],
    daysAgo: 60,
    lines: [
      { who: 'enterprise', text: '我们对自动铲装很感兴趣，想用在厂内物料转运上。' },
      { who: 'institution', text: '这项成果以作价投资或独占许可为主，报价 260 万元，含两年技术支持。' },
      { who: 'enterprise', text: '今年设备预算只剩 120 万，差距实在太大了。' },
      { who: 'manager', text: '理解双方的难处，我建议先暂停，明年预算出来后我再来撮合。' },
    ],
  },
]

const email = (local: string) => `${local}@demo.kjdsc.cn`
const minutes = (n: number) => n * 60 * 1000

export async function seedDemoDealRooms(db: Executor, orgIds: Map<string, string>) {
  const first = await db.selectFrom('deals').select('id').where('title', '=', ROOMS[0]!.title).executeTakeFirst()
  if (first) return 0
  const users = new Map((await db.selectFrom('users').select(['id', 'email', 'name']).where('email', 'like', '%@demo.kjdsc.cn').execute()).map((u) => [u.email, u]))
  const managerAgency = new Map(
    (await db.selectFrom('manager_profiles').select(['user_id', 'agency_id']).execute()).map((m) => [m.user_id, m.agency_id]),
  )
  const memberOrg = async (userId: string) =>
    (await db.selectFrom('memberships').select('org_id').where('user_id', '=', userId).executeTakeFirst())?.org_id ?? null
  let made = 0
  for (const r of ROOMS) {
    const a = await db.selectFrom('achievements').select(['id', 'created_by']).where('title', '=', r.achievement).executeTakeFirst()
    const sellerOrg = orgIds.get(r.seller)
    const buyerOrg = orgIds.get(r.buyer)
    if (!a || !sellerOrg || !buyerOrg) continue
    const n = r.need ? await db.selectFrom('needs').select('id').where('title', '=', r.need).executeTakeFirst() : undefined
    const opened = new Date(Date.now() - r.daysAgo * 24 * 3600 * 1000)
    const manager = r.managers.map((m) => users.get(email(m))).find(Boolean)
    const opener = manager ?? users.get(email(r.members[0]!))!
    const { id } = await db
      .insertInto('deals')
      .values({ title: r.title, source_kind: r.source, source_id: null, created_by: opener.id, created_at: opened, updated_at: opened })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.insertInto('deal_parties').values([{ deal_id: id, org_id: sellerOrg, side: 'seller' }, { deal_id: id, org_id: buyerOrg, side: 'buyer' }]).execute()
    await db.insertInto('deal_listings').values({ deal_id: id, achievement_id: a.id, need_id: null }).execute()
    if (n) await db.insertInto('deal_listings').values({ deal_id: id, achievement_id: null, need_id: n.id }).execute()
    for (const local of r.members) {
      const u = users.get(email(local))
      if (u) await db.insertInto('deal_members').values({ deal_id: id, user_id: u.id, role: 'party', org_id: await memberOrg(u.id), added_by: opener.id, created_at: opened }).execute()
    }
    for (const local of r.managers) {
      const u = users.get(email(local))
      if (u) await db.insertInto('deal_members').values({ deal_id: id, user_id: u.id, role: 'manager', org_id: managerAgency.get(u.id) ?? null, added_by: opener.id, created_at: opened }).execute()
    }

    // The conversation and the stage history, spread over the room's life.
    let at = opened.getTime()
    const step = Math.max(minutes(20), Math.floor((r.daysAgo * 24 * 3600 * 1000 * 0.8) / (r.lines.length + PATH.length + 2)))
    const system = async (body: string, params: Record<string, string>) => {
      await db.insertInto('deal_messages').values({ deal_id: id, author_id: null, kind: 'system', body, params: JSON.stringify(params), created_at: new Date(at) }).execute()
    }
    await db.insertInto('deal_stage_changes').values({ deal_id: id, from_stage: null, to_stage: 'intent', actor_id: opener.id, at: new Date(at) }).execute()
    await system('deals.system.opened', { source: r.source, actor: opener.name })
    const target = r.stage === 'closed_lost' ? 'negotiation' : r.stage
    const stages = PATH.slice(1, PATH.indexOf(target) + 1)
    const perStage = Math.ceil(r.lines.length / (stages.length + 1))
    let from: DealStage = 'intent'
    let lineNo = 0
    let lastId = 0
    const say = async (l: Line) => {
      at += step
      const u = users.get(email(l.who))
      if (!u) return
      const mentions = [...users.values()].filter((x) => l.text.includes(`@${x.name}`)).map((x) => x.id)
      const row = await db
        .insertInto('deal_messages')
        .values({ deal_id: id, author_id: u.id, kind: 'text', body: l.text, mentions, created_at: new Date(at) })
        .returning('id')
        .executeTakeFirstOrThrow()
      lastId = row.id
    }
    for (const to of [...stages, null]) {
      for (let k = 0; k < perStage && lineNo < r.lines.length; k++) await say(r.lines[lineNo++]!)
      if (!to) break
      at += step
      const actor = opener
      await db.insertInto('deal_stage_changes').values({ deal_id: id, from_stage: from, to_stage: to, actor_id: actor?.id ?? null, at: new Date(at) }).execute()
      await system('deals.system.stage', { actor: actor?.name ?? '', from, to })
      from = to
    }
    while (lineNo < r.lines.length) await say(r.lines[lineNo++]!)
    if (r.closed) {
      at += step
      const closer = users.get(email(r.members[r.members.length - 1]!))!
      await db
        .insertInto('deal_stage_changes')
        .values({ deal_id: id, from_stage: from, to_stage: 'closed_lost', reason: r.closed.reason, note: r.closed.note, actor_id: closer.id, at: new Date(at) })
        .execute()
      await system('deals.system.closed', { actor: closer.name, reason: r.closed.reason })
    }
    await db
      .updateTable('deals')
      .set({ stage: r.stage, closed_reason: r.closed?.reason ?? null, closed_note: r.closed?.note ?? null, updated_at: new Date(at) })
      .where('id', '=', id)
      .execute()
    // Everyone but the enterprise has read to the end, so the demo shows unread messages and receipts.
    for (const local of [...r.members, ...r.managers].filter((m) => m !== 'enterprise')) {
      const u = users.get(email(local))
      if (u && lastId) await db.insertInto('deal_reads').values({ deal_id: id, user_id: u.id, last_message_id: lastId, read_at: new Date(at) }).execute()
    }
    made++
  }
  return made
}
