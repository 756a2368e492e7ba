import type { Database } from '../../../db/index'
import { publishCatalog } from '../../../server/listings/catalogs/service'
import { startImport } from '../../../server/listings/import/jobs'
import { templateCsv } from '../../../server/listings/import/template'
import { testMeta } from '../../helpers/factories'
import { liveAchievementFor } from '../../helpers/catalog-fixtures'
import { everyone, signedIn, UNKNOWN_UUID, type FeatureSpec, type RoleUsers } from '../route-kit'

// Catalog editions (public, with downloads; publishing for institution admins)
// and the bulk import of achievements (institution admins only).

export interface Fixtures {
  /** An edition of the researcher's and institution admin's university. */
  catalogId: string
  /** A queued import job of that university. */
  jobId: string
}

/** Pages only an institution admin may use: other signed-in people get `o`. */
const institutionAdminOnly = (path: string, o: number = 403) => ({ ...signedIn(path, o), institutionAdmin: 200 })

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/catalogs._index': () => [
    { path: '/catalogs', expect: everyone() },
    { path: '/catalogs?org=not-a-uuid&page=abc', expect: everyone() },
    { path: `/catalogs?org=${UNKNOWN_UUID}&page=9`, expect: everyone() },
  ],
  'routes/catalogs.$id': (f) => [
    { path: `/catalogs/${f.catalogId}`, expect: everyone() },
    { path: `/catalogs/${UNKNOWN_UUID}`, expect: everyone(404) },
    { path: '/catalogs/not-a-uuid', expect: everyone(404) },
  ],
  'routes/catalogs.$id[.]pdf': (f) => [
    { path: `/catalogs/${f.catalogId}.pdf`, expect: everyone() },
    { path: `/catalogs/${UNKNOWN_UUID}.pdf`, expect: everyone(404) },
  ],
  'routes/catalogs.$id[.]xlsx': (f) => [
    { path: `/catalogs/${f.catalogId}.xlsx`, expect: everyone() },
    { path: `/catalogs/${UNKNOWN_UUID}.xlsx`, expect: everyone(404) },
  ],
  'routes/catalogs.$id[.]csv': (f) => [
    { path: `/catalogs/${f.catalogId}.csv`, expect: everyone() },
    { path: '/catalogs/not-a-uuid.csv', expect: everyone(404) },
  ],
  'routes/catalogs.manage': () => [
    { path: '/catalogs/manage', expect: institutionAdminOnly('/catalogs/manage') },
    { path: `/catalogs/manage?org=${UNKNOWN_UUID}`, expect: institutionAdminOnly(`/catalogs/manage?org=${UNKNOWN_UUID}`) },
  ],
  'routes/achievements.import': () => [{ path: '/achievements/import', expect: institutionAdminOnly('/achievements/import') }],
  'routes/achievements.import_.template[.]xlsx': () => [
    { path: '/achievements/import/template.xlsx', expect: institutionAdminOnly('/achievements/import/template.xlsx') },
  ],
  'routes/achievements.import_.template[.]csv': () => [
    { path: '/achievements/import/template.csv', expect: institutionAdminOnly('/achievements/import/template.csv') },
  ],
  // A job: its organisation's admins and the platform admin see it; a member without
  // the right to import gets 403; everyone else learns nothing (404).
  ...Object.fromEntries(
    (
      [
        ['routes/achievements.import_.$jobId', ''],
        ['routes/achievements.import_.$jobId_.report[.]csv', '/report.csv'],
        ['routes/achievements.import_.$jobId_.report[.]xlsx', '/report.xlsx'],
      ] as const
    ).map(([id, suffix]) => [
      id,
      (f: Fixtures) => {
        const path = `/achievements/import/${f.jobId}${suffix}`
        const unknown = `/achievements/import/${UNKNOWN_UUID}${suffix}`
        return [
          { path, expect: { ...signedIn(path, 404), researcher: 403, institutionAdmin: 200, platformAdmin: 200 } },
          { path: unknown, expect: signedIn(unknown, 404) },
        ]
      },
    ]),
  ),
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/catalogs.manage': () => ({ path: '/catalogs/manage', body: { title: '偷偷发布的目录', editionDate: '2026-01-01' }, expect: 401 }),
  'routes/achievements.import': () => ({ path: '/achievements/import', body: { orgId: UNKNOWN_UUID }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const admin = users.institutionAdmin
  const orgId = admin.orgId!
  await liveAchievementFor(db, admin.principal, orgId, { title: '路由表测试成果：齿轮渗碳淬火变形控制' })
  const { id: catalogId } = await publishCatalog(db, admin.principal, { orgId, title: '路由表测试目录（2026年版）', editionDate: '2026-11-26' }, testMeta)
  const jobId = await startImport(db, admin.principal, { orgId, filename: '模板.csv', bytes: Buffer.from(templateCsv(), 'utf8') }, testMeta)
  return { catalogId, jobId }
}

export const catalogs: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
