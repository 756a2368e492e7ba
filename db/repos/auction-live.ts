import type { Executor } from '../index'
import { isUuid } from './ids'

// What the live panel of a lot's page reads besides the lot and its bid
// history (server/auctions/live-view.ts): the viewer's own registration with
// its proxy maximum and sealed bid, and how many sealed bids are in.

/** The registrations the given organisations hold for the lot, with their proxy maximum and sealed bid. */
export async function registrationsOfOrgs(db: Executor, auctionId: string, orgIds: string[]) {
  if (!isUuid(auctionId) || orgIds.length === 0) return []
  return db
    .selectFrom('auction_registrations as r')
    .leftJoin('auction_proxies as p', 'p.registration_id', 'r.id')
    .leftJoin('auction_sealed_bids as s', 's.registration_id', 'r.id')
    .select(['r.id', 'r.org_id', 'r.paddle_no', 'r.deposit_status', 'r.deposit_fen', 'p.max_fen as proxy_max_fen', 's.amount_fen as sealed_amount_fen', 's.placed_at as sealed_at'])
    .where('r.auction_id', '=', auctionId)
    .where('r.org_id', 'in', orgIds)
    .orderBy('r.created_at')
    .execute()
}

export async function sealedBidCount(db: Executor, auctionId: string) {
  const r = await db
    .selectFrom('auction_sealed_bids')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('auction_id', '=', auctionId)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}
