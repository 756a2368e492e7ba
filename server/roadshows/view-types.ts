import type { RoadshowAudience, RoadshowStatus, RoadshowStreamKind, RoadshowVenue, RubricCriterion } from '../../db/schema'
import type { LiveLotView } from '../auctions/live-view'
import type { LiveSnapshot } from './live-snapshot'

// What a roadshow page is given (ADR 033): plain JSON from the loader, shared
// by the page (H1), the live panel and its parts, the replay and the report.

export interface RoadshowHead {
  id: string
  title: string
  theme: string
  industryCode: string | null
  orgId: string
  orgName: string
  startsAt: string
  plannedEndAt: string
  venueMode: RoadshowVenue
  venueAddress: string
  audience: RoadshowAudience
  status: RoadshowStatus
  streamKind: RoadshowStreamKind
  streamUrl: string | null
  recordingUrl: string | null
  rubric: RubricCriterion[]
  hostUserId: string
}

export interface AgendaItem {
  id: string
  position: number
  title: string
  presenterName: string
  pitchMinutes: number
  qaMinutes: number
  achievementId: string | null
  /** /files/<id> of the slides PDF, when the viewer may open it. */
  slidesUrl: string | null
  auctionId: string | null
  ownerOrgId: string | null
}

/** The live part of the page: everything the live panel and its parts render. */
export interface RoadshowLiveProps {
  roadshow: RoadshowHead
  items: AgendaItem[]
  live: LiveSnapshot
  /** Auction lots on the agenda, by auction id (server/roadshows/auction-panel.ts). */
  auctions: Record<string, LiveLotView>
  /** The viewer's verified enterprises, for the intent form's organisation picker. */
  intentOrgs?: { id: string; name: string }[]
  /** The server's time at render (countdowns run on the server's clock). */
  serverNow: string
}
