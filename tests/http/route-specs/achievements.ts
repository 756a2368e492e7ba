import { AchievementSchema } from '../../../server/listings/schemas'
import type { Database } from '../../../db/index'
import { createAchievement } from '../../../server/listings/achievements'
import { transitionListing, type Transition } from '../../../server/listings/workflow'
import type { Principal } from '../../../server/identity/principal'
import { testMeta } from '../../helpers/factories'
import { all, everyone, signedIn, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// Achievement pages and the review queue. The achievements belong to the
// researcher's university: the researcher drafted them, the institution
// admin (same university) reviews them.

export interface Fixtures {
  published: string
  draft: string
  submitted: string
  expired: string
  takenDown: string
}

/** Members of the owning university get `insiders`; other signed-in roles `others`; anonymous goes to login. */
const forMembers = (path: string, insiders: number, others: number, extra: Partial<Expectation> = {}): Expectation => ({
  ...signedIn(path, others),
  researcher: insiders,
  institutionAdmin: insiders,
  ...extra,
})

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/achievements._index': () => [
    { path: '/achievements', expect: everyone() },
    { path: '/achievements?industry=auto&trl=6&mode=transfer&page=2', expect: everyone() },
    // Unknown filter values are ignored on a browse page, never an error.
    { path: '/achievements?industry=nope&trl=abc&mode=gift&page=-3', expect: everyone() },
    { path: `/achievements?q=${encodeURIComponent('检测 系统')}&county=450204&sort=price_asc`, expect: everyone() },
    { path: `/achievements?q=${encodeURIComponent('%_\\')}&county=nowhere&sort=best`, expect: everyone() },
  ],
  // Only members of a verified university or institute may draft.
  'routes/achievements.new': () => [{ path: '/achievements/new', expect: forMembers('/achievements/new', 200, 403) }],
  'routes/achievements.$id._index': (f) => {
    const draft = `/achievements/${f.draft}`
    const submitted = `/achievements/${f.submitted}`
    const takenDown = `/achievements/${f.takenDown}`
    return [
      { path: `/achievements/${f.published}`, expect: everyone() },
      // Expired: out of lists, but the page stays.
      { path: `/achievements/${f.expired}`, expect: everyone() },
      // Unpublished: its organisation and the platform admin see it; for everyone else it does not exist.
      { path: draft, expect: { ...all(404), researcher: 200, institutionAdmin: 200, platformAdmin: 200 } },
      { path: submitted, expect: { ...all(404), researcher: 200, institutionAdmin: 200, platformAdmin: 200 } },
      { path: takenDown, expect: { ...all(404), researcher: 200, institutionAdmin: 200, platformAdmin: 200 } },
      { path: `/achievements/${UNKNOWN_UUID}`, expect: everyone(404) },
      { path: '/achievements/not-a-uuid', expect: everyone(404) },
    ]
  },
  'routes/achievements.$id.edit': (f) => {
    const draft = `/achievements/${f.draft}/edit`
    const submitted = `/achievements/${f.submitted}/edit`
    const published = `/achievements/${f.published}/edit`
    const unknown = `/achievements/${UNKNOWN_UUID}/edit`
    return [
      // The author and the admin edit a draft; the platform admin may look at it but not edit it.
      { path: draft, expect: forMembers(draft, 200, 404, { platformAdmin: 403 }) },
      // A submitted one cannot be edited by anyone; a published one by its author and admin (it goes back to review, ADR 019).
      { path: submitted, expect: forMembers(submitted, 403, 404, { platformAdmin: 403 }) },
      { path: published, expect: forMembers(published, 200, 404, { platformAdmin: 403 }) },
      { path: unknown, expect: signedIn(unknown, 404) },
    ]
  },
  'routes/my.achievements': () => [
    { path: '/my/achievements', expect: forMembers('/my/achievements', 200, 403) },
    { path: '/my/achievements?status=returned&page=4', expect: forMembers('/my/achievements?status=returned&page=4', 200, 403) },
  ],
  // Everyone signed in may open the queue; those with nothing to review see an empty state.
  'routes/review': () => [{ path: '/review', expect: signedIn('/review') }],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/achievements.new': () => ({ path: '/achievements/new', body: { title: '匿名提交的成果' }, expect: 401 }),
  'routes/achievements.$id._index': (f) => ({ path: `/achievements/${f.published}`, body: { intent: 'takedown', reason: '匿名下架尝试' }, expect: 401 }),
  'routes/achievements.$id.edit': (f) => ({ path: `/achievements/${f.draft}/edit`, body: { title: '匿名修改' }, expect: 401 }),
  'routes/review': (f) => ({ path: '/review', body: { kind: 'achievement', id: f.submitted, intent: 'approve' }, expect: 401 }),
}

function input(orgId: string, title: string) {
  return AchievementSchema.parse({
    orgId,
    title,
    summary: '面向汽车零部件企业的在线检测系统，基于机器视觉识别表面缺陷，已在两条产线试用。',
    details: '算法模型与训练数据集说明。',
    industryCode: 'electronics.ai',
    trl: '7',
    transactionModes: ['licence', 'service'],
    priceKind: 'amount',
    priceMin: '45',
    benefit: '漏检率由 3% 降至 0.4%，每条产线节省质检人员 4 名。',
    contributors: [{ name: '柳州理工大学', kind: 'organisation', share: '100' }],
  })
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const orgId = users.researcher.orgId!
  const researcher = users.researcher.principal
  const admin = users.institutionAdmin.principal
  const make = async (title: string) => (await createAchievement(db, researcher, input(orgId, title), testMeta))!
  const move = (who: Principal, id: string, t: Transition, reason?: string) =>
    transitionListing(db, who, 'achievement', id, t, { reason, ttlMonths: 12 }, testMeta)
  const publish = async (title: string) => {
    const id = await make(title)
    await move(researcher, id, 'submit')
    await move(admin, id, 'approve')
    return id
  }
  const draft = await make('零部件表面缺陷在线检测系统（草稿）')
  const submitted = await make('零部件表面缺陷在线检测系统（待审）')
  await move(researcher, submitted, 'submit')
  const published = await publish('零部件表面缺陷在线检测系统')
  const expired = await publish('零部件表面缺陷在线检测系统（过期）')
  await db.updateTable('achievements').set({ expires_at: new Date(Date.now() - 86_400_000) }).where('id', '=', expired).execute()
  const takenDown = await publish('零部件表面缺陷在线检测系统（下架）')
  await move(users.platformAdmin.principal, takenDown, 'takedown', '信息与实际不符。')
  return { published, draft, submitted, expired, takenDown }
}

export const achievements: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
