import type { Database, Executor } from '../../db/index'
import { findRegistration, overdueAuctionIds, setAuctionDefaulted, setAuctionPaid, setAuctionSigned, settleDeposits } from '../../db/repos/auction-results'
import { lockAuction } from '../../db/repos/auctions'
import { insertStageChange, lockDeal, setDealStage } from '../../db/repos/deals'
import { mayCloseFrom } from '../deals/stage-rules'
import { postSystemLine } from '../deals/system-line'
import { isOrgAdmin, verifiedMemberOf } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { conflict, forbidden, notFound } from '../platform/errors'
import { fenToWan } from '../platform/money'
import { publish, roomName } from '../realtime/publish'
import { creditOnAuctionDefault } from '../credit/hooks'
import { mayViewAuction } from './access'

// After the hammer (ADR 029): the winner signs the 成交确认书 online (在线签署)
// by the sign deadline, the seller marks the price paid; a winner who lets
// either deadline pass has defaulted (悔拍): the lot is defaulted, the deposit
// that was applied to the price is forfeited, the deal room is closed as
// 成交失败 by the platform, and the organisation may not register for the
// lot's relisting (defaultedOrgIds).

export const AUCTION_EVENT_RESULT = 'result'

type Lot = NonNullable<Awaited<ReturnType<typeof lockAuction>>>

async function lockedSold(trx: Executor, actor: Principal, id: string) {
  const lot = await lockAuction(trx, id)
  if (!lot || !mayViewAuction(actor, lot)) throw notFound()
  return lot
}

/** Who signs for the buyer: the user who registered, or an owner/admin of the winning organisation (verified). */
export function maySignFor(actor: Principal, reg: { user_id: string; org_id: string }) {
  return verifiedMemberOf(actor, reg.org_id) && (reg.user_id === actor.userId || isOrgAdmin(actor, reg.org_id))
}

/** Who marks the price paid: the seller's owner/admin or the person who applied for the lot. */
export function mayMarkPaid(actor: Principal, lot: { org_id: string; created_by: string }) {
  return verifiedMemberOf(actor, lot.org_id) && (lot.created_by === actor.userId || isOrgAdmin(actor, lot.org_id))
}

export async function signConfirmation(db: Database, actor: Principal, id: string, meta: RequestMeta, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const lot = await lockedSold(trx, actor, id)
    const reg = lot.winner_registration_id ? await findRegistration(trx, lot.winner_registration_id) : undefined
    if (!reg || !maySignFor(actor, reg)) throw forbidden('auction.errors.winnerOnly')
    if (lot.status !== 'sold') throw conflict('auction.errors.notSold')
    if (lot.signed_at) throw conflict('auction.errors.alreadySigned')
    if (lot.sign_deadline && now > lot.sign_deadline) throw conflict('auction.errors.signDeadlinePassed')
    await setAuctionSigned(trx, lot.id, actor.userId, now)
    await audit(trx, meta, actor.userId, 'auction.signed', { type: 'auction', id: lot.id, orgId: reg.org_id }, { confirmationNo: lot.confirmation_no })
    if (lot.deal_id) await postSystemLine(trx, lot.deal_id, 'deals.system.auctionSigned', { actor: actor.name, number: lot.confirmation_no ?? '' })
    await publish(trx, roomName('auction', lot.id), AUCTION_EVENT_RESULT, { signedAt: now.toISOString() })
    await notify(trx, [lot.created_by].filter((u) => u !== actor.userId), { kind: 'auction_signed', params: { title: lot.title, number: lot.confirmation_no ?? '' }, link: `/auctions/${lot.id}` })
    return { signedAt: now.toISOString() }
  })
}

