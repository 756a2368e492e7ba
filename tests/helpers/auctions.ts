import type { Database } from '../../db/index'
import { insertAuction, insertAuctionItems, insertRegistration, nextSerial, setDepositConfirmed } from '../../db/repos/auctions'
import { auctionRulesOn } from '../../server/auctions/policy'
import { publishedAchievement } from './api-fixtures'
import { createMember, createUser } from './factories'

/**
 * A lot already announced and open for bidding (the 7-day announcement is the
 * application service's rule; this goes straight to the repository): seller
 * `seller` (owner of a verified university), `bidders` verified enterprises
 * registered with their deposits confirmed, `unpaid` one registered without.
 */
export async function liveAuction(
  db: Database,
  o: { bidders?: number; startFen?: number; incrementFen?: number; reserveFen?: number | null; endsInMs?: number; startedMsAgo?: number; format?: 'english' | 'sealed'; now?: Date; extensionSeconds?: number } = {},
) {
  const now = o.now ?? new Date()
  const seller = await createMember(db, { type: 'university', role: 'owner' })
  const admin = await createUser(db, { platformAdmin: true })
  const achievementId = await publishedAchievement(db, seller.principal, seller.principal, seller.org.id)
  const rules = auctionRulesOn(now)
  const startFen = o.startFen ?? 10_000_000
  const auctionId = await insertAuction(db, {
    orgId: seller.org.id,
    title: '竞价测试标的',
    summary: '',
    format: o.format ?? 'english',
    terms: { mode: 'transfer', licence: null, price: { structure: 'lump_sum', amountFen: startFen }, deliverables: '', training: '', warrantyMonths: 0, warranty: '', commission: null, note: '' },
    startPriceFen: startFen,
    incrementFen: o.incrementFen ?? 100_000,
    reserveFen: o.reserveFen ?? null,
    depositFen: Math.round(startFen / 10),
    allowedOrgTypes: ['enterprise'],
    rules,
    status: 'announced',
    announcedAt: new Date(now.getTime() - 8 * 86_400_000),
    startsAt: new Date(now.getTime() - (o.startedMsAgo ?? 3_600_000)),
    endsAt: new Date(now.getTime() + (o.endsInMs ?? 3_600_000)),
    extensionSeconds: o.extensionSeconds ?? rules.extensionSeconds,
    createdBy: seller.user.id,
  })
  await insertAuctionItems(db, auctionId, [achievementId])
  const bidders = []
  for (let i = 0; i < (o.bidders ?? 2); i++) {
    const m = await createMember(db, { type: 'enterprise', role: 'owner' })
    const reg = await insertRegistration(db, { auctionId, orgId: m.org.id, userId: m.user.id, depositFen: Math.round(startFen / 10), at: now })
    // The serial is taken and used in one transaction: that is what keeps the series without gaps or repeats.
    await db.transaction().execute(async (trx) => {
      const receiptNo = await nextSerial(trx, 'receipt', now.getFullYear())
      await setDepositConfirmed(trx, reg.id, { bankReference: `BANK-${reg.id.slice(0, 8)}`, receiptNo, by: admin.id, at: now })
    })
    bidders.push({ ...m, registrationId: reg.id, paddleNo: reg.paddle_no })
  }
  const unpaidMember = await createMember(db, { type: 'enterprise', role: 'owner' })
  const unpaidReg = await insertRegistration(db, { auctionId, orgId: unpaidMember.org.id, userId: unpaidMember.user.id, depositFen: Math.round(startFen / 10), at: now })
  return { auctionId, achievementId, seller, admin, bidders, unpaid: { ...unpaidMember, registrationId: unpaidReg.id } }
}
