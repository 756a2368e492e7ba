// The English auction's rules (英式增价竞价) as a pure function over the lot's
// state: the engine (engine.ts) applies it to each command of a batch in
// arrival order under the lot's row lock, and nothing else decides a bid.
// The property test (tests/integration/auction-model.test.ts) checks the whole
// engine against a separately written reference model of the same rules.
//
// - A bid is valid only from a registered bidder with a confirmed deposit, not
//   the seller's organisation, not the current leader, while the lot is
//   announced and the receipt time lies in [startsAt, endsAt), and at least the
//   start price (first bid) or the current price plus the increment.
// - 延时: an accepted bid at or after endsAt − extension moves the end to the
//   bid's time + extension; the end never moves back.
// - 自动出价: after every change, while a bidder other than the leader has a
//   proxy maximum at or above the next valid amount, the proxy with the highest
//   maximum (the earliest set among equal ones) bids exactly that next amount,
//   at the same receipt time. So two proxies climb one increment at a time and
//   the higher (or earlier) one ends in the lead.

export interface LotState {
  status: string
  format: 'english' | 'sealed'
  sellerOrgId: string
  startsAt: Date
  endsAt: Date
  startPriceFen: number
  incrementFen: number
  extensionSeconds: number
  currentPriceFen: number | null
  leaderRegistrationId: string | null
  /** Accepted bids so far: the last bid's seq. */
  bidCount: number
}

export interface Bidder {
  registrationId: string
  orgId: string
  depositConfirmed: boolean
}

export interface Proxy {
  registrationId: string
  maxFen: number
  setAt: Date
}

export interface AcceptedBid {
  seq: number
  amountFen: number
  registrationId: string
  at: Date
  byProxy: boolean
}

export type BidRejection = 'closed' | 'not_open' | 'ended' | 'not_registered' | 'no_deposit' | 'own_lot' | 'leading' | 'too_low' | 'format'

export type Command = { kind: 'bid'; amountFen: number } | { kind: 'proxy'; maxFen: number }

export type Decision =
  | { ok: true; bids: AcceptedBid[]; extended: boolean; proxy?: Proxy | null }
  | { ok: false; reason: BidRejection; minNextFen: number }

export function minNextFen(s: LotState): number {
  return s.currentPriceFen === null ? s.startPriceFen : s.currentPriceFen + s.incrementFen
}

function rejectionFor(s: LotState, bidder: Bidder | undefined, at: Date): BidRejection | null {
  if (s.format !== 'english') return 'format'
  if (s.status !== 'announced') return 'closed'
  if (at < s.startsAt) return 'not_open'
  if (at >= s.endsAt) return 'ended'
  if (!bidder) return 'not_registered'
  if (bidder.orgId === s.sellerOrgId) return 'own_lot'
  if (!bidder.depositConfirmed) return 'no_deposit'
  return null
}

/** Accepts one bid into `s` (mutating it) with the anti-sniping rule; returns whether the end moved. */
function accept(s: LotState, registrationId: string, amountFen: number, at: Date, byProxy: boolean, out: AcceptedBid[]): boolean {
  s.bidCount += 1
  s.currentPriceFen = amountFen
  s.leaderRegistrationId = registrationId
  out.push({ seq: s.bidCount, amountFen, registrationId, at, byProxy })
  const extendTo = at.getTime() + s.extensionSeconds * 1000
  if (s.extensionSeconds > 0 && at.getTime() >= s.endsAt.getTime() - s.extensionSeconds * 1000 && extendTo > s.endsAt.getTime()) {
    s.endsAt = new Date(extendTo)
    return true
  }
  return false
}

/** Runs the proxies until none but the leader's can bid; returns whether the end moved. */
function settleProxies(s: LotState, proxies: Map<string, Proxy>, eligible: (registrationId: string) => boolean, at: Date, out: AcceptedBid[]): boolean {
  let extended = false
  for (;;) {
    const next = minNextFen(s)
    let best: Proxy | null = null
    for (const p of proxies.values()) {
      if (p.registrationId === s.leaderRegistrationId || p.maxFen < next || !eligible(p.registrationId)) continue
      if (!best || p.maxFen > best.maxFen || (p.maxFen === best.maxFen && (p.setAt < best.setAt || (p.setAt.getTime() === best.setAt.getTime() && p.registrationId < best.registrationId)))) best = p
    }
    if (!best) return extended
    extended = accept(s, best.registrationId, next, at, true, out) || extended
  }
}

/**
 * Decides one command against the lot (mutating `s` and `proxies` when it is
 * accepted). `bidder` is the registration the command comes from (undefined:
 * not registered for this lot); `eligible` tells whether a proxy's owner may
 * still bid (deposit confirmed).
 */
export function decide(
  s: LotState,
  proxies: Map<string, Proxy>,
  bidder: Bidder | undefined,
  command: Command,
  at: Date,
  eligible: (registrationId: string) => boolean,
): Decision {
  const refused = rejectionFor(s, bidder, at)
  if (refused || !bidder) return { ok: false, reason: refused ?? 'not_registered', minNextFen: minNextFen(s) }
  const bids: AcceptedBid[] = []
  if (command.kind === 'bid') {
    if (s.leaderRegistrationId === bidder.registrationId) return { ok: false, reason: 'leading', minNextFen: minNextFen(s) }
    if (command.amountFen < minNextFen(s)) return { ok: false, reason: 'too_low', minNextFen: minNextFen(s) }
    let extended = accept(s, bidder.registrationId, command.amountFen, at, false, bids)
    extended = settleProxies(s, proxies, eligible, at, bids) || extended
    return { ok: true, bids, extended }
  }
  // A proxy maximum: the leader may set one above the current price, anyone else at or above the next valid amount.
  const floor = s.leaderRegistrationId === bidder.registrationId ? (s.currentPriceFen ?? 0) + 1 : minNextFen(s)
  if (command.maxFen < floor) return { ok: false, reason: 'too_low', minNextFen: minNextFen(s) }
  const existing = proxies.get(bidder.registrationId)
  const proxy: Proxy = { registrationId: bidder.registrationId, maxFen: command.maxFen, setAt: existing && existing.maxFen === command.maxFen ? existing.setAt : at }
  proxies.set(bidder.registrationId, proxy)
  const extended = settleProxies(s, proxies, eligible, at, bids)
  return { ok: true, bids, extended, proxy }
}
