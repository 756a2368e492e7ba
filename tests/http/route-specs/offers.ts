import type { Database } from '../../../db/index'
import { openDeal } from '../../../server/deals/open'
import { testMeta } from '../../helpers/factories'
import { all, signedIn, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// Offers (/deals/:id/offers) and the partner API for deals (/api/v1/deals…).
// The deal: the researcher's university sells, the enterprise buys, the
// manager brokers; the institution admin is in as the seller's admin. Everyone
// else — officers, the registrar, the platform admin — gets 404: a deal is the
// parties' business. The API answers 401 JSON to the anonymous.

export interface Fixtures {
  dealId: string
}

const members = { researcher: 200, institutionAdmin: 200, enterprise: 200, manager: 200 } as const
const page = (path: string): Expectation => ({ ...signedIn(path, 404), ...members })
const api = (ok = 200): Expectation => ({ ...all(404), anonymous: 401, researcher: ok, institutionAdmin: ok, enterprise: ok, manager: ok })

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/deals.$id.offers': (f) => [
    { path: `/deals/${f.dealId}/offers`, expect: page(`/deals/${f.dealId}/offers`) },
    { path: `/deals/${UNKNOWN_UUID}/offers`, expect: signedIn(`/deals/${UNKNOWN_UUID}/offers`, 404) },
    { path: '/deals/not-a-uuid/offers', expect: signedIn('/deals/not-a-uuid/offers', 404) },
  ],
  'routes/api.v1.deals': () => [
    { path: '/api/v1/deals', expect: { ...all(200), anonymous: 401 } },
    { path: '/api/v1/deals?pageSize=101', expect: { ...all(400), anonymous: 401 } },
  ],
  'routes/api.v1.deals.$id': (f) => [
    { path: `/api/v1/deals/${f.dealId}`, expect: api() },
    { path: `/api/v1/deals/${UNKNOWN_UUID}`, expect: { ...all(404), anonymous: 401 } },
  ],
  'routes/api.v1.deals.$id.messages': (f) => [
    { path: `/api/v1/deals/${f.dealId}/messages`, expect: api() },
    { path: `/api/v1/deals/not-a-uuid/messages`, expect: { ...all(404), anonymous: 401 } },
  ],
  'routes/api.v1.deals.$id.offers': (f) => [{ path: `/api/v1/deals/${f.dealId}/offers`, expect: api() }],
  'routes/api.v1.deals.$id.offers.$version.accept': (f) => [{ path: `/api/v1/deals/${f.dealId}/offers/1/accept`, expect: all(405) }],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/deals.$id.offers': (f) => ({ path: `/deals/${f.dealId}/offers`, body: { intent: 'offer', mode: 'transfer' }, expect: 401 }),
  'routes/api.v1.deals': () => ({ path: '/api/v1/deals', body: {}, expect: 405 }),
  'routes/api.v1.deals.$id': (f) => ({ path: `/api/v1/deals/${f.dealId}`, body: {}, expect: 405 }),
  'routes/api.v1.deals.$id.messages': (f) => ({ path: `/api/v1/deals/${f.dealId}/messages`, body: { body: 'x' }, expect: 401 }),
  'routes/api.v1.deals.$id.offers': (f) => ({ path: `/api/v1/deals/${f.dealId}/offers`, body: {}, expect: 401 }),
  'routes/api.v1.deals.$id.offers.$version.accept': (f) => ({ path: `/api/v1/deals/${f.dealId}/offers/1/accept`, body: {}, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const { id } = await db.transaction().execute((trx) =>
    openDeal(
      trx,
      users.manager.principal,
      {
        title: '路由测试交易',
        source: { kind: 'manager', id: null },
        sellerOrgId: users.researcher.orgId!,
        buyerOrgIds: [users.enterprise.orgId!],
        achievementIds: [],
        members: [
          { userId: users.researcher.userId, role: 'party', orgId: users.researcher.orgId },
          { userId: users.enterprise.userId, role: 'party', orgId: users.enterprise.orgId },
          { userId: users.manager.userId, role: 'manager', orgId: users.manager.orgId },
        ],
      },
      testMeta,
    ),
  )
  return { dealId: id }
}

export const offers: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
