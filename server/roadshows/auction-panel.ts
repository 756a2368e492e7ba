import type { Executor } from '../../db/index'
import { findAuction } from '../../db/repos/auctions'
import { mayViewAuction } from '../auctions/access'
import { liveLotView, type LiveLotView } from '../auctions/live-view'
import type { Principal } from '../identity/principal'
import type { AgendaItem } from './view-types'

// The live views of the auction lots on an agenda, by auction id, for the
// roadshow page's loader (ADR 033): the same view a lot's own page renders
// (server/auctions/live-view.ts), so the panel on the roadshow bids through
// the auction engine and follows room `auction:<id>` like the lot's page. A
// lot the viewer may not see (under review, withdrawn) is left out.
export async function roadshowAuctionViews(db: Executor, viewer: Principal | null, items: AgendaItem[], now: Date): Promise<Record<string, LiveLotView>> {
  const ids = [...new Set(items.map((i) => i.auctionId).filter((id): id is string => !!id))]
  const views: Record<string, LiveLotView> = {}
  for (const id of ids) {
    const lot = await findAuction(db, id)
    if (lot && mayViewAuction(viewer, lot)) views[id] = await liveLotView(db, viewer, lot, now)
  }
  return views
}
