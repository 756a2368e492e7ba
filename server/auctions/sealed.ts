import { z } from 'zod'
import type { Database } from '../../db/index'
import { biddersOf } from '../../db/repos/auction-bids'
import { countSealedBids, findSealedBid, insertSealedBid } from '../../db/repos/auction-results'
import { lockAuction } from '../../db/repos/auctions'
import type { Principal } from '../identity/principal'
import { publish, roomName } from '../realtime/publish'

// 密封报价 (ADR 029): in a sealed lot each registered bidder with a confirmed
// deposit submits one bid while bidding is open; it is fixed once in and hidden
// from everyone (the bidder sees their own) until the opening at the end. The
// amount must reach the start price; a reserve is never hinted at (a bid below
// it is taken and simply does not win). Decided under the lot's row lock, so a
// bid never slips past the close. The same key again is answered with the
// stored bid, like a retried English bid.

const MAX_FEN = 10_000_000_000_000

export const SealedCommandSchema = z.object({
  auctionId: z.string().uuid(),
  amountFen: z.number().int().min(1).max(MAX_FEN),
  key: z.string().min(1).max(80),
  registrationId: z.string().uuid().optional(),
})

export type SealedRejection = 'invalid' | 'not_found' | 'not_sealed' | 'closed' | 'not_open' | 'ended' | 'not_registered' | 'no_deposit' | 'own_lot' | 'too_low' | 'sealed_already'

export type SealedAnswer =
  | { ok: true; duplicate: boolean; amountFen: number; at: string; paddleNo: number; sealedCount: number }
  | { ok: false; reason: SealedRejection; minFen?: number }

export const AUCTION_EVENT_SEALED = 'sealed'

export async function submitSealedBid(db: Database, principal: Principal, input: unknown, at = new Date()): Promise<SealedAnswer> {
  const parsed = SealedCommandSchema.safeParse(input)
  if (!parsed.success) return { ok: false, reason: 'invalid' }
  const { auctionId, amountFen, key, registrationId } = parsed.data
  const orgIds = principal.memberships.filter((m) => m.orgStatus === 'verified').map((m) => m.orgId)
  return db.transaction().execute(async (trx): Promise<SealedAnswer> => {
    const lot = await lockAuction(trx, auctionId)
    if (!lot || !['announced', 'sold', 'unsold', 'defaulted'].includes(lot.status)) return { ok: false, reason: 'not_found' }
    if (lot.format !== 'sealed') return { ok: false, reason: 'not_sealed' }
    if (orgIds.includes(lot.org_id)) return { ok: false, reason: 'own_lot' }
    const mine = (await biddersOf(trx, auctionId, orgIds, [])).filter((b) => !registrationId || b.id === registrationId)
    const bidder = mine.length === 1 ? mine[0] : undefined
    if (!bidder) return { ok: false, reason: 'not_registered' }
    const prior = await findSealedBid(trx, auctionId, bidder.id)
    if (prior) {
      if (prior.idempotency_key !== key) return { ok: false, reason: 'sealed_already' }
      const sealedCount = await countSealedBids(trx, auctionId)
      return { ok: true, duplicate: true, amountFen: Number(prior.amount_fen), at: prior.placed_at.toISOString(), paddleNo: bidder.paddle_no, sealedCount }
    }
    if (lot.status !== 'announced') return { ok: false, reason: 'closed' }
    if (at < lot.starts_at) return { ok: false, reason: 'not_open' }
    if (at >= lot.ends_at) return { ok: false, reason: 'ended' }
    if (bidder.deposit_status !== 'confirmed') return { ok: false, reason: 'no_deposit' }
    const start = Number(lot.start_price_fen)
    if (amountFen < start) return { ok: false, reason: 'too_low', minFen: start }
    await insertSealedBid(trx, { auctionId, registrationId: bidder.id, amountFen, at, key, userId: principal.userId })
    const sealedCount = await countSealedBids(trx, auctionId)
    // Watchers learn how many bids are in, never an amount or a paddle number.
    await publish(trx, roomName('auction', auctionId), AUCTION_EVENT_SEALED, { count: sealedCount })
    return { ok: true, duplicate: false, amountFen, at: at.toISOString(), paddleNo: bidder.paddle_no, sealedCount }
  })
}
