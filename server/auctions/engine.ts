import type { Database, Executor } from '../../db/index'
import { bidsByKeys, biddersOf, insertBids, lockLot, proxiesOf, setLotPrice, upsertProxy, type BidderRow, type NewBid } from '../../db/repos/auction-bids'
import { fenToWan } from '../platform/money'
import { publish, roomName } from '../realtime/publish'
import { decide, minNextFen, type BidRejection, type Command, type LotState, type Proxy } from './bidding'
import type { Notice } from '../notifications/notify'
import { notifyOutbid } from './outbid'

// The bidding engine (ADR 027). Commands for one lot — bids and proxy maxima —
// are decided in batches: one transaction locks the lot's row, applies the
// rules (bidding.ts) to each command in arrival order, stores the accepted
// bids (the database checks the chain, the time and the increment again),
// moves the price, the leader and the end, publishes one event to the lot's
// room and commits. Only then is each command answered: acknowledged means
// committed. A command's time is its receipt time at the server (`at`), taken
// before it waits for the batch. Every command carries an idempotency key; a
// retry with a key already stored gets the stored bid back, never a second one.

export interface BidRequest {
  command: Command
  /** Chosen by the client per user action; the same key on a retry. */
  key: string
  userId: string
  /** The verified organisations the user acts for; the lot's registration is found among them. */
  orgIds: string[]
  /** When the user's organisations hold several registrations for the lot (rare): which one. */
  registrationId?: string
  /** The server's receipt time. */
  at: Date
}

export interface BidView {
  seq: number
  amountFen: number
  paddleNo: number
  at: string
  byProxy: boolean
}

interface LotAfter {
  priceFen: number | null
  minNextFen: number
  endsAt: string
  bidCount: number
  leaderPaddle: number | null
}

export type BidAnswer =
  | ({ ok: true; duplicate: boolean; bids: BidView[]; leading: boolean; extended: boolean; paddleNo: number; proxyMaxFen?: number } & LotAfter)
  | ({ ok: false; reason: BidRejection | 'not_found' } & LotAfter)

export const AUCTION_EVENT_BIDS = 'bids'

function stateOf(lot: NonNullable<Awaited<ReturnType<typeof lockLot>>>): LotState {
  return {
    status: lot.status,
    format: lot.format,
    sellerOrgId: lot.org_id,
    startsAt: lot.starts_at,
    endsAt: lot.ends_at,
    startPriceFen: Number(lot.start_price_fen),
    incrementFen: Number(lot.increment_fen),
    extensionSeconds: lot.extension_seconds,
    currentPriceFen: lot.current_price_fen === null ? null : Number(lot.current_price_fen),
    leaderRegistrationId: lot.leader_registration_id,
    bidCount: lot.bid_count,
  }
}

function resolveBidder(req: BidRequest, bidders: BidderRow[]): BidderRow | undefined {
  const mine = bidders.filter((b) => req.orgIds.includes(b.org_id))
  if (req.registrationId) return mine.find((b) => b.id === req.registrationId)
  return mine.length === 1 ? mine[0] : undefined
}

/** Decides a batch of commands for one lot in one transaction; answers in the order given. */
export async function decideBatch(db: Database, auctionId: string, requests: BidRequest[]): Promise<BidAnswer[]> {
  return (await decideBatches(db, [[auctionId, requests]])).get(auctionId)!
}

/**
 * Decides the waiting commands of several lots in one transaction and one
 * commit (the queue's batch): lots are locked in id order, so two processes'
 * batches never wait on each other in opposite order, and the 被超越 notices of
 * all of them are written last, together (outbid.ts).
 */
export async function decideBatches(db: Database, lots: [string, BidRequest[]][]): Promise<Map<string, BidAnswer[]>> {
  const ordered = [...lots].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return db.transaction().execute(async (trx) => {
    const answers = new Map<string, BidAnswer[]>()
    const outbid: { userIds: string[]; notice: Notice }[] = []
    for (const [auctionId, requests] of ordered) answers.set(auctionId, await decideLotIn(trx, auctionId, requests, outbid))
    await notifyOutbid(trx, outbid)
    return answers
  })
}

