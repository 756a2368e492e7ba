import type { LiveLotView } from '../../../server/auctions/live-view'

// The live bidding panel of a lot's page (H4 fills this in; props are the contract).
export function LiveBidding({ live }: { live: LiveLotView }) {
  return <section className="auction-live" data-phase={live.phase} />
}
