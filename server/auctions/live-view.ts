import type { Executor } from '../../db/index'
import type { AuctionTable } from '../../db/schema'
import type { Selectable } from 'kysely'
import type { Principal } from '../identity/principal'

// The live part of a lot's page (H4 fills this in; the contract is fixed): what
// the bidding panel needs to render at once and then follow through the
// `auction:<id>` room from `lastSeq` on.

export type AuctionRow = Selectable<AuctionTable>

export interface LiveBid {
  seq: number
  amountFen: number
  paddleNo: number
  at: string
  byProxy: boolean
}

export interface LiveLotView {
  auctionId: string
  format: 'english' | 'sealed'
  status: string
  /** 'upcoming' before startsAt, 'bidding' in [startsAt, endsAt), 'closing' after endsAt until the close job ran, 'closed' after. */
  phase: 'upcoming' | 'bidding' | 'closing' | 'closed'
  startsAt: string
  endsAt: string
  scheduledEndAt: string
  /** The server's clock when the page was rendered: countdowns run on it, not on the client's. */
  serverNow: string
  startPriceFen: number
  incrementFen: number
  priceFen: number | null
  minNextFen: number
  bidCount: number
  leaderPaddle: number | null
  hasReserve: boolean
  /** Only once closed (a reserve is never hinted at during bidding). */
  reserveMet: boolean | null
  /** Newest first, at most 50; empty for a sealed lot before its opening. */
  history: LiveBid[]
  /** The last event seq of room `auction:<id>` included in this view. */
  lastSeq: number
  /** The viewer's registration for the lot, if any. */
  me: null | {
    registrationId: string
    paddleNo: number
    depositStatus: 'pending' | 'confirmed' | 'released' | 'applied' | 'forfeited'
    depositFen: number
    proxyMaxFen: number | null
    /** Signed in, registered, deposit confirmed, bidding phase, not the seller. */
    canBid: boolean
    /** Sealed format: the bid this bidder submitted, if any. */
    sealedBid: { amountFen: number; at: string } | null
  }
  /** Sealed format: how many sealed bids are in (amounts hidden until the opening). */
  sealedCount: number
  /** Signed-in viewers can watch live (the room needs a session). */
  canWatch: boolean
}

export async function liveLotView(_db: Executor, viewer: Principal | null, lot: AuctionRow, now: Date): Promise<LiveLotView> {
  const phase = lot.status !== 'announced' ? 'closed' : now < lot.starts_at ? 'upcoming' : now < lot.ends_at ? 'bidding' : 'closing'
  const price = lot.current_price_fen === null ? null : Number(lot.current_price_fen)
  return {
    auctionId: lot.id,
    format: lot.format,
    status: lot.status,
    phase,
    startsAt: lot.starts_at.toISOString(),
    endsAt: lot.ends_at.toISOString(),
    scheduledEndAt: lot.scheduled_end_at.toISOString(),
    serverNow: now.toISOString(),
    startPriceFen: Number(lot.start_price_fen),
    incrementFen: Number(lot.increment_fen),
    priceFen: price,
    minNextFen: price === null ? Number(lot.start_price_fen) : price + Number(lot.increment_fen),
    bidCount: lot.bid_count,
    leaderPaddle: null,
    hasReserve: lot.reserve_fen !== null,
    reserveMet: null,
    history: [],
    lastSeq: 0,
    me: null,
    sealedCount: 0,
    canWatch: !!viewer,
  }
}
