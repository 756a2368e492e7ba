import type { Database } from '../../../db/index'
import { insertAuction, insertAuctionItems, insertRegistration, nextSerial, setDepositConfirmed } from '../../../db/repos/auctions'
import { closeAuctionIn } from '../../../server/auctions/closing'
import { submitBid } from '../../../server/auctions/commands'
import { auctionRulesOn } from '../../../server/auctions/policy'
import { verifyPath } from '../../../server/platform/verification'
import { publishedAchievement } from '../../helpers/engagement'
import { testMeta } from '../../helpers/factories'
import { all, everyone, UNKNOWN_UUID, type FeatureSpec, type RoleUsers } from '../route-kit'

// Auction results (ADR 029): the verification page is public for a real code
// and 404 for any other; a 成交确认书 PDF is for the seller's members (the
// researcher's university), the buyer's (the enterprise) and platform admins,
// 404 for everyone else, anonymous visitors included, and for an unsold lot.

interface Fixtures {
  sold: string
  unsold: string
  code: string
}

const DAY = 86_400_000

async function lot(db: Database, users: RoleUsers, now: Date, bid: boolean) {
  const orgId = users.researcher.orgId!
  const achievementId = await publishedAchievement(db, users.researcher.principal, users.institutionAdmin.principal, orgId)
  const rules = auctionRulesOn(now)
  const id = await insertAuction(db, {
    orgId,
    title: '竞价结果路由测试',
    summary: '',
    format: 'english',
    terms: { mode: 'transfer', licence: null, price: { structure: 'lump_sum', amountFen: 10_000_000 }, deliverables: '', training: '', warrantyMonths: 0, warranty: '', commission: null, note: '' },
    startPriceFen: 10_000_000,
    incrementFen: 100_000,
    reserveFen: null,
    depositFen: 1_000_000,
    allowedOrgTypes: ['enterprise'],
    rules,
    status: 'announced',
    announcedAt: new Date(now.getTime() - 8 * DAY),
    startsAt: new Date(now.getTime() - 3_600_000),
    endsAt: new Date(now.getTime() + 60_000),
    extensionSeconds: rules.extensionSeconds,
    createdBy: users.institutionAdmin.userId,
  })
  await insertAuctionItems(db, id, [achievementId])
  if (bid) {
    const reg = await insertRegistration(db, { auctionId: id, orgId: users.enterprise.orgId!, userId: users.enterprise.userId, depositFen: 1_000_000, at: now })
    await db.transaction().execute(async (trx) => {
      const receiptNo = await nextSerial(trx, 'receipt', now.getFullYear())
      await setDepositConfirmed(trx, reg.id, { bankReference: `ROUTES-${reg.id.slice(0, 8)}`, receiptNo, by: users.platformAdmin.userId, at: now })
    })
    const answer = await submitBid(db, users.enterprise.principal, { auctionId: id, amountFen: 10_000_000, key: 'routes' }, now)
    if (!answer.ok) throw new Error(`route fixture bid refused: ${answer.reason}`)
  }
  // Closed as if its end (moved by the bid's extension) had passed.
  await db.transaction().execute((trx) => closeAuctionIn(trx, id, testMeta, new Date(now.getTime() + 10 * 60_000)))
  return id
}

async function setup(db: Database, users: RoleUsers): Promise<Fixtures> {
  const now = new Date()
  const sold = await lot(db, users, now, true)
  const unsold = await lot(db, users, now, false)
  const row = await db.selectFrom('auctions').select('verification_code').where('id', '=', sold).executeTakeFirstOrThrow()
  return { sold, unsold, code: row.verification_code! }
}

const pdfReaders = { ...all(404), researcher: 200, institutionAdmin: 200, enterprise: 200, platformAdmin: 200 } as const

const get: FeatureSpec<Fixtures>['get'] = {
  'routes/verify.$code': (f) => [
    { path: verifyPath(f.code), expect: everyone(200) },
    { path: `/verify/${f.code.toLowerCase()}`, expect: everyone(200) },
    { path: '/verify/0000-0000-0000-0000', expect: everyone(404) },
    { path: '/verify/not-a-code', expect: everyone(404) },
  ],
  'routes/auctions.$id.confirmation[.]pdf': (f) => [
    { path: `/auctions/${f.sold}/confirmation.pdf`, expect: pdfReaders },
    { path: `/auctions/${f.unsold}/confirmation.pdf`, expect: everyone(404) },
    { path: `/auctions/${UNKNOWN_UUID}/confirmation.pdf`, expect: everyone(404) },
    { path: '/auctions/not-a-uuid/confirmation.pdf', expect: everyone(404) },
  ],
}

export const auctionsClosing: FeatureSpec<Fixtures> = { setup, get, anonymousPosts: {} }
