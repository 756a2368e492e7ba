import { Link } from '@remix-run/react'
import type { LiveLotView } from '../../../server/auctions/live-view'
import dealsStyles from '~/styles/roadshow-deals.css?url'
import { LiveBidding, liveBiddingLinks } from '~/components/auctions/live-bidding'
import { useT } from '~/utils/i18n'
import { currentItemOf } from './panel-bits'
import type { PanelProps } from './panel-types'

// 现场竞价 (ADR 033): when the current item is an auction lot, the lot's own
// live bidding panel (app/components/auctions/live-bidding.tsx) — bids go to
// the auction engine over the socket and the panel follows room
// `auction:<id>` — with a link to the lot's page.

/** The stylesheets of the judges', intent and bidding panels: the roadshow page's `links` must include them. */
export const roadshowDealsLinks = () => [...liveBiddingLinks(), { rel: 'stylesheet', href: dealsStyles }]

export function RoadshowAuctionPanel(
  props: PanelProps & { /** RoadshowLiveProps.auctions: the lots' live views by auction id. */ auctions?: Record<string, LiveLotView> }
) {
  const t = useT()
  const item = currentItemOf(props)
  if (!item?.auctionId || props.state.phase !== 'live') return null
  const live = props.auctions?.[item.auctionId]
  return (
    <section className="roadshow-panel roadshow-auction" aria-labelledby="roadshow-auction-h">
      <h2 id="roadshow-auction-h">{t('roadshow.auction.heading')}</h2>
      {live ? <LiveBidding key={live.auctionId} live={live} /> : null}
      <p>
        <Link to={`/auctions/${item.auctionId}`}>{t('roadshow.auction.lotLink')}</Link>
      </p>
    </section>
  )
}
