import type { Database } from '../../../db/index'
import { insertIntent } from '../../../db/repos/roadshow-intents'
import { insertRoadshow, insertRoadshowItems } from '../../../db/repos/roadshows'
import { roadshowRulesOn } from '../../../server/roadshows/policy'
import { publishedAchievement } from '../../helpers/engagement'
import { signedIn, UNKNOWN_UUID, type FeatureSpec, type RoleUsers } from '../route-kit'

// 路演 intents inbox (ADR 033): the organisers (the host, a manager; platform
// admins) and the item's owner (the university's members) read it; everyone
// else who may see the roadshow is refused; an invitation-only session does
// not exist for those not invited.

interface Fixtures {
  open: string
  invitation: string
}

async function roadshow(db: Database, users: RoleUsers, audience: 'public' | 'invitation') {
  const host = users.manager
  const startsAt = new Date(Date.now() + 86_400_000)
  const id = await insertRoadshow(db, {
    orgId: host.orgId!,
    createdBy: host.userId,
    hostUserId: host.userId,
    title: '意向路由测试路演',
    theme: '',
    industryCode: null,
    startsAt,
    plannedEndAt: new Date(startsAt.getTime() + 3_600_000),
    venueMode: 'online',
    venueAddress: '',
    audience,
    streamKind: 'none',
    streamUrl: null,
    rubric: roadshowRulesOn(startsAt).defaultRubric,
  })
  const achievementId = await publishedAchievement(db, users.researcher.principal, users.institutionAdmin.principal, users.researcher.orgId!)
  const [itemId] = await insertRoadshowItems(db, id, [
    { position: 1, achievementId, title: '路演项目', presenterName: '主讲人', presenterUserId: null, pitchMinutes: 5, qaMinutes: 5 },
  ])
  // An intent in the inbox, so the page shows its "open deal room" form (and the form fuzz submits it).
  await insertIntent(db, {
    roadshowId: id,
    itemId: itemId!,
    userId: users.enterprise.userId,
    orgId: users.enterprise.orgId!,
    mode: 'licence',
    note: '意向留言',
    at: new Date(),
  })
  return id
}

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/roadshows.$id_.intents': (f) => {
    const open = `/roadshows/${f.open}/intents`
    const invitation = `/roadshows/${f.invitation}/intents`
    const unknown = `/roadshows/${UNKNOWN_UUID}/intents`
    const insiders = { manager: 200, platformAdmin: 200, researcher: 200, institutionAdmin: 200 } as const
    return [
      { path: open, expect: { ...signedIn(open, 403), ...insiders } },
      { path: invitation, expect: { ...signedIn(invitation, 404), ...insiders } },
      { path: unknown, expect: signedIn(unknown, 404) },
      { path: '/roadshows/not-a-uuid/intents', expect: signedIn('/roadshows/not-a-uuid/intents', 404) },
    ]
  },
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/roadshows.$id_.intents': (f) => ({ path: `/roadshows/${f.open}/intents`, body: { intent: 'open', intentId: UNKNOWN_UUID }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  return { open: await roadshow(db, users, 'public'), invitation: await roadshow(db, users, 'invitation') }
}

export const roadshowsDeals: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
