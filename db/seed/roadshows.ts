import { openDeal } from '../../server/deals/open'
import { roadshowRulesOn } from '../../server/roadshows/policy'
import type { Executor } from '../index'
import { insertJudges, insertRegistration, insertRoadshow, insertRoadshowItems } from '../repos/roadshows'
import { loadPrincipal } from '../repos/users'
import { SessionRecorder, type Person } from './roadshow-session'

// Demo 路演 (ADR 033), organised by the demo technology manager (柳州科技大市场
// 技术转移中心): one upcoming in three days with registrations and advance
// questions, and one held last week with its whole record — the host's moves,
// chat (one line taken down), questions with votes and answers, a poll, five
// judges' scores closed per item, intents, and a deal room opened from one of
// them. Roadshows are found again by organiser and title, so reseeding adds
// none; an upcoming one whose date has passed is moved three days ahead again.

const HOUR = 3_600_000
const DAY = 24 * HOUR
const MIN = 60_000
const meta = { ip: null, userAgent: null, requestId: 'demo-seed' }
const UPCOMING = '新能源汽车热管理与智能装备专场路演'
const PAST = '汽车轻量化与智能制造成果路演（第一期）'

type Who = Person & { orgId: string; orgName: string }

async function person(trx: Executor, email: string): Promise<Who | null> {
  const r = await trx
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .innerJoin('organisations', 'organisations.id', 'memberships.org_id')
    .select(['users.id', 'users.name', 'organisations.id as org_id', 'organisations.name as org_name'])
    .where('users.email', '=', email)
    .executeTakeFirst()
  return r ? { userId: r.id, name: r.name, orgId: r.org_id, orgName: r.org_name } : null
}

async function achievement(trx: Executor, title: string) {
  return trx
    .selectFrom('achievements')
    .select(['id', 'org_id', 'created_by', 'title'])
    .where('title', '=', title)
    .where('status', '=', 'published')
    .executeTakeFirst()
}

