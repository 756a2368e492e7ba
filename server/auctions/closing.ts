import type { Database, Executor } from '../../db/index'
import { dueAuctionIds, findRegistration, sealedBidsOf, setAuctionDeal, setAuctionSold, setAuctionUnsold, settleDeposits } from '../../db/repos/auction-results'
import { auctionItems, lockAuction, nextSerial } from '../../db/repos/auctions'
import { recordAgreedTerms } from '../deals/offers'
import { openDeal } from '../deals/open'
import { DealTermsSchema } from '../deals/terms'
import type { RequestMeta } from '../identity/principal'
import { notify } from '../notifications/notify'
import { audit } from '../platform/audit'
import { shanghaiDate } from '../platform/intl'
import { fenToWan } from '../platform/money'
import { newVerificationCode } from '../platform/verification'
import { publish, roomName } from '../realtime/publish'
import { auctionRulesOn, type AuctionRules } from './policy'

export { defaultOverdueAuctions, markPaid, signConfirmation } from './settlement'
export { submitSealedBid } from './sealed'
export { confirmationPdf } from './confirmation'

// Closing a lot at its end (ADR 029). The close runs under the lot's row lock
// once the end plus the close grace has passed, so a bid received just before
// the end (decided under the same lock) is in the chain first. English: the
// leading bid wins if it reaches the reserve (or there is none). Sealed: the
// bids are opened; the highest at or above the start and the reserve wins, a
// tie going to the earlier bid. Sold: winner, hammer price, a gapless
// confirmation number and a random verification code, the sign and payment
// deadlines and the results period from the lot's frozen rules; the winner's
// deposit is applied to the price and everyone else's released; a deal room
// opens with the seller and the winner, the hammer price recorded as its
// agreed terms. Unsold: every deposit released. Either way the room hears a
// `closed` event and the people concerned are notified.

export type CloseResult = { status: 'sold'; dealId: string; confirmationNo: string } | { status: 'unsold' } | { status: 'not_due' }

export const AUCTION_EVENT_CLOSED = 'closed'

const DAY = 86_400_000

/** The rules frozen into the lot at its application, filled from the version then in force where a field is missing. */
export function lotRules(lot: { rules: unknown; created_at: Date }): AuctionRules {
  return { ...auctionRulesOn(lot.created_at), ...((lot.rules ?? {}) as Partial<AuctionRules>) }
}

interface Winner {
  registrationId: string
  amountFen: number
}

function englishWinner(lot: NonNullable<Awaited<ReturnType<typeof lockAuction>>>): Winner | null {
  if (lot.bid_count === 0 || !lot.leader_registration_id || lot.current_price_fen === null) return null
  return { registrationId: lot.leader_registration_id, amountFen: Number(lot.current_price_fen) }
}

/** Sealed bids, highest first and the earlier first on a tie; only bids of bidders whose deposit stands count. */
function sealedWinner(bids: Awaited<ReturnType<typeof sealedBidsOf>>, startFen: number): Winner | null {
  const valid = bids.filter((b) => Number(b.amount_fen) >= startFen && b.deposit_status === 'confirmed')
  const sorted = [...valid].sort((a, b) => Number(b.amount_fen) - Number(a.amount_fen) || a.placed_at.getTime() - b.placed_at.getTime())
  const top = sorted[0]
  return top ? { registrationId: top.registration_id, amountFen: Number(top.amount_fen) } : null
}

