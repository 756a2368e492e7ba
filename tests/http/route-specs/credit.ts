import type { Database } from '../../../db/index'
import { assignExpert, closeEvaluation, openEvaluation, scoreEvaluation, submitSelfAssessment } from '../../../server/evaluations/service'
import { testMeta } from '../../helpers/factories'
import { all, signedIn, toLogin, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// 项目评价 and 信用管理: the lists for everyone signed in (each sees their
// scope); an evaluation and its report for the county's officers and the
// city, the enterprise, its expert (the researcher here) and admins — another
// county's evaluation for the city and admins only; a credit record for the
// officers overseeing it, the subject's own members (or the manager) and
// admins; everyone else 404.

interface Fixtures {
  closed: string
  otherCounty: string
  agency: string
  university: string
  manager: string
  enterprise: string
}

const expect404Except = (path: string, ok: Partial<Expectation>): Expectation => ({
  ...all(404),
  anonymous: toLogin(path),
  platformAdmin: 200,
  cityOfficer: 200,
  ...ok,
})

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/evaluations._index': () => [{ path: '/evaluations', expect: signedIn('/evaluations') }],
  'routes/evaluations.$id': (f) => [
    { path: `/evaluations/${f.closed}`, expect: expect404Except(`/evaluations/${f.closed}`, { countyOfficer: 200, enterprise: 200, researcher: 200 }) },
    { path: `/evaluations/${f.otherCounty}`, expect: expect404Except(`/evaluations/${f.otherCounty}`, {}) },
    { path: `/evaluations/${UNKNOWN_UUID}`, expect: signedIn(`/evaluations/${UNKNOWN_UUID}`, 404) },
    { path: '/evaluations/not-a-uuid', expect: signedIn('/evaluations/not-a-uuid', 404) },
  ],
  'routes/evaluations.$id_.report[.]pdf': (f) => [
    {
      path: `/evaluations/${f.closed}/report.pdf`,
      expect: expect404Except(`/evaluations/${f.closed}/report.pdf`, { countyOfficer: 200, enterprise: 200, researcher: 200 }),
    },
    { path: `/evaluations/${f.otherCounty}/report.pdf`, expect: signedIn(`/evaluations/${f.otherCounty}/report.pdf`, 404) },
  ],
  'routes/credit._index': () => [
    { path: '/credit', expect: signedIn('/credit') },
    { path: '/credit?kind=manager&level=B', expect: signedIn('/credit?kind=manager&level=B') },
    { path: '/credit?kind=%3Cx%3E&level=Z', expect: signedIn('/credit?kind=%3Cx%3E&level=Z') },
  ],
  'routes/credit.$kind.$id': (f) => [
    { path: `/credit/org/${f.agency}`, expect: expect404Except(`/credit/org/${f.agency}`, { countyOfficer: 200, manager: 200 }) },
    {
      path: `/credit/org/${f.university}`,
      expect: expect404Except(`/credit/org/${f.university}`, { countyOfficer: 200, researcher: 200, institutionAdmin: 200 }),
    },
    { path: `/credit/manager/${f.manager}`, expect: expect404Except(`/credit/manager/${f.manager}`, { countyOfficer: 200, manager: 200 }) },
    { path: `/credit/org/${f.enterprise}`, expect: signedIn(`/credit/org/${f.enterprise}`, 404) },
    { path: `/credit/bogus/${f.agency}`, expect: signedIn(`/credit/bogus/${f.agency}`, 404) },
    { path: `/credit/org/${UNKNOWN_UUID}`, expect: signedIn(`/credit/org/${UNKNOWN_UUID}`, 404) },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/evaluations._index': (f) => ({ path: '/evaluations', body: { intent: 'open', projectId: f.closed }, expect: 401 }),
  'routes/evaluations.$id': (f) => ({ path: `/evaluations/${f.closed}`, body: { intent: 'close' }, expect: 401 }),
  'routes/credit.$kind.$id': (f) => ({ path: `/credit/org/${f.agency}`, body: { intent: 'adjust', dimension: 'base', points: '1', reason: 'x' }, expect: 401 }),
}

async function project(db: Database, o: { title: string; divisionCode: string; enterpriseOrgId: string | null }) {
  const row = await db
    .insertInto('transformation_projects')
    .values({
      source: 'manual',
      title: o.title,
      division_code: o.divisionCode,
      enterprise_org_id: o.enterpriseOrgId,
      enterprise_name: '路由测试企业',
      registered_on: '2023-03-01',
      status: 'confirmed',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const city = users.cityOfficer.principal
  const p1 = await project(db, { title: '路由测试评价项目（柳南）', divisionCode: '450204', enterpriseOrgId: users.enterprise.orgId })
  const ev = await openEvaluation(db, city, p1, testMeta)
  await submitSelfAssessment(
    db,
    users.enterprise.principal,
    ev.id,
    { applied: '已应用', investmentFen: 1_000_000, outputFen: 2_000_000, jobs: 3, problems: '' },
    testMeta
  )
  await assignExpert(db, city, ev.id, users.researcher.email, testMeta)
  await scoreEvaluation(
    db,
    users.researcher.principal,
    ev.id,
    { scores: { technology: 80, implementation: 80, economic: 80, social: 80, leverage: 80 }, comment: '' },
    testMeta
  )
  await closeEvaluation(db, city, ev.id, testMeta)
  const p2 = await project(db, { title: '路由测试评价项目（柳城）', divisionCode: '450222', enterpriseOrgId: null })
  const other = await openEvaluation(db, city, p2, testMeta)
  return {
    closed: ev.id,
    otherCounty: other.id,
    agency: users.manager.orgId!,
    university: users.researcher.orgId!,
    manager: users.manager.userId,
    enterprise: users.enterprise.orgId!,
  }
}

export const credit: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