export async function seedDemoRoadshows(trx: Executor, now = new Date()) {
  const emails = ['manager@demo.kjdsc.cn', 'enterprise@demo.kjdsc.cn', 'liunan-owner@demo.kjdsc.cn', 'battery-owner@demo.kjdsc.cn', 'tea-owner@demo.kjdsc.cn']
  const judgeEmails = [
    'auto-admin@demo.kjdsc.cn',
    'mat-admin@demo.kjdsc.cn',
    'lcmu-admin@demo.kjdsc.cn',
    'agri-admin@demo.kjdsc.cn',
    'institution@demo.kjdsc.cn',
  ]
  const people = await Promise.all(emails.map((e) => person(trx, e)))
  const judges = await Promise.all(judgeEmails.map((e) => person(trx, e)))
  if (people.some((p) => !p) || judges.some((j) => !j)) return { roadshows: 0 }
  const [host, longteng, liunan, battery, tea] = people as [Who, Who, Who, Who, Who]
  const rules = roadshowRulesOn(now)
  const existing = async (title: string) =>
    trx.selectFrom('roadshows').select(['id', 'status', 'starts_at']).where('org_id', '=', host.orgId).where('title', '=', title).executeTakeFirst()
  let made = 0

  const make = async (
    title: string,
    theme: string,
    startsAt: Date,
    itemTitles: string[],
    status: 'scheduled' | 'ended',
    extra: { recordingUrl?: string } = {}
  ) => {
    const achievements = (await Promise.all(itemTitles.map((t) => achievement(trx, t)))).filter((a) => !!a)
    if (achievements.length === 0) return null
    const id = await insertRoadshow(trx, {
      orgId: host.orgId,
      createdBy: host.userId,
      hostUserId: host.userId,
      title,
      theme,
      industryCode: null,
      startsAt,
      plannedEndAt: new Date(startsAt.getTime() + 2 * HOUR),
      venueMode: 'both',
      venueAddress: '柳州市柳南区科技大市场一楼路演厅',
      audience: 'public',
      streamKind: 'none',
      streamUrl: null,
      recordingUrl: extra.recordingUrl ?? null,
      rubric: rules.defaultRubric,
      status: 'scheduled',
    })
    const itemIds = await insertRoadshowItems(
      trx,
      id,
      achievements.map((a, i) => ({
        position: i + 1,
        achievementId: a.id,
        title: a.title,
        presenterName: i === 0 ? '罗振宇' : '莫丽华',
        presenterUserId: a.created_by,
        pitchMinutes: 8,
        qaMinutes: 7,
      }))
    )
    await insertJudges(
      trx,
      id,
      judges.map((j) => j!.userId),
      host.userId
    )
    for (const p of [longteng, liunan, battery, tea]) await insertRegistration(trx, { roadshowId: id, userId: p.userId, orgId: p.orgId })
    made++
    return { id, itemIds, achievements }
  }

  // Upcoming: registrations and two advance questions.
  const up = await existing(UPCOMING)
  if (!up) {
    const r = await make(UPCOMING, '新能源汽车', new Date(now.getTime() + 3 * DAY), ['热泵空调低温制热增焓控制策略', '装载机自动铲装控制系统'], 'scheduled')
    if (r) {
      const rec = new SessionRecorder(trx, r.id)
      await rec.ask(longteng, r.itemIds[0]!, '-20℃ 工况下的能效数据是否有第三方检测报告？', new Date(now.getTime() - 2 * HOUR), true)
      await rec.ask(liunan, r.itemIds[1] ?? null, '自动铲装系统能否适配国产 5 吨装载机的电液系统？', new Date(now.getTime() - HOUR), true)
    }
  } else if (up.status === 'scheduled' && up.starts_at < now) {
    const startsAt = new Date(now.getTime() + 3 * DAY)
    await trx
      .updateTable('roadshows')
      .set({ starts_at: startsAt, planned_end_at: new Date(startsAt.getTime() + 2 * HOUR) })
      .where('id', '=', up.id)
      .execute()
  }

  // Held a week ago: the whole record.
  if (!(await existing(PAST))) {
    const start = new Date(now.getTime() - 7 * DAY)
    const r = await make(PAST, '汽车轻量化', start, ['新能源汽车电池包液冷板一体化成型技术', '焊接机器人焊缝视觉跟踪系统'], 'ended', {
      recordingUrl: 'https://video.example.cn/roadshows/demo-2026-01.mp4',
    })
    if (r && r.itemIds.length === 2) {
      const [item1, item2] = r.itemIds as [string, string]
      const t = (m: number) => new Date(start.getTime() + m * MIN)
      const rec = new SessionRecorder(trx, r.id)
      const pre = await rec.ask(battery, item1, '液冷板的流道能否按我们的电芯排布定制？', t(-24 * 60), true)
      await rec.start(item1, t(2))
      await rec.chat(host, '各位嘉宾下午好，路演马上开始，提问请在“提问”栏提交。', t(2))
      await rec.chat(longteng, '已就位，期待！', t(3))
      const spam = await rec.chat(tea, '加微信了解更多优惠', t(4))
      await rec.hideChat([spam], host.userId, t(5))
      await rec.chat(liunan, '吹胀加钎焊的良品率大概多少？', t(8))
      await rec.qa(item1, true, t(10))
      const q1 = await rec.ask(longteng, item1, '两款车型的台架验证数据能否在签约前提供？', t(11))
      const q2 = await rec.ask(liunan, item1, '小批量（每月 500 件）时单件成本是多少？', t(12))
      await rec.vote(q2.id, [longteng.userId, battery.userId, tea.userId], t(13))
      await rec.vote(q1.id, [battery.userId], t(13))
      await rec.vote(pre.id, [longteng.userId, liunan.userId], t(13))
      await rec.answered(q2.id, host.userId, t(15))
      await rec.answered(pre.id, host.userId, t(16))
      await rec.poll({
        itemId: item1,
        question: '贵单位最关注液冷板技术的哪一点？',
        options: ['成本', '热性能', '交付周期'],
        by: host.userId,
        answers: [
          [longteng.userId, [0]],
          [liunan.userId, [1]],
          [battery.userId, [0]],
          [tea.userId, [2]],
        ],
        openedAt: t(14),
        closedAt: t(17),
      })
      await rec.qa(item1, false, t(17))
      const score = (base: number) => Object.fromEntries(rules.defaultRubric.map((c, i) => [c.key, Math.min(100, base + i * 2)]))
      await rec.scores(
        item1,
        rules.defaultRubric,
        judges.map((j, i) => [j!.userId, score([78, 84, 88, 90, 95][i]!)]),
        rules.dropExtremesFromJudges,
        t(18)
      )
      const intent = await rec.intent(item1, longteng, 'licence', '拟用于明年两款纯电车型，希望洽谈普通许可及技术服务。', t(18))
      await rec.intent(item1, battery, 'co_development', '储能电池柜液冷方案，可联合开发。', t(19))
      await rec.audience(
        item1,
        [longteng, liunan, battery, tea].map((p) => p.userId),
        4,
        t(18)
      )
      await rec.next(item1, item2, t(20))
      await rec.pin('demo-pin-2', '第二个项目：焊接机器人焊缝视觉跟踪系统', host.name, t(20))
      await rec.chat(battery, '视觉跟踪对反光的铝合金焊缝效果如何？', t(24))
      await rec.qa(item2, true, t(28))
      const q3 = await rec.ask(tea, item2, '中厚板多层多道焊的节拍能提升多少？', t(29))
      await rec.vote(q3.id, [liunan.userId], t(30))
      await rec.answered(q3.id, host.userId, t(32))
      await rec.qa(item2, false, t(34))
      await rec.scores(
        item2,
        rules.defaultRubric,
        judges.map((j, i) => [j!.userId, score([70, 76, 80, 83, 86][i]!)]),
        rules.dropExtremesFromJudges,
        t(35)
      )
      await rec.intent(item2, liunan, 'transfer', '', t(35))
      await rec.audience(
        item2,
        [longteng, liunan, battery].map((p) => p.userId),
        3,
        t(35)
      )
      const actor = await loadPrincipal(trx, host.userId)
      const a1 = r.achievements[0]!
      const deal = await openDeal(
        trx,
        actor ?? null,
        {
          title: `路演意向：${a1.title}`,
          source: { kind: 'roadshow', id: intent },
          sellerOrgId: a1.org_id,
          buyerOrgIds: [longteng.orgId],
          achievementIds: [a1.id],
          members: [
            { userId: longteng.userId, role: 'party', orgId: longteng.orgId },
            { userId: a1.created_by, role: 'party', orgId: a1.org_id },
            { userId: host.userId, role: 'manager', orgId: host.orgId },
          ],
        },
        meta
      )
      await rec.linkDeal(intent, deal.id)
      await rec.end(item2, 4, t(40))
    }
  }
  return { roadshows: made }
}
