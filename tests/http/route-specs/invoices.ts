import type { Database } from '../../../db/index'
import { createDraft, issueInvoice } from '../../../server/invoices/invoices'
import { testMeta } from '../../helpers/factories'
import { platformAdmin, signedIn, UNKNOWN_UUID, type FeatureSpec, type RoleUsers } from '../route-kit'

// Invoices (issue 11): the list and export for everyone signed in (each sees
// their organisations' documents; platform admins all); drafting is the
// platform admin's; an issued invoice is its buyer organisation's and the
// platform admin's, a draft the platform admin's alone; anyone else 404.

interface Fixtures {
  draft: string
  issued: string
}

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/invoices._index': () => [
    { path: '/invoices', expect: signedIn('/invoices') },
    { path: '/invoices?status=paid&series=FW&year=2026', expect: signedIn('/invoices?status=paid&series=FW&year=2026') },
  ],
  'routes/invoices[.]xlsx': () => [{ path: '/invoices.xlsx', expect: signedIn('/invoices.xlsx') }],
  'routes/invoices.new': () => [{ path: '/invoices/new', expect: platformAdmin('/invoices/new') }],
  'routes/invoices.$id': (f) => [
    { path: `/invoices/${f.issued}`, expect: { ...signedIn(`/invoices/${f.issued}`, 404), enterprise: 200, platformAdmin: 200 } },
    { path: `/invoices/${f.draft}`, expect: { ...signedIn(`/invoices/${f.draft}`, 404), platformAdmin: 200 } },
    { path: `/invoices/${UNKNOWN_UUID}`, expect: signedIn(`/invoices/${UNKNOWN_UUID}`, 404) },
    { path: '/invoices/not-a-uuid', expect: signedIn('/invoices/not-a-uuid', 404) },
  ],
  'routes/invoices.$id[.]pdf': (f) => [
    { path: `/invoices/${f.issued}.pdf`, expect: { ...signedIn(`/invoices/${f.issued}.pdf`, 404), enterprise: 200, platformAdmin: 200 } },
    { path: `/invoices/${f.draft}.pdf`, expect: { ...signedIn(`/invoices/${f.draft}.pdf`, 404), platformAdmin: 200 } },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/invoices.new': () => ({ path: '/invoices/new', body: { intent: 'save', buyerOrgId: UNKNOWN_UUID }, expect: 401 }),
  'routes/invoices.$id': (f) => ({ path: `/invoices/${f.issued}`, body: { intent: 'void', reason: '匿名' }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const admin = users.platformAdmin.principal
  const line = { itemKind: 'listing_service', description: '挂牌服务费（路由测试）', quantity: 1, unitPriceFen: 80_000 }
  const draft = (await createDraft(db, admin, { buyerOrgId: users.enterprise.orgId!, note: '', lines: [line] }, testMeta)).id
  const issued = (await createDraft(db, admin, { buyerOrgId: users.enterprise.orgId!, note: '', lines: [line] }, testMeta)).id
  await issueInvoice(db, admin, issued, testMeta)
  return { draft, issued }
}

export const invoices: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
