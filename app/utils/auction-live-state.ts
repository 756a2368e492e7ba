import type { LiveBid, LiveLotView } from '../../server/auctions/live-view'

// The live panel's state (ADR 031) and how room events and command answers
// change it. Pure, so the rules are unit-tested: an event or answer may arrive
// twice or carry state older than what the page shows (the loader's view can
// be newer than its lastSeq; an ack can overtake the room's event), so every
// merge is idempotent — bids by their seq, the lot's figures only forward.

export interface LotFigures {
  priceFen: number | null
  minNextFen: number
  endsAt: string
  bidCount: number
  leaderPaddle: number | null
}

export interface BidsUpdate extends LotFigures {
  bids?: LiveBid[]
  extended?: boolean
}

export interface LiveState extends LotFigures {
  history: LiveBid[]
  /** The end a 延时 moved the lot to, while the page has seen one happen (or loaded after one). */
  extendedTo: string | null
  closed: null | { status: string }
}

const HISTORY_LIMIT = 50

export function initialState(live: LiveLotView): LiveState {
  return {
    priceFen: live.priceFen,
    minNextFen: live.minNextFen,
    endsAt: live.endsAt,
    bidCount: live.bidCount,
    leaderPaddle: live.leaderPaddle,
    history: live.history,
    extendedTo: Date.parse(live.endsAt) > Date.parse(live.scheduledEndAt) ? live.endsAt : null,
    closed: live.phase === 'closed' ? { status: live.status } : null,
  }
}

function mergeHistory(history: LiveBid[], bids: LiveBid[]) {
  const known = new Set(history.map((b) => b.seq))
  const fresh = bids.filter((b) => !known.has(b.seq))
  if (fresh.length === 0) return history
  return [...fresh, ...history].sort((a, b) => b.seq - a.seq).slice(0, HISTORY_LIMIT)
}

/** A `bids` event of the room, or a command's answer (which carries the lot's figures after it). */
export function applyBids(s: LiveState, u: BidsUpdate): LiveState {
  const history = u.bids?.length ? mergeHistory(s.history, u.bids) : s.history
  // Older figures than shown (a late duplicate) change nothing but may still fill in history.
  const newer = u.bidCount > s.bidCount || (u.bidCount === s.bidCount && Date.parse(u.endsAt) > Date.parse(s.endsAt))
  if (!newer) return history === s.history ? s : { ...s, history }
  const endsAt = Date.parse(u.endsAt) > Date.parse(s.endsAt) ? u.endsAt : s.endsAt // the end never moves back
  const moved = endsAt !== s.endsAt
  return {
    ...s,
    priceFen: u.priceFen,
    minNextFen: u.minNextFen,
    bidCount: u.bidCount,
    leaderPaddle: u.leaderPaddle ?? s.leaderPaddle,
    endsAt,
    history,
    extendedTo: moved && (u.extended ?? true) ? endsAt : s.extendedTo,
  }
}

export function applyClosed(s: LiveState, payload: { status?: unknown }): LiveState {
  return { ...s, closed: { status: typeof payload.status === 'string' ? payload.status : 'closed' } }
}

/** Leading, outbid (bid before, not leading now), or neither. */
export function standing(s: Pick<LiveState, 'leaderPaddle' | 'history'>, myPaddle: number | null | undefined, hasProxy = false): 'leading' | 'outbid' | null {
  if (myPaddle == null) return null
  if (s.leaderPaddle === myPaddle) return 'leading'
  return s.history.some((b) => b.paddleNo === myPaddle) || hasProxy ? 'outbid' : null
}

/** The amount a quick button proposes: `steps` increments over the current price (the first step of a lot without bids is the start price). */
export function quickAmount(s: Pick<LiveState, 'priceFen' | 'minNextFen'>, incrementFen: number, steps: number) {
  return s.minNextFen + (steps - 1) * incrementFen
}
