import type { Database } from '../../../db/index'
import { ManualEntrySchema } from '../../../server/assessment/schemas'
import { enterManualValue } from '../../../server/assessment/service'
import { fileStoreFor } from '../../../server/platform/files/store'
import { testMeta } from '../../helpers/factories'
import { TEST_FILES_DIR } from '../../helpers/http'
import { PDF } from '../../helpers/sample-files'
import { signedIn, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// 县区绩效考核: the page is for city officers (everything) and county officers
// (their own county and the published ranking); the reports are the city's; a
// manual value's evidence is for the city and the county it concerns, a 404
// for anyone else (anonymous included: the file route does not say it exists).

interface Fixtures {
  /** Evidence of a value for 柳南区, the county officer's county. */
  own: string
  /** Evidence of a value for 柳北区. */
  elsewhere: string
}

const officers = (path: string, o: Partial<Expectation> = {}): Expectation => ({ ...signedIn(path, 403), cityOfficer: 200, countyOfficer: 200, ...o })
const cityOnly = (path: string, o: number = 200): Expectation => ({ ...signedIn(path, 403), cityOfficer: o })
const nobody404 = (o: Partial<Expectation>): Expectation => ({ ...signedIn('/', 404), anonymous: 404, ...o })
const year = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4)

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/assessment._index': () => [
    { path: '/assessment', expect: officers('/assessment') },
    { path: `/assessment?period=${year()}`, expect: officers(`/assessment?period=${year()}`) },
    { path: '/assessment?period=%3Cb%3Ex%3C%2Fb%3E', expect: officers('/assessment?period=%3Cb%3Ex%3C%2Fb%3E') },
    { path: '/assessment?period=2099', expect: officers('/assessment?period=2099', { cityOfficer: 404, countyOfficer: 404 }) },
  ],
  'routes/assessment.$period.report[.]pdf': () => [
    { path: `/assessment/${year()}/report.pdf`, expect: cityOnly(`/assessment/${year()}/report.pdf`) },
    { path: '/assessment/2099/report.pdf', expect: cityOnly('/assessment/2099/report.pdf', 404) },
    { path: '/assessment/abc/report.pdf', expect: cityOnly('/assessment/abc/report.pdf', 404) },
  ],
  'routes/assessment.$period.report[.]xlsx': () => [
    { path: `/assessment/${year()}/report.xlsx`, expect: cityOnly(`/assessment/${year()}/report.xlsx`) },
    { path: '/assessment/2099/report.xlsx', expect: cityOnly('/assessment/2099/report.xlsx', 404) },
  ],
  'routes/assessment.evidence.$id': (f) => [
    { path: `/assessment/evidence/${f.own}`, expect: nobody404({ cityOfficer: 200, countyOfficer: 200 }) },
    { path: `/assessment/evidence/${f.elsewhere}`, expect: nobody404({ cityOfficer: 200 }) },
    { path: `/assessment/evidence/${UNKNOWN_UUID}`, expect: nobody404({}) },
    { path: '/assessment/evidence/not-a-uuid', expect: nobody404({}) },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/assessment._index': () => ({ path: '/assessment', body: { intent: 'publish', period: year() }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const store = fileStoreFor({ FILES_DIR: TEST_FILES_DIR })
  const enter = (division: string) =>
    enterManualValue(
      db,
      store,
      users.cityOfficer.principal,
      ManualEntrySchema.parse({ intent: 'manual', period: year(), division, indicator: 'innovation', value: 70, note: '路由测试佐证' }),
      { bytes: PDF, name: '佐证.pdf' },
      testMeta,
    )
  return { own: (await enter('450204')).id, elsewhere: (await enter('450205')).id }
}

export const assessment: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
