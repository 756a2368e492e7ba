import type { Database } from '../../../db/index'
import { draftAchievement, draftNeed, publishedAchievement, publishedNeed } from '../../helpers/api-fixtures'
import { everyone, signedIn, UNKNOWN_UUID, type FeatureSpec, type RoleUsers } from '../route-kit'

// The JSON API (/api/v1/*, /api/openapi.json), its reference page (/api) and
// the organisation token page (/orgs/:orgId/tokens). API reads are public and
// the same for everyone (a draft is 404 even to its author: reads never use
// credentials); writes answer 401 JSON to the anonymous, never a redirect.

export interface Fixtures {
  publishedAchievement: string
  draftAchievement: string
  publishedNeed: string
  draftNeed: string
  universityOrg: string
  enterpriseOrg: string
}

const publicApi = (base: string, f: { published: string; draft: string }) => [
  { path: `${base}/${f.published}`, expect: everyone(200) },
  { path: `${base}/${f.draft}`, expect: everyone(404) },
  { path: `${base}/${UNKNOWN_UUID}`, expect: everyone(404) },
  { path: `${base}/not-a-uuid`, expect: everyone(404) },
]

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/api._index': () => [{ path: '/api', expect: everyone() }],
  'routes/api.$': () => [
    { path: '/api/v1/no-such-thing', expect: everyone(404) },
    { path: '/api/v2/achievements', expect: everyone(404) },
  ],
  'routes/api.openapi[.]json': () => [{ path: '/api/openapi.json', expect: everyone() }],
  'routes/api.v1.industries': () => [{ path: '/api/v1/industries', expect: everyone() }],
  'routes/api.v1.divisions': () => [{ path: '/api/v1/divisions', expect: everyone() }],
  'routes/api.v1.achievements': () => [
    { path: '/api/v1/achievements', expect: everyone() },
    { path: '/api/v1/achievements?industry=auto&trl=6&mode=licence&page=2&pageSize=5', expect: everyone() },
    { path: '/api/v1/achievements?pageSize=101', expect: everyone(400) },
    { path: '/api/v1/achievements?trl=10&mode=gift', expect: everyone(400) },
  ],
  'routes/api.v1.achievements.$id': (f) => publicApi('/api/v1/achievements', { published: f.publishedAchievement, draft: f.draftAchievement }),
  'routes/api.v1.achievements.$id.submit': (f) => [{ path: `/api/v1/achievements/${f.draftAchievement}/submit`, expect: everyone(405) }],
  'routes/api.v1.needs': () => [
    { path: '/api/v1/needs', expect: everyone() },
    { path: '/api/v1/needs?industry=agrifood&division=450204', expect: everyone() },
    { path: '/api/v1/needs?division=liunan&page=0', expect: everyone(400) },
  ],
  'routes/api.v1.needs.$id': (f) => publicApi('/api/v1/needs', { published: f.publishedNeed, draft: f.draftNeed }),
  'routes/api.v1.needs.$id.submit': (f) => [{ path: `/api/v1/needs/${f.draftNeed}/submit`, expect: everyone(405) }],
  'routes/orgs.$orgId_.tokens': (f) => {
    const university = `/orgs/${f.universityOrg}/tokens`
    const enterprise = `/orgs/${f.enterpriseOrg}/tokens`
    const unknown = `/orgs/${UNKNOWN_UUID}/tokens`
    // Owners and admins manage tokens; others who may see the organisation get 403; the rest 404.
    const overseers = { cityOfficer: 403, countyOfficer: 403, platformAdmin: 403 } as const
    return [
      { path: university, expect: { ...signedIn(university, 404), ...overseers, researcher: 403, institutionAdmin: 200 } },
      { path: enterprise, expect: { ...signedIn(enterprise, 404), ...overseers, enterprise: 200 } },
      { path: unknown, expect: signedIn(unknown, 404) },
      { path: '/orgs/not-a-uuid/tokens', expect: signedIn('/orgs/not-a-uuid/tokens', 404) },
    ]
  },
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/api.$': () => ({ path: '/api/v1/no-such-thing', body: {}, expect: 404 }),
  'routes/api.v1.achievements': (f) => ({ path: '/api/v1/achievements', body: { orgId: f.universityOrg, title: 'x' }, expect: 401 }),
  'routes/api.v1.achievements.$id': (f) => ({ path: `/api/v1/achievements/${f.publishedAchievement}`, body: {}, expect: 405 }),
  'routes/api.v1.achievements.$id.submit': (f) => ({ path: `/api/v1/achievements/${f.draftAchievement}/submit`, body: {}, expect: 401 }),
  'routes/api.v1.needs': (f) => ({ path: '/api/v1/needs', body: { orgId: f.enterpriseOrg, title: 'x' }, expect: 401 }),
  'routes/api.v1.needs.$id': (f) => ({ path: `/api/v1/needs/${f.publishedNeed}`, body: {}, expect: 405 }),
  'routes/api.v1.needs.$id.submit': (f) => ({ path: `/api/v1/needs/${f.draftNeed}/submit`, body: {}, expect: 401 }),
  'routes/orgs.$orgId_.tokens': (f) => ({ path: `/orgs/${f.universityOrg}/tokens`, body: { intent: 'create', name: 'evil' }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const universityOrg = users.researcher.orgId!
  const enterpriseOrg = users.enterprise.orgId!
  const researcher = users.researcher.principal
  const enterprise = users.enterprise.principal
  return {
    universityOrg,
    enterpriseOrg,
    publishedAchievement: await publishedAchievement(db, researcher, users.institutionAdmin.principal, universityOrg),
    draftAchievement: await draftAchievement(db, researcher, universityOrg),
    publishedNeed: await publishedNeed(db, enterprise, enterprise, enterpriseOrg),
    draftNeed: await draftNeed(db, enterprise, enterpriseOrg),
  }
}

export const api: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
