import type { Database } from '../../../db/index'
import { setRoadshowStatus } from '../../../db/repos/roadshow-schedule'
import { toBeijingLocal } from '../../../server/auctions/lifecycle-schemas'
import { cancelRoadshow, scheduleRoadshow } from '../../../server/roadshows/schedule'
import { ScheduleSchema } from '../../../server/roadshows/schedule-schemas'
import { publishedAchievement } from '../../helpers/engagement'
import { testMeta } from '../../helpers/factories'
import { all, everyone, signedIn, toLogin, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// 路演 before the start (ADR 033): the list and a public roadshow are
// anyone's; an invitation-only one exists for its organisers, the item's
// institution (presenters) and invited organisations; a cancelled one only for
// its organisers. Scheduling is for managers, institution admins and platform
// admins; editing for the roadshow's organisers (others who may see it: 403).

interface Fixtures {
  pub: string
  invitation: string
  cancelled: string
  /** Over: its edit page offers only the recording link. */
  ended: string
}

const DAY = 86_400_000
const local = (d: Date) => toBeijingLocal(d).slice(0, 16)

/** Who sees the invitation-only roadshow: organisers (the manager, platform admins), the item's university, the invited enterprise. */
const invitationViewers = (o: number | `→ ${string}`, others: Expectation[keyof Expectation]): Expectation => ({
  ...all(others),
  researcher: o,
  institutionAdmin: o,
  enterprise: o,
  manager: 200,
  platformAdmin: 200,
})

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/roadshows._index': () => [
    { path: '/roadshows', expect: everyone(200) },
    { path: '/roadshows?theme=%E6%96%B0%E6%9D%90%E6%96%99&industry=x', expect: everyone(200) },
  ],
  'routes/roadshows.$id': (f) => [
    { path: `/roadshows/${f.pub}`, expect: everyone(200) },
    { path: `/roadshows/${f.invitation}`, expect: invitationViewers(200, 404) },
    { path: `/roadshows/${f.cancelled}`, expect: { ...everyone(404), manager: 200, platformAdmin: 200 } },
    { path: `/roadshows/${UNKNOWN_UUID}`, expect: everyone(404) },
    { path: '/roadshows/not-a-uuid', expect: everyone(404) },
  ],
  'routes/roadshows.new': () => [
    { path: '/roadshows/new', expect: { ...signedIn('/roadshows/new', 403), manager: 200, institutionAdmin: 200, platformAdmin: 200 } },
    {
      path: `/roadshows/new?achievement=${UNKNOWN_UUID}`,
      expect: { ...signedIn(`/roadshows/new?achievement=${UNKNOWN_UUID}`, 403), manager: 200, institutionAdmin: 200, platformAdmin: 200 },
    },
  ],
  'routes/roadshows.$id_.edit': (f) => {
    const pub = `/roadshows/${f.pub}/edit`
    const inv = `/roadshows/${f.invitation}/edit`
    const unknown = `/roadshows/${UNKNOWN_UUID}/edit`
    const ended = `/roadshows/${f.ended}/edit`
    return [
      { path: pub, expect: { ...signedIn(pub, 403), manager: 200, platformAdmin: 200 } },
      { path: ended, expect: { ...signedIn(ended, 403), manager: 200, platformAdmin: 200 } },
      { path: inv, expect: { ...invitationViewers(403, 404), anonymous: toLogin(inv) } },
      { path: unknown, expect: signedIn(unknown, 404) },
    ]
  },
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/roadshows.$id': (f) => ({ path: `/roadshows/${f.pub}`, body: { intent: 'register' }, expect: 401 }),
  'routes/roadshows.new': () => ({ path: '/roadshows/new', body: { title: '匿名路演' }, expect: 401 }),
  'routes/roadshows.$id_.edit': (f) => ({ path: `/roadshows/${f.pub}/edit`, body: { intent: 'cancel' }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const orgId = users.researcher.orgId!
  const achievement = await publishedAchievement(db, users.researcher.principal, users.institutionAdmin.principal, orgId)
  const start = new Date(Date.now() + 3 * DAY)
  const form = (over: Record<string, unknown>) =>
    ScheduleSchema.parse({
      title: '路由表路演',
      theme: '新材料',
      startsAt: local(start),
      plannedEndAt: local(new Date(start.getTime() + 2 * 3_600_000)),
      venueMode: 'both',
      venueAddress: '柳州市科技大市场路演厅',
      audience: 'public',
      invitedOrgs: '',
      streamKind: 'external',
      streamUrl: 'https://meeting.example.test/j/1',
      judges: users.researcher.email,
      rubric: [{ key: 'all', label: '综合', labelEn: 'Overall', weight: '100' }],
      items: [{ achievement, presenterName: '主讲人', presenterEmail: users.researcher.email, pitchMinutes: '5', qaMinutes: '5' }],
      ...over,
    })
  const manager = users.manager.principal
  const pub = await scheduleRoadshow(db, manager, form({}), testMeta)
  const enterpriseCode = await db.selectFrom('organisations').select('credit_code').where('id', '=', users.enterprise.orgId!).executeTakeFirstOrThrow()
  const invitation = await scheduleRoadshow(db, manager, form({ audience: 'invitation', invitedOrgs: enterpriseCode.credit_code }), testMeta)
  const cancelled = await scheduleRoadshow(db, manager, form({ title: '将取消的路演' }), testMeta)
  await cancelRoadshow(db, manager, cancelled.id, '', testMeta)
  const ended = await scheduleRoadshow(db, manager, form({ title: '已结束的路演' }), testMeta)
  await setRoadshowStatus(db, ended.id, 'ended')
  return { pub: pub.id, invitation: invitation.id, cancelled: cancelled.id, ended: ended.id }
}

export const roadshowsBefore: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