/** One lot's commands inside the batch's transaction; its outbid notice, if any, is added to `outbid`. */
async function decideLotIn(trx: Executor, auctionId: string, requests: BidRequest[], outbid: { userIds: string[]; notice: Notice }[]): Promise<BidAnswer[]> {
  const lot = await lockLot(trx, auctionId)
  if (!lot) {
    const none: LotAfter = { priceFen: null, minNextFen: 0, endsAt: new Date(0).toISOString(), bidCount: 0, leaderPaddle: null }
    return requests.map(() => ({ ok: false as const, reason: 'not_found' as const, ...none }))
  }
  const s = stateOf(lot)
  const proxyRows = await proxiesOf(trx, auctionId)
  const orgIds = [...new Set(requests.flatMap((r) => r.orgIds))]
  const regIds = [...new Set([...proxyRows.map((p) => p.registration_id), ...(s.leaderRegistrationId ? [s.leaderRegistrationId] : [])])]
  const bidders = await biddersOf(trx, auctionId, orgIds, regIds)
  const byId = new Map(bidders.map((b) => [b.id, b]))
  const proxies = new Map<string, Proxy>(proxyRows.map((p) => [p.registration_id, { registrationId: p.registration_id, maxFen: Number(p.max_fen), setAt: p.set_at }]))
  const eligible = (id: string) => byId.get(id)?.deposit_status === 'confirmed'
  const who = requests.map((r) => resolveBidder(r, bidders))
  const stored = await bidsByKeys(
    trx,
    auctionId,
    requests.flatMap((r, i) => (who[i] ? [{ registrationId: who[i]!.id, key: r.key }] : [])),
  )
  const earlier = new Map(stored.map((b) => [`${b.registration_id}\u0000${b.idempotency_key}`, b]))

  const accepted: NewBid[] = []
  const changedProxies = new Map<string, Proxy>()
  const displaced = new Set<string>()
  const answers: ((after: LotAfter) => BidAnswer)[] = []
  const seen = new Map<string, number>()
  let anyExtended = false

  for (let i = 0; i < requests.length; i++) {
    const req = requests[i]!
    const bidder = who[i]
    const dedupe = bidder ? `${bidder.id}\u0000${req.key}` : null
    const prior = dedupe ? earlier.get(dedupe) : undefined
    if (bidder && prior) {
      const view = { seq: prior.seq, amountFen: Number(prior.amount_fen), paddleNo: bidder.paddle_no, at: prior.placed_at.toISOString(), byProxy: prior.by_proxy }
      answers.push((after) => ({ ok: true, duplicate: true, bids: [view], leading: s.leaderRegistrationId === bidder.id, extended: false, paddleNo: bidder.paddle_no, ...after }))
      continue
    }
    if (dedupe && seen.has(dedupe)) {
      const first = seen.get(dedupe)!
      answers.push((after) => {
        const a = answers[first]!(after)
        return a.ok ? { ...a, duplicate: true } : a
      })
      continue
    }
    if (dedupe) seen.set(dedupe, i)
    const before = s.leaderRegistrationId
    const d = decide(s, proxies, bidder && { registrationId: bidder.id, orgId: bidder.org_id, depositConfirmed: bidder.deposit_status === 'confirmed' }, req.command, req.at, eligible)
    if (!d.ok) {
      const reason = d.reason
      answers.push((after) => ({ ok: false, reason, ...after }))
      continue
    }
    if (d.proxy) changedProxies.set(d.proxy.registrationId, d.proxy)
    if (before && before !== s.leaderRegistrationId) displaced.add(before)
    anyExtended ||= d.extended
    const views: BidView[] = []
    for (const b of d.bids) {
      const own = !b.byProxy && b.registrationId === bidder!.id
      accepted.push({
        seq: b.seq,
        amountFen: b.amountFen,
        prevAmountFen: accepted.length ? accepted[accepted.length - 1]!.amountFen : b.seq === 1 ? null : Number(lot.current_price_fen),
        registrationId: b.registrationId,
        placedAt: b.at,
        byProxy: b.byProxy,
        // A manual bid stores the client's key; a proxy's bids are keyed by their place in the chain.
        key: own ? req.key : `proxy:${b.seq}`,
        userId: own ? req.userId : null,
      })
      views.push({ seq: b.seq, amountFen: b.amountFen, paddleNo: byId.get(b.registrationId)?.paddle_no ?? 0, at: b.at.toISOString(), byProxy: b.byProxy })
    }
    const extended = d.extended
    const proxyMaxFen = d.proxy?.maxFen
    answers.push((after) => ({
      ok: true,
      duplicate: false,
      bids: views,
      leading: s.leaderRegistrationId === bidder!.id,
      extended,
      paddleNo: bidder!.paddle_no,
      ...(proxyMaxFen !== undefined ? { proxyMaxFen } : {}),
      ...after,
    }))
  }

  // A proxy maximum that was set without a bid being placed is stored all the same.
  for (const p of changedProxies.values()) await upsertProxy(trx, auctionId, p)
  if (accepted.length) {
    await insertBids(trx, auctionId, accepted)
    await setLotPrice(trx, auctionId, { currentPriceFen: s.currentPriceFen, leaderRegistrationId: s.leaderRegistrationId, bidCount: s.bidCount, endsAt: s.endsAt })
  }
  const after: LotAfter = {
    priceFen: s.currentPriceFen,
    minNextFen: minNextFen(s),
    endsAt: s.endsAt.toISOString(),
    bidCount: s.bidCount,
    leaderPaddle: s.leaderRegistrationId ? (byId.get(s.leaderRegistrationId)?.paddle_no ?? null) : null,
  }
  if (accepted.length) {
    await publish(trx, roomName('auction', auctionId), AUCTION_EVENT_BIDS, {
      bids: accepted.map((b) => ({ seq: b.seq, amountFen: b.amountFen, paddleNo: byId.get(b.registrationId)?.paddle_no ?? 0, at: b.placedAt.toISOString(), byProxy: b.byProxy })),
      ...after,
      extended: anyExtended,
    })
    // 被超越: the bidders who led during this batch and no longer do hear it once.
    displaced.delete(s.leaderRegistrationId ?? '')
    const users = [...displaced].map((id) => byId.get(id)?.user_id).filter((u): u is string => !!u)
    if (users.length) outbid.push({ userIds: users, notice: { kind: 'auction_outbid', params: { title: lot.title, price: fenToWan(s.currentPriceFen ?? 0) }, link: `/auctions/${auctionId}` } })
  }
  return answers.map((a) => a(after))
}
