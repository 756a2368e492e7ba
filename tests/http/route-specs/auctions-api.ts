import type { Database } from '../../../db/index'
import { insertAuction, insertRegistration, nextSerial, setDepositConfirmed } from '../../../db/repos/auctions'
import { auctionRulesOn } from '../../../server/auctions/policy'
import { all, everyone, UNKNOWN_UUID, type Expectation, type FeatureSpec, type RoleUsers } from '../route-kit'

// The partner API for auctions (/api/v1/auctions…). A live lot of the
// researcher's university with the enterprise registered and its deposit
// confirmed (so the fuzz suite's enterprise token reaches the bidding engine),
// and an application still under review, which exists only for the seller's
// members and platform admins. Reads are public; bids need a caller (401 JSON
// to the anonymous) and are POST only.

export interface Fixtures {
  auctionId: string
  privateAuctionId: string
}

const DAY = 86_400_000
const sellerOnly = (): Expectation => ({ ...all(404), researcher: 200, institutionAdmin: 200, platformAdmin: 200 })

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/api.v1.auctions': () => [
    { path: '/api/v1/auctions', expect: everyone(200) },
    { path: '/api/v1/auctions?status=sold&page=2', expect: everyone(200) },
    { path: '/api/v1/auctions?pageSize=101', expect: all(400) },
    { path: '/api/v1/auctions?status=applied', expect: all(400) },
  ],
  'routes/api.v1.auctions.$id': (f) => [
    { path: `/api/v1/auctions/${f.auctionId}`, expect: everyone(200) },
    { path: `/api/v1/auctions/${f.privateAuctionId}`, expect: sellerOnly() },
    { path: `/api/v1/auctions/${UNKNOWN_UUID}`, expect: all(404) },
    { path: '/api/v1/auctions/not-a-uuid', expect: all(404) },
  ],
  'routes/api.v1.auctions.$id.bids': (f) => [{ path: `/api/v1/auctions/${f.auctionId}/bids`, expect: all(405) }],
  'routes/api.v1.auctions.$id.proxy': (f) => [{ path: `/api/v1/auctions/${f.auctionId}/proxy`, expect: all(405) }],
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/api.v1.auctions': () => ({ path: '/api/v1/auctions', body: {}, expect: 405 }),
  'routes/api.v1.auctions.$id': (f) => ({ path: `/api/v1/auctions/${f.auctionId}`, body: {}, expect: 405 }),
  'routes/api.v1.auctions.$id.bids': (f) => ({ path: `/api/v1/auctions/${f.auctionId}/bids`, body: { amountFen: '10000000' }, expect: 401 }),
  'routes/api.v1.auctions.$id.proxy': (f) => ({ path: `/api/v1/auctions/${f.auctionId}/proxy`, body: { maxFen: '10000000' }, expect: 401 }),
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const now = new Date()
  const rules = auctionRulesOn(now)
  const lot = (o: { status?: 'announced'; startsAt: Date; endsAt: Date; title: string }) =>
    insertAuction(db, {
      orgId: users.researcher.orgId!,
      title: o.title,
      summary: '',
      format: 'english',
      terms: { mode: 'transfer', licence: null, price: { structure: 'lump_sum', amountFen: 10_000_000 }, deliverables: '', training: '', warrantyMonths: 0, warranty: '', commission: null, note: '' },
      startPriceFen: 10_000_000,
      incrementFen: 100_000,
      reserveFen: null,
      depositFen: 1_000_000,
      allowedOrgTypes: ['enterprise'],
      rules,
      status: o.status,
      announcedAt: o.status ? new Date(now.getTime() - 8 * DAY) : null,
      startsAt: o.startsAt,
      endsAt: o.endsAt,
      extensionSeconds: rules.extensionSeconds,
      createdBy: users.researcher.userId,
    })
  // Open for a year: the fuzz suite's bids stay valid however long the run.
  const auctionId = await lot({ status: 'announced', title: '路由测试竞价', startsAt: new Date(now.getTime() - DAY), endsAt: new Date(now.getTime() + 365 * DAY) })
  const privateAuctionId = await lot({ title: '路由测试竞价申请', startsAt: new Date(now.getTime() + 9 * DAY), endsAt: new Date(now.getTime() + 10 * DAY) })
  const reg = await insertRegistration(db, { auctionId, orgId: users.enterprise.orgId!, userId: users.enterprise.userId, depositFen: 1_000_000, at: now })
  await db.transaction().execute(async (trx) => {
    const receiptNo = await nextSerial(trx, 'receipt', now.getFullYear())
    await setDepositConfirmed(trx, reg.id, { bankReference: `ROUTES-${reg.id.slice(0, 8)}`, receiptNo, by: users.platformAdmin.userId, at: now })
  })
  return { auctionId, privateAuctionId }
}

export const auctionsApi: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
