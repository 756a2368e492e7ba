import type { Database } from '../../../db/index'
import { confirmContract, createContractDraft, uploadSignedScan } from '../../../server/contracts/service'
import { acceptOffer, makeOffer } from '../../../server/deals/offers'
import { openDeal } from '../../../server/deals/open'
import { LocalFileStore } from '../../../server/platform/files/store'
import { TWO_INSTALMENTS } from '../../helpers/contract-drafts'
import { testMeta } from '../../helpers/factories'
import { TEST_FILES_DIR } from '../../helpers/http'
import { PDF } from '../../helpers/sample-files'
import { all, signedIn, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// Contracts (/deals/:id/contract, /contracts, /api/v1/contracts…). Two deals
// between the researcher's university (seller) and the enterprise (buyer),
// brokered by the manager, with agreed terms: one with a draft contract, one
// signed. The deal page: the room's members; everyone else 404. The list:
// everyone signed in (each sees their own scope). One contract over the API:
// the parties' members, the city officer and the county officer of 柳南区 (a
// party is there); the manager's agency is no party (404), nor anyone else.

export interface Fixtures {
  draftDealId: string
  draftId: string
  signedDealId: string
  signedId: string
}

const members = { researcher: 200, institutionAdmin: 200, enterprise: 200, manager: 200 } as const
const page = (path: string): Expectation => ({ ...signedIn(path, 404), ...members })
const one: Expectation = { ...all(404), anonymous: 401, researcher: 200, institutionAdmin: 200, enterprise: 200, cityOfficer: 200, countyOfficer: 200 }

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/deals.$id.contract': (f) => [
    { path: `/deals/${f.draftDealId}/contract`, expect: page(`/deals/${f.draftDealId}/contract`) },
    { path: `/deals/${f.signedDealId}/contract`, expect: page(`/deals/${f.signedDealId}/contract`) },
    { path: `/deals/${UNKNOWN_UUID}/contract`, expect: signedIn(`/deals/${UNKNOWN_UUID}/contract`, 404) },
    { path: '/deals/not-a-uuid/contract', expect: signedIn('/deals/not-a-uuid/contract', 404) },
  ],
  'routes/contracts._index': () => [
    { path: '/contracts', expect: signedIn('/contracts') },
    { path: '/contracts?flag=below&page=2', expect: signedIn('/contracts?flag=below&page=2') },
    { path: '/contracts?page=abc&flag=%00', expect: signedIn('/contracts?page=abc&flag=%00') },
  ],
  'routes/api.v1.contracts': () => [
    { path: '/api/v1/contracts', expect: { ...all(200), anonymous: 401 } },
    { path: '/api/v1/contracts?pageSize=101', expect: { ...all(400), anonymous: 401 } },
  ],
  'routes/api.v1.contracts.$id': (f) => [
    { path: `/api/v1/contracts/${f.draftId}`, expect: one },
    { path: `/api/v1/contracts/${f.signedId}`, expect: one },
    { path: `/api/v1/contracts/${UNKNOWN_UUID}`, expect: { ...all(404), anonymous: 401 } },
    { path: '/api/v1/contracts/not-a-uuid', expect: { ...all(404), anonymous: 401 } },
  ],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/deals.$id.contract': (f) => ({ path: `/deals/${f.draftDealId}/contract`, body: { intent: 'confirm', revision: '1' }, expect: 401 }),
  'routes/api.v1.contracts': () => ({ path: '/api/v1/contracts', body: {}, expect: 405 }),
  'routes/api.v1.contracts.$id': (f) => ({ path: `/api/v1/contracts/${f.draftId}`, body: {}, expect: 405 }),
}

async function dealWithTerms(db: Database, users: RoleUsers, title: string) {
  const { id } = await db.transaction().execute((trx) =>
    openDeal(
      trx,
      users.manager.principal,
      {
        title,
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
  await makeOffer(db, { principal: users.enterprise.principal }, id, TWO_INSTALMENTS, testMeta)
  await acceptOffer(db, { principal: users.researcher.principal }, id, 1, testMeta)
  const draft = await createContractDraft(db, users.researcher.principal, id, testMeta)
  return { dealId: id, contractId: draft.id }
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const draft = await dealWithTerms(db, users, '路由测试合同（草稿）')
  const signed = await dealWithTerms(db, users, '路由测试合同（已签署）')
  await confirmContract(db, users.researcher.principal, signed.contractId, 1, testMeta)
  await confirmContract(db, users.enterprise.principal, signed.contractId, 1, testMeta)
  await uploadSignedScan(db, new LocalFileStore(TEST_FILES_DIR), users.enterprise.principal, signed.contractId, { bytes: new Uint8Array(PDF), name: '签署版.pdf' }, testMeta)
  return { draftDealId: draft.dealId, draftId: draft.contractId, signedDealId: signed.dealId, signedId: signed.contractId }
}

export const contracts: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
