import { ProposeMatchSchema } from '../../../server/engagement/matching/schemas'
import type { Database } from '../../../db/index'
import { proposeMatch } from '../../../server/engagement/matching/matches'
import { publishedAchievement } from '../../helpers/engagement'
import { testMeta } from '../../helpers/factories'
import { publishedNeed } from '../../helpers/needs'
import { signedIn, type FeatureSpec, type RoleUsers } from '../route-kit'

// Matching: the technology managers' match board and each side's "my
// matches". The manager has proposed the university's achievement for the
// enterprise's need, so both sides have a match on their list.

export interface Fixtures {
  need: string
  achievement: string
  match: string
}

/** Technology managers only: everyone else signed in gets 403, anonymous goes to login. */
const managers = (path: string) => ({ ...signedIn(path, 403), manager: 200 })

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/match-board': (f) => [
    { path: '/match-board', expect: managers('/match-board') },
    { path: '/match-board?industry=auto&county=450204&page=2', expect: managers('/match-board?industry=auto&county=450204&page=2') },
    { path: `/match-board?need=${f.need}`, expect: managers(`/match-board?need=${f.need}`) },
    // Unknown filter values are ignored, never an error.
    { path: '/match-board?industry=nope&county=x&need=not-a-uuid&page=-1', expect: managers('/match-board?industry=nope&county=x&need=not-a-uuid&page=-1') },
  ],
  // Everyone signed in has the list; without matches it shows an empty state.
  'routes/my.matches': () => [{ path: '/my/matches', expect: signedIn('/my/matches') }],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/match-board': (f) => ({ path: '/match-board', body: { intent: 'claim', needId: f.need }, expect: 401 }),
  'routes/my.matches': (f) => ({ path: '/my/matches', body: { intent: 'interested', matchId: f.match, side: 'enterprise' }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const owner = users.enterprise.principal
  const need = await publishedNeed(db, owner, owner, users.enterprise.orgId!, { title: '电池包液冷板焊接泄漏率高', industryCode: 'auto.thermal' })
  const achievement = await publishedAchievement(db, users.researcher.principal, users.institutionAdmin.principal, users.researcher.orgId!, {
    title: '电池包液冷板一体化成型技术',
  })
  const { id } = await proposeMatch(db, users.manager.principal, ProposeMatchSchema.parse({ needId: need, achievementId: achievement, note: '' }), testMeta)
  return { need, achievement, match: id }
}

export const matching: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