export async function markPaid(db: Database, actor: Principal, id: string, meta: RequestMeta, now = new Date()) {
  return db.transaction().execute(async (trx) => {
    const lot = await lockedSold(trx, actor, id)
    if (!mayMarkPaid(actor, lot)) throw forbidden('auction.errors.sellerOnly')
    if (lot.status !== 'sold') throw conflict('auction.errors.notSold')
    if (!lot.signed_at) throw conflict('auction.errors.notSignedYet')
    if (lot.paid_at) throw conflict('auction.errors.alreadyPaid')
    await setAuctionPaid(trx, lot.id, now)
    await audit(trx, meta, actor.userId, 'auction.paid', { type: 'auction', id: lot.id, orgId: lot.org_id }, { confirmationNo: lot.confirmation_no, hammerPriceFen: lot.hammer_price_fen })
    if (lot.deal_id) await postSystemLine(trx, lot.deal_id, 'deals.system.auctionPaid', { actor: actor.name, price: fenToWan(Number(lot.hammer_price_fen ?? 0)) })
    await publish(trx, roomName('auction', lot.id), AUCTION_EVENT_RESULT, { paidAt: now.toISOString() })
    const reg = lot.winner_registration_id ? await findRegistration(trx, lot.winner_registration_id) : undefined
    if (reg) await notify(trx, [reg.user_id].filter((u) => u !== actor.userId), { kind: 'auction_paid', params: { title: lot.title }, link: `/auctions/${lot.id}` })
    return { paidAt: now.toISOString() }
  })
}

const overdue = (lot: Lot, now: Date) =>
  lot.status === 'sold' && ((!lot.signed_at && !!lot.sign_deadline && lot.sign_deadline < now) || (!lot.paid_at && !!lot.payment_deadline && lot.payment_deadline < now))

async function closeDealAsDefaulted(trx: Executor, dealId: string, lotId: string) {
  const deal = await lockDeal(trx, dealId)
  if (!deal || !mayCloseFrom(deal.stage)) return
  const note = `悔拍 / default (auction ${lotId})`
  await setDealStage(trx, dealId, 'closed_lost', { reason: 'other', note })
  await insertStageChange(trx, { dealId, from: deal.stage, to: 'closed_lost', reason: 'other', note, actorId: null })
  await postSystemLine(trx, dealId, 'deals.system.auctionDefaulted')
  await publish(trx, roomName('deal', dealId), 'stage', { from: deal.stage, to: 'closed_lost' })
}

/** The periodic job: 悔拍 for every sold lot whose winner missed the sign or payment deadline; returns how many. */
export async function defaultOverdueAuctions(db: Database, meta: RequestMeta, now = new Date()): Promise<number> {
  let n = 0
  for (const id of await overdueAuctionIds(db, now)) {
    const done = await db.transaction().execute(async (trx) => {
      const lot = await lockAuction(trx, id)
      if (!lot || !overdue(lot, now)) return false
      const reg = lot.winner_registration_id ? await findRegistration(trx, lot.winner_registration_id) : undefined
      await setAuctionDefaulted(trx, lot.id, now)
      const forfeited = await settleDeposits(trx, lot.id, { from: 'applied', to: 'forfeited', at: now, ...(lot.winner_registration_id ? { only: lot.winner_registration_id } : {}) })
      if (lot.deal_id) await closeDealAsDefaulted(trx, lot.deal_id, lot.id)
      const missed = lot.signed_at ? 'payment' : 'signature'
      await audit(trx, meta, null, 'auction.defaulted', { type: 'auction', id: lot.id, orgId: lot.org_id }, {
        confirmationNo: lot.confirmation_no,
        buyerOrgId: reg?.org_id ?? null,
        missed,
        forfeitedFen: forfeited.reduce((s, r) => s + Number(r.deposit_fen), 0),
      })
      await creditOnAuctionDefault(trx, lot.id, reg?.org_id ?? null, now)
      await publish(trx, roomName('auction', lot.id), AUCTION_EVENT_RESULT, { status: 'defaulted' })
      const people = [lot.created_by, ...(reg ? [reg.user_id] : [])]
      await notify(trx, people, { kind: 'auction_defaulted', params: { title: lot.title }, link: `/auctions/${lot.id}` })
      return true
    })
    if (done) n++
  }
  return n
}
