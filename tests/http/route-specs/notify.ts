import type { Database } from '../../../db/index'
import { notify } from '../../../server/notifications/notify'
import { signedIn, type FeatureSpec, type RoleUsers } from '../route-kit'

// The notification centre, its mail settings and 待办 (ADR 024): every
// signed-in person has their own (empty or not); anonymous visitors go to log in.

export interface Fixtures {
  /** A notification of the enterprise member. */
  notification: number
}

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/notifications': () => [
    { path: '/notifications', expect: signedIn('/notifications') },
    { path: '/notifications?show=unread&category=matches&page=2', expect: signedIn('/notifications?show=unread&category=matches&page=2') },
    // Unknown filter values are ignored, never an error.
    { path: '/notifications?show=x&category=nope&page=-3', expect: signedIn('/notifications?show=x&category=nope&page=-3') },
  ],
  'routes/notifications_.settings': () => [{ path: '/notifications/settings', expect: signedIn('/notifications/settings') }],
  'routes/todo': () => [{ path: '/todo', expect: signedIn('/todo') }],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/notifications': (f) => ({ path: '/notifications', body: { intent: 'open', id: String(f.notification) }, expect: 401 }),
  'routes/notifications_.settings': () => ({
    path: '/notifications/settings',
    body: { messages: 'off', deals: 'off', listings: 'off', requests: 'off', matches: 'off', notices: 'off' },
    expect: 401,
  }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  await db.transaction().execute((trx) => notify(trx, [users.enterprise.userId], { kind: 'match_proposed', params: { need: '需求', achievement: '成果', manager: '经理人' }, link: '/my/matches' }))
  const row = await db.selectFrom('notifications').select('id').where('user_id', '=', users.enterprise.userId).executeTakeFirstOrThrow()
  return { notification: Number(row.id) }
}

export const notifyRoutes: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
