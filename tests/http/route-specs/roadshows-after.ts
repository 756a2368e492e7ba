import type { Database } from '../../../db/index'
import { insertRoadshow } from '../../../db/repos/roadshows'
import type { RoadshowAudience } from '../../../db/schema'
import { roadshowRulesOn } from '../../../server/roadshows/policy'
import { all, everyone, signedIn, toLogin, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// After a roadshow (ADR 033): the replay is for whoever may view the roadshow
// (an invitation-only one does not exist for others: 404); the report and its
// PDF for its organisers (here the manager who hosts it) and platform admins —
// anyone else signed in who may see the roadshow is refused (403), the
// anonymous go to the login page. The API reads follow the page's rule.

interface Fixtures {
  open: string
  invitation: string
}

const hostOnly = (): Expectation => ({ ...all(404), manager: 200, platformAdmin: 200 })

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/roadshows.$id_.replay': (f) => [
    { path: `/roadshows/${f.open}/replay`, expect: everyone(200) },
    { path: `/roadshows/${f.invitation}/replay`, expect: hostOnly() },
    { path: `/roadshows/${UNKNOWN_UUID}/replay`, expect: all(404) },
    { path: '/roadshows/not-a-uuid/replay', expect: all(404) },
  ],
  'routes/roadshows.$id_.report': (f) => {
    const open = `/roadshows/${f.open}/report`
    const inv = `/roadshows/${f.invitation}/report`
    return [
      { path: open, expect: { ...signedIn(open, 403), manager: 200, platformAdmin: 200 } },
      { path: inv, expect: { ...signedIn(inv, 404), manager: 200, platformAdmin: 200 } },
      { path: `/roadshows/${UNKNOWN_UUID}/report`, expect: signedIn(`/roadshows/${UNKNOWN_UUID}/report`, 404) },
    ]
  },
  'routes/roadshows.$id_.report[.]pdf': (f) => {
    const open = `/roadshows/${f.open}/report.pdf`
    return [
      { path: open, expect: { ...signedIn(open, 403), manager: 200, platformAdmin: 200 } },
      {
        path: `/roadshows/${f.invitation}/report.pdf`,
        expect: { ...all(404), anonymous: toLogin(`/roadshows/${f.invitation}/report.pdf`), manager: 200, platformAdmin: 200 },
      },
    ]
  },
  'routes/api.v1.roadshows': () => [
    { path: '/api/v1/roadshows', expect: everyone(200) },
    { path: '/api/v1/roadshows?phase=past&page=2', expect: everyone(200) },
    { path: '/api/v1/roadshows?phase=cancelled', expect: all(400) },
    { path: '/api/v1/roadshows?pageSize=101', expect: all(400) },
  ],
  'routes/api.v1.roadshows.$id': (f) => [
    { path: `/api/v1/roadshows/${f.open}`, expect: everyone(200) },
    { path: `/api/v1/roadshows/${f.invitation}`, expect: hostOnly() },
    { path: `/api/v1/roadshows/${UNKNOWN_UUID}`, expect: all(404) },
    { path: '/api/v1/roadshows/not-a-uuid', expect: all(404) },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/api.v1.roadshows': () => ({ path: '/api/v1/roadshows', body: {}, expect: 405 }),
  'routes/api.v1.roadshows.$id': (f) => ({ path: `/api/v1/roadshows/${f.open}`, body: {}, expect: 405 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const now = new Date()
  const make = (audience: RoadshowAudience, title: string) =>
    insertRoadshow(db, {
      orgId: users.manager.orgId!,
      createdBy: users.manager.userId,
      hostUserId: users.manager.userId,
      title,
      theme: '路由测试',
      industryCode: null,
      startsAt: new Date(now.getTime() - 3 * 3_600_000),
      plannedEndAt: new Date(now.getTime() - 3_600_000),
      venueMode: 'online',
      venueAddress: '',
      audience,
      streamKind: 'none',
      streamUrl: null,
      rubric: roadshowRulesOn(now).defaultRubric,
      status: 'ended',
    })
  return { open: await make('public', '路由测试路演'), invitation: await make('invitation', '路由测试邀请制路演') }
}

export const roadshowsAfter: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
