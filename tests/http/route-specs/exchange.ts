import type { Database } from '../../../db/index'
import { startExchangeImport } from '../../../server/exchange/import'
import { testMeta } from '../../helpers/factories'
import { all, signedIn, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// 数据交换: the export page is for city officers, platform admins and county
// officers (their county); the import, its reports and the template are the
// city officers' alone (403 for everyone else, 404 for an unknown job); the
// partner API answers officers and admins, 403 other callers, 401 anonymous.

interface Fixtures {
  job: string
}

const officers = (path: string): Expectation => ({ ...signedIn(path, 403), cityOfficer: 200, countyOfficer: 200, platformAdmin: 200 })
const city = (path: string, o: number = 200): Expectation => ({ ...signedIn(path, 403), cityOfficer: o })
const api = (o: number, officer: number): Expectation => ({ ...all(o), anonymous: 401, cityOfficer: officer, countyOfficer: officer, platformAdmin: officer })

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/exchange._index': () => [{ path: '/exchange', expect: officers('/exchange') }],
  'routes/exchange.download': () => [{ path: '/exchange/download', expect: { ...all('→ /exchange'), anonymous: '→ /login?redirectTo=%2Fexchange%2Fdownload' } }],
  'routes/exchange.import': () => [{ path: '/exchange/import', expect: city('/exchange/import') }],
  'routes/exchange.import_.$jobId': (f) => [
    { path: `/exchange/import/${f.job}`, expect: city(`/exchange/import/${f.job}`) },
    { path: `/exchange/import/${UNKNOWN_UUID}`, expect: city(`/exchange/import/${UNKNOWN_UUID}`, 404) },
    { path: '/exchange/import/not-a-uuid', expect: city('/exchange/import/not-a-uuid', 404) },
  ],
  'routes/exchange.import_.$jobId_.report[.]csv': (f) => [{ path: `/exchange/import/${f.job}/report.csv`, expect: city(`/exchange/import/${f.job}/report.csv`) }],
  'routes/exchange.import_.$jobId_.report[.]xlsx': (f) => [{ path: `/exchange/import/${f.job}/report.xlsx`, expect: city(`/exchange/import/${f.job}/report.xlsx`) }],
  'routes/exchange.template[.]csv': () => [{ path: '/exchange/template.csv', expect: city('/exchange/template.csv') }],
  'routes/exchange.template[.]xlsx': () => [{ path: '/exchange/template.xlsx', expect: city('/exchange/template.xlsx') }],
  'routes/api.v1.exchange.$dataset': () => [
    { path: '/api/v1/exchange/contracts', expect: api(403, 200) },
    { path: '/api/v1/exchange/county-figures?year=2026', expect: api(403, 200) },
    { path: '/api/v1/exchange/nope', expect: api(404, 404) },
    { path: '/api/v1/exchange/contracts?limit=0', expect: api(400, 400) },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/exchange.download': () => ({ path: '/exchange/download', body: { dataset: 'contracts', format: 'csv' }, expect: 401 }),
  'routes/exchange.import': () => ({ path: '/exchange/import', body: {}, expect: 401 }),
  'routes/exchange.import_.$jobId': (f) => ({ path: `/exchange/import/${f.job}`, body: { importedId: UNKNOWN_UUID, reason: '重点产业' }, expect: 401 }),
  'routes/api.v1.exchange.$dataset': () => ({ path: '/api/v1/exchange/contracts', body: {}, expect: 405 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const csv =
    '\uFEFF登记编号,合同名称,合同类型,卖方名称,买方名称,买方所在地区,成交额(万元),技术交易额(万元),登记日期\r\n' +
    '2026450200990001,路由测试合同,技术开发,广西科技大学,柳州市某企业,柳州市柳南区,60,60,2026-03-01\r\n' +
    '2026450200990002,坏行,未知,卖方,买方,,abc,1,2026-13-01\r\n'
  const job = await startExchangeImport(db, users.cityOfficer.principal, { filename: 'routes.csv', bytes: new TextEncoder().encode(csv) }, testMeta)
  return { job }
}

export const exchange: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
