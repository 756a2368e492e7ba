import type { Executor } from '../index'
import { insertObjection, insertRegistration, insertNotice, setObjectionAnswer } from '../repos/notices'
import { DealTermsSchema } from '../../server/deals/terms'
import { concludeNoticeIn } from '../../server/notices/notices'
import { periodEnd, workingCalendar } from '../../server/platform/working-days'

// Demo 挂牌公示 (ADR 025): one notice of 柳州理工大学 in its period, with an
// enterprise registered and an objection answered, and one concluded (the only
// buyer, 柳州龙腾汽车零部件, went into a deal room) whose results are published.
// Runs once: nothing is added when a notice exists.

const DAY = 86_400_000
const meta = { ip: null, userAgent: null, requestId: 'demo-seed' }

async function published(trx: Executor, orgId: string, title: string) {
  return trx.selectFrom('achievements').select(['id', 'title']).where('org_id', '=', orgId).where('title', '=', title).where('status', '=', 'published').executeTakeFirst()
}

export async function seedDemoNotices(trx: Executor) {
  if (await trx.selectFrom('listing_notices').select('id').limit(1).executeTakeFirst()) return { notices: 0 }
  const user = (email: string) => trx.selectFrom('users').select(['id', 'name']).where('email', '=', email).executeTakeFirst()
  const org = (name: string) => trx.selectFrom('organisations').select(['id', 'name']).where('name', '=', name).executeTakeFirst()
  const [institution, enterprise, lzut, longteng] = await Promise.all([user('institution@demo.kjdsc.cn'), user('enterprise@demo.kjdsc.cn'), org('柳州理工大学'), org('柳州龙腾汽车零部件有限公司')])
  if (!institution || !enterprise || !lzut || !longteng) return { notices: 0 }
  const [inPeriod, done] = await Promise.all([published(trx, lzut.id, '焊接机器人焊缝视觉跟踪系统'), published(trx, lzut.id, '轴承套圈磨削表面完整性控制技术')])
  const now = new Date()
  let notices = 0

  if (inPeriod) {
    const startsAt = new Date(now.getTime() - 3 * DAY)
    const terms = DealTermsSchema.parse({
      mode: 'transfer',
      price: { structure: 'lump_sum', amountFen: 85_000_000 },
      deliverables: '专利权 1 项（发明）、视觉跟踪软件源代码及技术文档；现场安装调试一套。',
      warrantyMonths: 12,
      note: '受让方须在柳州市内实施转化。',
    })
    const id = await insertNotice(trx, { achievementId: inPeriod.id, orgId: lzut.id, terms, priceFen: 85_000_000, workingDays: 15, startsAt, endsAt: periodEnd(startsAt, 15, workingCalendar(startsAt)), createdBy: institution.id })
    await insertRegistration(trx, { noticeId: id, orgId: longteng.id, userId: enterprise.id })
    const objection = await insertObjection(trx, {
      noticeId: id,
      userId: null,
      name: '韦先生',
      contact: '0772-0000000',
      grounds: '该系统中的视觉标定方法与我单位 2021 年公开的论文相近，请说明权属是否清晰。',
      ip: null,
    })
    await setObjectionAnswer(trx, objection, '经核查，本成果的标定方法已获发明专利授权（权利人为柳州理工大学），与所述论文方法不同，权属清晰。', institution.id)
    notices++
  }

  if (done && periodEnd(new Date(now.getTime() - 40 * DAY), 15, workingCalendar(now)) < now) {
    const startsAt = new Date(now.getTime() - 40 * DAY)
    const terms = DealTermsSchema.parse({
      mode: 'licence',
      licence: { kind: 'non_exclusive', field: '轴承套圈磨削', territory: '广西壮族自治区', termMonths: 60 },
      price: { structure: 'lump_sum', amountFen: 55_000_000 },
      deliverables: '工艺规范、参数数据库及两次现场培训。',
    })
    const endsAt = periodEnd(startsAt, 15, workingCalendar(startsAt))
    // Concluded by the periodic job shortly after the end; results published 30 days from then.
    const concludedAt = new Date(endsAt.getTime() + 600_000)
    const id = await insertNotice(trx, { achievementId: done.id, orgId: lzut.id, terms, priceFen: 55_000_000, workingDays: 15, startsAt, endsAt, createdBy: institution.id })
    await insertRegistration(trx, { noticeId: id, orgId: longteng.id, userId: enterprise.id })
    // Concluded by the same rule as the periodic job, shortly after the end: the buyer's deal room at 条款确认.
    await concludeNoticeIn(trx, null, id, { minWorkingDays: 15, resultsDays: 30, objectionsPerAddress: 3, objectionWindowMinutes: 60 }, meta, concludedAt)
    notices++
  }
  return { notices }
}