/** Closes the lot if its end (plus the close grace) has passed; inside the caller's transaction. */
export async function closeAuctionIn(trx: Executor, auctionId: string, meta: RequestMeta, now = new Date()): Promise<CloseResult> {
  const lot = await lockAuction(trx, auctionId)
  if (!lot) return { status: 'not_due' }
  // Closed before (a second job, a retry): the same answer, nothing done twice.
  if (lot.status === 'sold' && lot.deal_id && lot.confirmation_no) return { status: 'sold', dealId: lot.deal_id, confirmationNo: lot.confirmation_no }
  if (lot.status === 'unsold') return { status: 'unsold' }
  if (lot.status !== 'announced') return { status: 'not_due' }
  const rules = lotRules(lot)
  if (now.getTime() < lot.ends_at.getTime() + rules.closeGraceMs) return { status: 'not_due' }

  const startFen = Number(lot.start_price_fen)
  const sealed = lot.format === 'sealed' ? await sealedBidsOf(trx, auctionId) : []
  const best = lot.format === 'sealed' ? sealedWinner(sealed, startFen) : englishWinner(lot)
  const reserve = lot.reserve_fen === null ? null : Number(lot.reserve_fen)
  const winner = best && (reserve === null || best.amountFen >= reserve) ? best : null
  const resultsUntil = new Date(now.getTime() + rules.resultsDays * DAY)
  const sealedBids = lot.format === 'sealed' ? sealed.map((b) => ({ paddleNo: b.paddle_no, amountFen: Number(b.amount_fen), at: b.placed_at.toISOString() })) : undefined
  const price = (fen: number) => fenToWan(fen)

  if (!winner) {
    await setAuctionUnsold(trx, auctionId, now, resultsUntil)
    const released = await settleDeposits(trx, auctionId, { from: 'confirmed', to: 'released', at: now })
    await audit(trx, meta, null, 'auction.unsold', { type: 'auction', id: auctionId, orgId: lot.org_id }, {
      title: lot.title,
      bids: lot.format === 'sealed' ? sealed.length : lot.bid_count,
      bestFen: best?.amountFen ?? null,
      reserveMet: false,
      released: released.length,
    })
    await publish(trx, roomName('auction', auctionId), AUCTION_EVENT_CLOSED, { status: 'unsold', hammerPriceFen: null, winnerPaddle: null, ...(sealedBids ? { sealedBids } : {}) })
    await notify(trx, [lot.created_by], { kind: 'auction_unsold', params: { title: lot.title }, link: `/auctions/${auctionId}` })
    for (const r of released) await notify(trx, [r.user_id], { kind: 'auction_lost', params: { title: lot.title, deposit: price(Number(r.deposit_fen)) }, link: `/auctions/${auctionId}` })
    return { status: 'unsold' }
  }

  const reg = await findRegistration(trx, winner.registrationId)
  if (!reg) throw new Error(`auction ${auctionId}: winning registration ${winner.registrationId} missing`)
  const confirmationNo = await nextSerial(trx, 'confirmation', Number(shanghaiDate(now).slice(0, 4)))
  const verificationCode = newVerificationCode()
  const signDeadline = new Date(now.getTime() + rules.signDays * DAY)
  const paymentDeadline = new Date(now.getTime() + rules.paymentDays * DAY)
  await setAuctionSold(trx, auctionId, now, {
    winnerRegistrationId: winner.registrationId,
    hammerPriceFen: winner.amountFen,
    confirmationNo,
    verificationCode,
    signDeadline,
    paymentDeadline,
    resultsUntil,
    dealId: null,
  })
  await settleDeposits(trx, auctionId, { from: 'confirmed', to: 'applied', at: now, only: winner.registrationId })
  const released = await settleDeposits(trx, auctionId, { from: 'confirmed', to: 'released', at: now, except: winner.registrationId })

  const items = await auctionItems(trx, auctionId)
  const deal = await openDeal(
    trx,
    null,
    {
      title: lot.title,
      source: { kind: 'auction', id: auctionId },
      sellerOrgId: lot.org_id,
      buyerOrgIds: [reg.org_id],
      achievementIds: items.map((i) => i.id),
      members: [
        { userId: lot.created_by, role: 'party', orgId: lot.org_id },
        { userId: reg.user_id, role: 'party', orgId: reg.org_id },
      ],
    },
    meta,
  )
  // The lot's published terms with the hammer price as the lump sum: what the winner bid for, frozen as the deal's terms (条款确认).
  const terms = DealTermsSchema.parse({ ...(lot.terms as object), price: { structure: 'lump_sum', amountFen: winner.amountFen } })
  await recordAgreedTerms(trx, null, deal.id, terms, meta, { via: 'auction' })
  await setAuctionDeal(trx, auctionId, deal.id)

  await audit(trx, meta, null, 'auction.sold', { type: 'auction', id: auctionId, orgId: lot.org_id }, {
    title: lot.title,
    confirmationNo,
    hammerPriceFen: winner.amountFen,
    winnerRegistrationId: winner.registrationId,
    buyerOrgId: reg.org_id,
    dealId: deal.id,
    released: released.length,
  })
  await publish(trx, roomName('auction', auctionId), AUCTION_EVENT_CLOSED, {
    status: 'sold',
    hammerPriceFen: winner.amountFen,
    winnerPaddle: reg.paddle_no,
    ...(sealedBids ? { sealedBids } : {}),
  })
  const deadline = shanghaiDate(signDeadline)
  await notify(trx, [reg.user_id], { kind: 'auction_won', params: { title: lot.title, price: price(winner.amountFen), deadline }, link: `/auctions/${auctionId}` })
  await notify(trx, [lot.created_by], { kind: 'auction_sold', params: { title: lot.title, price: price(winner.amountFen) }, link: `/auctions/${auctionId}` })
  for (const r of released) await notify(trx, [r.user_id], { kind: 'auction_lost', params: { title: lot.title, deposit: price(Number(r.deposit_fen)) }, link: `/auctions/${auctionId}` })
  return { status: 'sold', dealId: deal.id, confirmationNo }
}

/** The periodic job: closes every lot whose end has passed; returns how many it closed. */
export async function closeDueAuctions(db: Database, meta: RequestMeta, now = new Date()): Promise<number> {
  let closed = 0
  const failures: unknown[] = []
  for (const id of await dueAuctionIds(db, now)) {
    // One transaction per lot: one lot that fails to close does not hold up the others.
    try {
      const r = await db.transaction().execute((trx) => closeAuctionIn(trx, id, meta, now))
      if (r.status !== 'not_due') closed++
    } catch (err) {
      failures.push(err)
    }
  }
  if (failures.length) throw new AggregateError(failures, `${failures.length} auction(s) failed to close (${closed} closed)`)
  return closed
}
