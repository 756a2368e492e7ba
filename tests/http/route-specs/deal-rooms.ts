import type { Database } from '../../../db/index'
import { openDealFromMatch } from '../../../server/deals/open'
import { answerMatch, proposeMatch } from '../../../server/engagement/matching/matches'
import { publishedAchievement } from '../../helpers/engagement'
import { testMeta } from '../../helpers/factories'
import { publishedNeed } from '../../helpers/needs'
import { all, signedIn, toLogin, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// Deal rooms: the researcher's university sells, the enterprise buys, the
// manager brokers; the institution admin administers the seller. Everyone
// else — the officers, the registrar, a user without organisation, the
// platform admin — gets 404 for the room and everything in it.

export interface Fixtures {
  deal: string
}

/** The room's members get `o`; everyone else signed in 404; anonymous to login. */
const members = (path: string, o = 200): Expectation => ({
  ...all(404),
  anonymous: toLogin(path),
  researcher: o,
  institutionAdmin: o,
  enterprise: o,
  manager: o,
})

const roomRows = (suffix: string) => (f: Fixtures) => {
  const path = `/deals/${f.deal}${suffix}`
  const unknown = `/deals/${UNKNOWN_UUID}${suffix}`
  return [
    { path, expect: members(path) },
    { path: unknown, expect: signedIn(unknown, 404) },
    { path: `/deals/not-a-uuid${suffix}`, expect: signedIn(`/deals/not-a-uuid${suffix}`, 404) },
  ]
}

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/deals._index': () => [
    { path: '/deals', expect: signedIn('/deals') },
    { path: '/deals?stage=closed_lost', expect: signedIn('/deals?stage=closed_lost') },
    // Unknown filters fall back to the open rooms.
    { path: '/deals?stage=nope', expect: signedIn('/deals?stage=nope') },
  ],
  // Only a target for the "开启洽谈室" buttons: a GET goes to the list.
  'routes/deals.open': () => [{ path: '/deals/open', expect: signedIn('/deals/open', '→ /deals') }],
  'routes/deals.$id': roomRows(''),
  'routes/deals.$id._index': roomRows(''),
  'routes/deals.$id.members': roomRows('/members'),
  'routes/deals.$id.timeline': roomRows('/timeline'),
  'routes/deals.$id.transcript[.]pdf': roomRows('/transcript.pdf'),
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/deals.open': () => ({ path: '/deals/open', body: { from: 'match', id: UNKNOWN_UUID }, expect: 401 }),
  'routes/deals.$id._index': (f) => ({ path: `/deals/${f.deal}?index`, body: { body: '你好' }, expect: 401 }),
  'routes/deals.$id.members': (f) => ({ path: `/deals/${f.deal}/members`, body: { intent: 'add', userId: UNKNOWN_UUID }, expect: 401 }),
  'routes/deals.$id.timeline': (f) => ({ path: `/deals/${f.deal}/timeline`, body: { intent: 'advance', from: 'intent' }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const ent = users.enterprise.principal
  const needId = await publishedNeed(db, ent, ent, users.enterprise.orgId!, { title: '驱动桥壳焊缝自动检测' })
  const achievementId = await publishedAchievement(db, users.researcher.principal, users.institutionAdmin.principal, users.researcher.orgId!, {
    title: '基于机器视觉的焊缝缺陷在线检测系统',
  })
  const match = await proposeMatch(db, users.manager.principal, { needId, achievementId, note: '' }, testMeta)
  await answerMatch(db, ent, match.id, { side: 'enterprise', answer: 'interested' }, testMeta)
  await answerMatch(db, users.researcher.principal, match.id, { side: 'institution', answer: 'interested' }, testMeta)
  const deal = await openDealFromMatch(db, users.manager.principal, match.id, testMeta)
  return { deal: deal.id }
}

export const dealRooms: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
