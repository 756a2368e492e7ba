import type { Database } from '../../../db/index'
import { draftNeed } from '../../helpers/needs'
import { platformAdmin, type FeatureSpec, type RoleUsers } from '../route-kit'

// Issue 7's listing pages: the platform admin's moderation list /admin/listings
// (every achievement and need of every organisation). Its filters come from the
// URL; unknown values are ignored, never an error.

interface Fixtures {
  enterprise: string
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  // Something to list besides the other features' listings.
  await draftNeed(db, users.enterprise.principal, users.enterprise.orgId!, { title: '审核页用的需求草稿' })
  return { enterprise: users.enterprise.orgId! }
}

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/admin.listings': (f) => {
    const filtered = `/admin/listings?kind=need&status=draft&org=${f.enterprise}&q=${encodeURIComponent('草稿')}&page=1`
    const junk = '/admin/listings?kind=gadget&status=lost&org=not-a-uuid&page=-2&q=%25'
    return [
      { path: '/admin/listings', expect: platformAdmin('/admin/listings') },
      { path: filtered, expect: platformAdmin(filtered) },
      { path: junk, expect: platformAdmin(junk) },
    ]
  },
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/admin.listings': () => ({
    path: '/admin/listings',
    body: { kind: 'need', id: '00000000-0000-4000-8000-000000000000', intent: 'takedown', reason: '匿名下架尝试' },
    expect: 401,
  }),
}

export const pagesA: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
