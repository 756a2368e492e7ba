import type { Database } from '../../../db/index'
import { applyForAuction, confirmDeposit, registerBidder, reviewAuction } from '../../../server/auctions/lifecycle'
import { ApplySchema, toBeijingLocal } from '../../../server/auctions/lifecycle-schemas'
import { liveAuction } from '../../helpers/auctions'
import { publishedAchievement } from '../../helpers/engagement'
import { testMeta } from '../../helpers/factories'
import { everyone, platformAdmin, signedIn, toLogin, UNKNOWN_UUID, type FeatureSpec, type RoleUsers } from '../route-kit'

// 科技成果竞价, before the hammer (ADR 028): the list and an announced lot are
// public; an application under review exists only for its institution's
// members and platform admins; applying is for the institution's admins; the
// admin desk is the platform admin's; a deposit receipt is its bidder's (and
// the platform admin's, by registration).

interface Fixtures {
  announced: string
  /** Announced, open to agencies too; the manager's agency registered without paying: the admin desk's pending deposit. */
  open: string
  applied: string
  /** Bidding now; the enterprise holds a confirmed deposit (the page's form bids). */
  live: string
  enterpriseRegistration: string
}

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/auctions._index': () => [{ path: '/auctions', expect: everyone(200) }],
  'routes/auctions.$id': (f) => [
    { path: `/auctions/${f.announced}`, expect: everyone(200) },
    // The enterprise is registered on the others; here it meets the registration form.
    { path: `/auctions/${f.open}`, expect: everyone(200) },
    { path: `/auctions/${f.live}`, expect: everyone(200) },
    { path: `/auctions/${f.applied}`, expect: { ...everyone(404), researcher: 200, institutionAdmin: 200, platformAdmin: 200 } },
    { path: `/auctions/${UNKNOWN_UUID}`, expect: everyone(404) },
    { path: '/auctions/not-a-uuid', expect: everyone(404) },
  ],
  'routes/auctions.new': (f) => [
    { path: '/auctions/new', expect: { ...signedIn('/auctions/new', 403), institutionAdmin: 200 } },
    // Only unsold or defaulted lots are relisted; an unknown one does not exist.
    { path: `/auctions/new?relist=${f.announced}`, expect: { ...signedIn(`/auctions/new?relist=${f.announced}`, 403), institutionAdmin: 409 } },
  ],
  'routes/admin.auctions': () => [{ path: '/admin/auctions', expect: platformAdmin('/admin/auctions') }],
  'routes/auctions.$id_.receipt[.]pdf': (f) => {
    const own = `/auctions/${f.announced}/receipt.pdf`
    const byReg = `${own}?registration=${f.enterpriseRegistration}`
    return [
      { path: own, expect: { ...signedIn(own, 404), anonymous: toLogin(own), enterprise: 200 } },
      { path: byReg, expect: { ...signedIn(byReg, 404), enterprise: 200, platformAdmin: 200 } },
      { path: `/auctions/${f.applied}/receipt.pdf`, expect: signedIn(`/auctions/${f.applied}/receipt.pdf`, 404) },
    ]
  },
}

const anonymousPosts: FeatureSpec<Fixtures>['anonymousPosts'] = {
  'routes/auctions.$id': (f) => ({ path: `/auctions/${f.announced}`, body: { intent: 'register', orgId: UNKNOWN_UUID, acceptRules: 'on' }, expect: 401 }),
  'routes/auctions.new': () => ({ path: '/auctions/new', body: { title: '匿名竞价', startPrice: '10' }, expect: 401 }),
  'routes/admin.auctions': (f) => ({ path: '/admin/auctions', body: { intent: 'review', auctionId: f.applied, decision: 'approve' }, expect: 401 }),
}

const DAY = 86_400_000
const local = (d: Date) => toBeijingLocal(d).slice(0, 16)

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const orgId = users.researcher.orgId!
  const creator = users.researcher.principal
  const seller = users.institutionAdmin.principal
  const admin = users.platformAdmin.principal
  const starts = new Date(Math.ceil((Date.now() + 9 * DAY) / 60_000) * 60_000)
  const form = (achievementId: string, allowedOrgTypes = ['enterprise']) =>
    ApplySchema.parse({
      achievementIds: [achievementId],
      title: '路由测试竞价标的',
      format: 'english',
      mode: 'transfer',
      startPrice: '50',
      reserve: '60',
      startsAt: local(starts),
      endsAt: local(new Date(starts.getTime() + DAY)),
      allowedOrgTypes,
    })
  const lot = async (allowed?: string[]) => (await applyForAuction(db, seller, form(await publishedAchievement(db, creator, seller, orgId), allowed), testMeta)).id
  const announced = await lot()
  const open = await lot(['enterprise', 'agency'])
  const applied = await lot()
  for (const id of [announced, open]) await reviewAuction(db, admin, id, { decision: 'approve', note: '' }, testMeta)
  const reg = await registerBidder(db, users.enterprise.principal, announced, { orgId: users.enterprise.orgId! }, testMeta)
  await confirmDeposit(db, admin, reg.registrationId, { bankReference: 'ROUTES-0001' }, testMeta)
  await registerBidder(db, users.manager.principal, open, { orgId: users.manager.orgId! }, testMeta)
  const live = await liveAuction(db, { bidders: 1, endsInMs: 6 * 3_600_000 })
  const liveReg = await registerBidder(db, users.enterprise.principal, live.auctionId, { orgId: users.enterprise.orgId! }, testMeta)
  await confirmDeposit(db, admin, liveReg.registrationId, { bankReference: 'ROUTES-0002' }, testMeta)
  return { announced, open, applied, live: live.auctionId, enterpriseRegistration: reg.registrationId }
}

export const auctionsLifecycle: FeatureSpec<Fixtures> = { setup, get, anonymousPosts }
