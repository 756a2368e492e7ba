import { sql } from 'kysely'
import type { Executor } from '../index'
import type { NotificationCategory } from '../schema'

// Demo notifications (ADR 024): a few read and unread ones for each demo role,
// pointing at the demo's own listings, so the bell and /notifications show
// something on first sign-in. A user who already has notifications is left alone
// (the seed runs again on every `npm run db:seed`).

interface DemoNotice {
  kind: string
  category: NotificationCategory
  params: Record<string, string>
  link: string
  hoursAgo: number
  read?: boolean
}

export async function seedDemoNotifications(trx: Executor) {
  const users = new Map(
    (await trx.selectFrom('users').select(['id', 'email']).where('email', 'like', '%@demo.kjdsc.cn').execute()).map((u) => [u.email.split('@')[0]!, u.id]),
  )
  const lzut = await trx.selectFrom('organisations').select(['id', 'name']).where('contact_email', '=', 'contact-lzut@demo.kjdsc.cn').executeTakeFirst()
  const longteng = await trx.selectFrom('organisations').select(['id', 'name']).where('contact_email', '=', 'contact-longteng@demo.kjdsc.cn').executeTakeFirst()
  const ach = lzut && (await trx.selectFrom('achievements').select(['id', 'title']).where('org_id', '=', lzut.id).where('status', '=', 'published').orderBy('created_at').limit(2).execute())
  const need = longteng && (await trx.selectFrom('needs').select(['id', 'title']).where('org_id', '=', longteng.id).where('status', '=', 'published').orderBy('created_at').limit(1).executeTakeFirst())
  if (!lzut || !longteng || !ach?.length || !need) return 0
  const a1 = ach[0]!
  const a2 = ach[1] ?? a1
  await seedWaitingRecords(trx, users.get('enterprise'), longteng.id, a1.id, a2.id)
  const match = { need: need.title, achievement: a1.title }
  const announcement = (title: string, hoursAgo: number, read = false): DemoNotice => ({
    kind: 'notice_announcement',
    category: 'notices',
    params: { title },
    link: '/achievements',
    hoursAgo,
    read,
  })

  const plan: Record<string, DemoNotice[]> = {
    admin: [announcement('2026 年第四季度科技成果集中发布活动', 50, true), announcement('平台将于周六 22:00–23:00 例行维护', 3)],
    researcher: [
      { kind: 'listing_approve', category: 'listings', params: { title: a1.title, reason: '' }, link: `/achievements/${a1.id}`, hoursAgo: 120, read: true },
      { kind: 'details_requested', category: 'requests', params: { title: a1.title, org: longteng.name }, link: `/achievements/${a1.id}/access`, hoursAgo: 20 },
      { kind: 'match_proposed', category: 'matches', params: { ...match, manager: '蓝海燕' }, link: '/my/matches', hoursAgo: 6 },
    ],
    institution: [
      { kind: 'interest_registered', category: 'requests', params: { title: a2.title, org: longteng.name }, link: `/achievements/${a2.id}/access`, hoursAgo: 30 },
      { kind: 'details_requested', category: 'requests', params: { title: a1.title, org: longteng.name }, link: `/achievements/${a1.id}/access`, hoursAgo: 20 },
      { kind: 'match_proposed', category: 'matches', params: { ...match, manager: '蓝海燕' }, link: '/my/matches', hoursAgo: 6 },
    ],
    enterprise: [
      { kind: 'details_granted', category: 'requests', params: { title: a2.title }, link: `/achievements/${a2.id}/details`, hoursAgo: 72, read: true },
      { kind: 'need_responded', category: 'requests', params: { title: need.title, org: lzut.name }, link: `/needs/${need.id}#responses`, hoursAgo: 26 },
      { kind: 'match_proposed', category: 'matches', params: { ...match, manager: '蓝海燕' }, link: '/my/matches', hoursAgo: 6 },
    ],
    manager: [
      { kind: 'match_interested', category: 'matches', params: { ...match, org: longteng.name }, link: '/match-board', hoursAgo: 4 },
      { kind: 'match_declined', category: 'matches', params: { need: need.title, achievement: a2.title, org: lzut.name }, link: '/match-board', hoursAgo: 48, read: true },
    ],
    agency: [announcement('技术经理人继续教育课程报名开始', 10), announcement('2026 年度技术转移机构绩效评价通知', 96, true)],
    registrar: [announcement('技术合同认定登记规范（2026 修订）已发布', 8), announcement('年度登记数据报送截止提醒', 80, true)],
    city: [announcement('全市科技成果转化月报已生成', 12), announcement('2026 年第四季度科技成果集中发布活动', 50, true)],
    county: [announcement('柳南区企业技术需求征集进展', 9)],
    applicant: [announcement('欢迎加入柳州科技大市场：机构审核通过后即可发布成果与需求', 2)],
  }

  let n = 0
  for (const [who, notices] of Object.entries(plan)) {
    const userId = users.get(who)
    if (!userId) continue
    const has = await trx.selectFrom('notifications').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst()
    if (has) continue
    await trx
      .insertInto('notifications')
      .values(
        notices.map((x) => ({
          user_id: userId,
          kind: x.kind,
          category: x.category,
          params: JSON.stringify(x.params),
          link: x.link,
          created_at: sql<Date>`now() - make_interval(hours => ${x.hoursAgo})`,
          read_at: x.read ? sql<Date>`now() - make_interval(hours => ${Math.max(0, x.hoursAgo - 1)})` : null,
          // Demo rows are not mailed: mark them so the first digest does not send them.
          mailed_at: sql<Date>`now()`,
        })),
      )
      .execute()
    n += notices.length
  }
  return n
}

/**
 * What the demo's notifications speak of, so 待办 has it too: the enterprise's
 * pending request for the details of one 柳州理工大学 achievement and its open
 * interest in another (left alone when already there).
 */
async function seedWaitingRecords(trx: Executor, enterpriseUserId: string | undefined, orgId: string, a1: string, a2: string) {
  if (!enterpriseUserId) return
  const request = await trx.selectFrom('detail_requests').select('id').where('achievement_id', '=', a1).where('requester_org_id', '=', orgId).executeTakeFirst()
  if (!request) {
    await trx
      .insertInto('detail_requests')
      .values({
        achievement_id: a1,
        requester_id: enterpriseUserId,
        requester_org_id: orgId,
        purpose: '评估在我司电驱壳体产线上应用的可行性，拟小批量试制。',
        terms_accepted_at: sql<Date>`now() - interval '20 hours'`,
        created_at: sql<Date>`now() - interval '20 hours'`,
      })
      .execute()
  }
  const interest = await trx.selectFrom('interests').select('id').where('achievement_id', '=', a2).where('org_id', '=', orgId).executeTakeFirst()
  if (!interest && a2 !== a1) {
    await trx
      .insertInto('interests')
      .values({ achievement_id: a2, user_id: enterpriseUserId, org_id: orgId, contact_preference: 'platform', note: '希望了解技术许可方式与报价。', created_at: sql<Date>`now() - interval '30 hours'` })
      .execute()
  }
}

/** Whatever the demo seed notified (rooms opened, offers, notices) counts as already mailed: the first digest sends none of it. */
export async function markDemoNotificationsMailed(trx: Executor) {
  await trx.updateTable('notifications').set({ mailed_at: sql<Date>`now()` }).where('mailed_at', 'is', null).execute()
}
