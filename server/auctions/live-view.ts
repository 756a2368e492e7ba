import { randomUUID } from 'node:crypto'
import type { Selectable } from 'kysely'
import type { Executor } from '../../db/index'
import { bidHistory } from '../../db/repos/auction-bids'
import { registrationsOfOrgs, sealedBidCount } from '../../db/repos/auction-live'
import { findAuction } from '../../db/repos/auctions'
import { roomLastSeq } from '../../db/repos/realtime'
import type { AuctionTable } from '../../db/schema'
import type { Principal } from '../identity/principal'
import { roomName } from '../realtime/publish'

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
    /** canBid apart from the phase: the page turns the form on itself when bidding opens on the server's clock. */
    eligible: boolean
    /** Sealed format: the bid this bidder submitted, if any. */
    sealedBid: { amountFen: number; at: string } | null
  }
  /** Sealed format: how many sealed bids are in (amounts hidden until the opening). */
  sealedCount: number
  /** Signed-in viewers can watch live (the room needs a session). */
  canWatch: boolean
  /** A fresh idempotency key for the page's plain-form fallback (no JS): a re-posted form is not a second bid. */
  formKey?: string
  /** The viewer is a member of the seller's organisation (watches, never bids). */
  sellerView?: boolean
}

export async function liveLotView(db: Executor, viewer: Principal | null, lot: AuctionRow, now: Date): Promise<LiveLotView> {
  // The room's seq first, then the lot as it is now: the state shown is at least as new as lastSeq,
  // and the panel applies the room's events after it idempotently (by bid seq), so nothing is missed
  // and nothing counts twice.
  const lastSeq = await roomLastSeq(db, roomName('auction', lot.id))
  const fresh = (await findAuction(db, lot.id)) ?? lot
  const phase = phaseOf(fresh, now)
  const price = fresh.current_price_fen === null ? null : Number(fresh.current_price_fen)
  const increment = Number(fresh.increment_fen)
  const orgIds = viewer ? viewer.memberships.filter((m) => m.orgStatus === 'verified').map((m) => m.orgId) : []
  const [rows, mine, sealedCount] = await Promise.all([
    // The history carries prices and paddle numbers, never names: the same as the room, which any
    // signed-in user may watch (server/auctions/access.ts); anonymous visitors see the price only.
    viewer && fresh.format === 'english' ? bidHistory(db, fresh.id, 50) : Promise.resolve([]),
    registrationsOfOrgs(db, fresh.id, orgIds),
    fresh.format === 'sealed' ? sealedBidCount(db, fresh.id) : Promise.resolve(0),
  ])
  const history: LiveBid[] = rows.map((b) => ({ seq: b.seq, amountFen: Number(b.amount_fen), paddleNo: b.paddle_no, at: b.placed_at.toISOString(), byProxy: b.by_proxy }))
  const leader = fresh.leader_registration_id
  const leaderRow = leader ? rows.find((b) => b.registration_id === leader) : undefined
  const reg = mine[0]
  const sellerSide = orgIds.includes(fresh.org_id)
  const eligible = !!reg && reg.deposit_status === 'confirmed' && !sellerSide && fresh.status === 'announced'
  return {
    auctionId: fresh.id,
    format: fresh.format,
    status: fresh.status,
    phase,
    startsAt: fresh.starts_at.toISOString(),
    endsAt: fresh.ends_at.toISOString(),
    scheduledEndAt: fresh.scheduled_end_at.toISOString(),
    serverNow: now.toISOString(),
    startPriceFen: Number(fresh.start_price_fen),
    incrementFen: increment,
    priceFen: price,
    minNextFen: price === null ? Number(fresh.start_price_fen) : price + increment,
    bidCount: fresh.bid_count,
    // Anonymous viewers get no history, so they do not learn the leader's number either.
    leaderPaddle: leaderRow?.paddle_no ?? null,
    hasReserve: fresh.reserve_fen !== null,
    reserveMet: phase === 'closed' ? fresh.reserve_fen === null || (price !== null && price >= Number(fresh.reserve_fen)) : null,
    history,
    lastSeq,
    me: reg
      ? {
          registrationId: reg.id,
          paddleNo: reg.paddle_no,
          depositStatus: reg.deposit_status,
          depositFen: Number(reg.deposit_fen),
          proxyMaxFen: reg.proxy_max_fen === null ? null : Number(reg.proxy_max_fen),
          canBid: eligible && phase === 'bidding',
          eligible,
          sealedBid: reg.sealed_amount_fen === null || !reg.sealed_at ? null : { amountFen: Number(reg.sealed_amount_fen), at: reg.sealed_at.toISOString() },
        }
      : null,
    sealedCount,
    canWatch: !!viewer,
    formKey: randomUUID(),
    sellerView: sellerSide,
  }
}

function phaseOf(lot: Pick<AuctionRow, 'status' | 'starts_at' | 'ends_at' | 'closed_at'>, now: Date): LiveLotView['phase'] {
  if (lot.status !== 'announced' || lot.closed_at) return 'closed'
  return now < lot.starts_at ? 'upcoming' : now < lot.ends_at ? 'bidding' : 'closing'
}
