import type { Database } from '../../../db/index'
import { addManualProject } from '../../../server/projects/service'
import { createMember, testMeta } from '../../helpers/factories'
import { signedIn, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// Targets and transformation projects (ADR 037): /targets and /projects/new are
// for officers; /projects for officers and enterprises' members; a project is
// read by the city, its county's officer and its enterprise's members (404 for
// anyone else); only the enterprise's members report progress (officers who may
// read the project: 403).

interface Fixtures {
  /** The role enterprise's project, in 柳南区 (the role county officer's county). */
  own: string
  /** Another enterprise's project in 柳北区: only the city reads it. */
  elsewhere: string
}

const officers = (path: string, o: Partial<Expectation> = {}): Expectation => ({ ...signedIn(path, 403), cityOfficer: 200, countyOfficer: 200, ...o })
const reader = (path: string, o: Partial<Expectation>): Expectation => ({ ...signedIn(path, 404), ...o })

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/targets': () => [{ path: '/targets', expect: officers('/targets') }],
  'routes/projects._index': () => [
    { path: '/projects', expect: officers('/projects', { enterprise: 200 }) },
    { path: '/projects?status=bogus&county=x&period=%00&late=1&page=-3&industry=A', expect: officers('/projects?status=bogus&county=x&period=%00&late=1&page=-3&industry=A', { enterprise: 200 }) },
  ],
  'routes/projects.new': () => [{ path: '/projects/new', expect: officers('/projects/new') }],
  'routes/projects.$id': (f) => [
    { path: `/projects/${f.own}`, expect: reader(`/projects/${f.own}`, { enterprise: 200, cityOfficer: 200, countyOfficer: 200 }) },
    { path: `/projects/${f.elsewhere}`, expect: reader(`/projects/${f.elsewhere}`, { cityOfficer: 200 }) },
    { path: `/projects/${UNKNOWN_UUID}`, expect: signedIn(`/projects/${UNKNOWN_UUID}`, 404) },
    { path: '/projects/not-a-uuid', expect: signedIn('/projects/not-a-uuid', 404) },
  ],
  'routes/projects.$id_.progress': (f) => [
    { path: `/projects/${f.own}/progress`, expect: reader(`/projects/${f.own}/progress`, { enterprise: 200, cityOfficer: 403, countyOfficer: 403 }) },
    { path: `/projects/${f.elsewhere}/progress`, expect: reader(`/projects/${f.elsewhere}/progress`, { cityOfficer: 403 }) },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/projects.$id': (f) => ({ path: `/projects/${f.elsewhere}`, body: { intent: 'exclude', reason: 'x' }, expect: 401 }),
  'routes/projects.new': () => ({ path: '/projects/new', body: { intent: 'registration', number: '2026450202000001', reason: 'x' }, expect: 401 }),
  'routes/projects.$id_.progress': (f) => ({ path: `/projects/${f.own}/progress`, body: { quarter: '2026-Q1', investment: '1', output: '1', tax: '1', jobs: '1', stage: 'trial' }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const city = users.cityOfficer.principal
  const base = { industryCode: 'auto', institutionName: '柳州理工大学', technologyAmount: 80_000_000, contractAmount: null, projectedInvestment: 500_000_000, projectedOutput: 2_000_000_000, registeredOn: '2026-01-10', reason: '路由测试' }
  const own = await addManualProject(db, city, { ...base, title: '路由测试转化项目', enterpriseId: users.enterprise.orgId!, divisionCode: '450204' }, testMeta)
  const other = await createMember(db, { type: 'enterprise', divisionCode: '450205' })
  const elsewhere = await addManualProject(db, city, { ...base, title: '柳北区转化项目', enterpriseId: other.org.id, divisionCode: '450205' }, testMeta)
  return { own: own.id, elsewhere: elsewhere.id }
}

export const projects: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
