import type { Executor } from '../../db/index'
import { findAuction } from '../../db/repos/auctions'
import { membershipRole } from '../identity/permissions'
import type { Principal } from '../identity/principal'

// Who may see a lot (ADR 027). An announced lot and its results are public:
// anyone may read the page, and any signed-in user may watch its room (the
// room carries prices and pseudonymous paddle numbers, never names, and a
// sealed lot's amounts only after its opening). An application under review,
// a rejected or a withdrawn one is seen only by the seller's members and
// platform admins; to everyone else it does not exist.

export const PUBLIC_AUCTION_STATUSES = ['announced', 'sold', 'unsold', 'defaulted'] as const

export function mayViewAuction(viewer: Principal | null, lot: { status: string; org_id: string }) {
  if ((PUBLIC_AUCTION_STATUSES as readonly string[]).includes(lot.status)) return true
  return !!viewer && (viewer.isPlatformAdmin || membershipRole(viewer, lot.org_id) !== null)
}

/** The room `auction:<id>`: the page's own rule. */
export async function mayJoinAuctionRoom(db: Executor, viewer: Principal, auctionId: string) {
  const lot = await findAuction(db, auctionId)
  return !!lot && mayViewAuction(viewer, lot)
}
