import type { z } from 'zod'
import type { Database, Executor } from '../../db/index'
import { bidHistory } from '../../db/repos/auction-bids'
import { auctionPage, paddlesOf, registeredCount, registrationsOfOrgs } from '../../db/repos/auction-api'
import { auctionItems, findAuction } from '../../db/repos/auctions'
import type { Principal, RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import { mayViewAuction } from './access'
import { AUCTION_API_STATUSES, type AuctionDto, type AuctionListQuery, type AuctionSummaryDto } from './api-schemas'
import { submitBid, submitProxy, type CommandAnswer } from './commands'

// The partner API for auctions (ADR 032). Reads are public for public lots
// (an application under review, rejected or withdrawn is 404 to all but its
// seller, like the page); what a caller sees of itself — its registration, its
// proxy maximum, the bid history — comes from the registrations of the
// organisations it acts for: a bearer token's one organisation, or a signed-in
// person's verified organisations. Bids go through submitBid/submitProxy like
// every other channel; this module only turns answers into HTTP statuses.

const HISTORY_LIMIT = 200

type Lot = NonNullable<Awaited<ReturnType<typeof findAuction>>>

/** The organisations a caller acts for: a token's own, else the person's verified ones. */
export function actingOrgs(principal: Principal | null, tokenOrgId: string | null) {
  if (!principal) return []
  if (tokenOrgId) return [tokenOrgId]
  return principal.memberships.filter((m) => m.orgStatus === 'verified').map((m) => m.orgId)
}

function phaseOf(lot: { status: string; starts_at: Date; ends_at: Date }, now: Date) {
  return lot.status !== 'announced' ? 'closed' : now < lot.starts_at ? 'upcoming' : now < lot.ends_at ? 'bidding' : 'closing'
}

const num = (v: number | string | bigint | null) => (v === null ? null : Number(v))

function summary(lot: Omit<Lot, 'org_name_en'>, registered: number, origin: string, now: Date): AuctionSummaryDto {
  return {
    id: lot.id,
    title: lot.title,
    format: lot.format,
    status: lot.status as AuctionSummaryDto['status'],
    phase: phaseOf(lot, now),
    sellerName: lot.org_name,
    startPriceFen: Number(lot.start_price_fen),
    priceFen: num(lot.current_price_fen),
    bidCount: lot.bid_count,
    registeredBidders: registered,
    startsAt: lot.starts_at.toISOString(),
    endsAt: lot.ends_at.toISOString(),
    url: `${origin}/auctions/${lot.id}`,
  }
}

export async function apiAuctionPage(db: Executor, q: z.infer<typeof AuctionListQuery>, origin: string, now = new Date()) {
  const { rows, total } = await auctionPage(db, q.status ? [q.status] : AUCTION_API_STATUSES, { limit: q.pageSize, offset: (q.page - 1) * q.pageSize })
  return { items: rows.map((r) => summary(r, r.registered ?? 0, origin, now)), total }
}

/** The lot if this caller may see it; null otherwise (→ 404). */
export async function visibleLot(db: Executor, principal: Principal | null, auctionId: string) {
  const lot = await findAuction(db, auctionId)
  return lot && mayViewAuction(principal, lot) ? lot : null
}

export async function apiAuction(db: Executor, principal: Principal | null, tokenOrgId: string | null, auctionId: string, origin: string, now = new Date()): Promise<AuctionDto | null> {
  const lot = await visibleLot(db, principal, auctionId)
  if (!lot) return null
  const orgs = actingOrgs(principal, tokenOrgId)
  const [items, registered, mine] = await Promise.all([auctionItems(db, lot.id), registeredCount(db, lot.id), registrationsOfOrgs(db, lot.id, orgs)])
  const paddles = await paddlesOf(db, lot.id, [lot.leader_registration_id, lot.winner_registration_id].filter((x): x is string => !!x))
  const own = mine[0]
  // The history is public to registered bidders (and to the seller, and to platform admins signed in).
  const seesHistory = !!own || orgs.includes(lot.org_id) || (!tokenOrgId && !!principal?.isPlatformAdmin)
  const history = seesHistory ? await bidHistory(db, lot.id, HISTORY_LIMIT) : null
  const price = num(lot.current_price_fen)
  const hammer = num(lot.hammer_price_fen)
  return {
    ...summary(lot, registered, origin, now),
    summary: lot.summary,
    sellerNameEn: lot.org_name_en,
    incrementFen: Number(lot.increment_fen),
    depositFen: Number(lot.deposit_fen),
    hasReserve: lot.reserve_fen !== null,
    allowedOrgTypes: lot.allowed_org_types,
    announcedAt: lot.announced_at?.toISOString() ?? null,
    scheduledEndAt: lot.scheduled_end_at.toISOString(),
    extensionSeconds: lot.extension_seconds,
    serverNow: now.toISOString(),
    // Achievements no longer published are not the caller's business: the lot's title stands for them.
    items: items.filter((i) => i.status === 'published').map((i) => ({ achievementId: i.id, title: i.title })),
    live: {
      priceFen: price,
      // The next valid amount, as bidding.ts minNextFen computes it: the start price first, then price + increment.
      minNextFen: price === null ? Number(lot.start_price_fen) : price + Number(lot.increment_fen),
      endsAt: lot.ends_at.toISOString(),
      bidCount: lot.bid_count,
      leaderPaddle: lot.leader_registration_id ? (paddles.get(lot.leader_registration_id) ?? null) : null,
    },
    result:
      hammer !== null && (lot.status === 'sold' || lot.status === 'defaulted')
        ? { hammerPriceFen: hammer, winnerPaddle: lot.winner_registration_id ? (paddles.get(lot.winner_registration_id) ?? null) : null, closedAt: lot.closed_at?.toISOString() ?? null }
        : null,
    you: own
      ? {
          registrationId: own.id,
          paddleNo: own.paddle_no,
          depositStatus: own.deposit_status as NonNullable<AuctionDto['you']>['depositStatus'],
          depositFen: Number(own.deposit_fen),
          receiptNo: own.receipt_no,
          leading: lot.status === 'announced' && lot.leader_registration_id === own.id,
          won: lot.winner_registration_id === own.id,
          proxyMaxFen: num(own.proxy_max_fen),
        }
      : null,
    history:
      history?.map((b) => ({
        seq: b.seq,
        amountFen: Number(b.amount_fen),
        paddleNo: b.paddle_no,
        at: b.placed_at.toISOString(),
        byProxy: b.by_proxy,
        mine: mine.some((m) => m.id === b.registration_id),
      })) ?? null,
  }
}

// ── Bids ─────────────────────────────────────────────────────────────────────

/** What a bid or proxy call came to: the engine's answer, and whether its key was already used for another amount. */
export interface ApiCommandResult {
  answer: CommandAnswer
  keyReused: boolean
}

export interface BidCall {
  auctionId: string
  key: string
  registrationId?: string
}

// The bid itself is the engine's record (user, time, key); the audit entry adds
// that it came through the API and with which token. It is written after the
// engine's commit: should it fail, the caller gets a 5xx, and its retry with
// the same key is answered 200 with the bid that was stored.
async function auditAccepted(db: Database, meta: RequestMeta, principal: Principal, action: string, call: BidCall, answer: CommandAnswer, details: Record<string, unknown>) {
  if (!answer.ok || answer.duplicate) return
  await audit(db, meta, principal.userId, action, { type: 'auction', id: call.auctionId }, { via: 'api', paddleNo: answer.paddleNo, seqs: answer.bids.map((b) => b.seq), ...details })
}

/** A bid through submitBid, audited as coming through the API. */
export async function apiBid(db: Database, principal: Principal, call: BidCall & { amountFen: number }, meta: RequestMeta, at = new Date()): Promise<ApiCommandResult> {
  const answer = await submitBid(db, principal, call, at)
  await auditAccepted(db, meta, principal, 'auction.bid', call, answer, { amountFen: call.amountFen })
  // A key already used for another amount is the client's mistake, not a retry: say so rather than echo the first bid.
  return { answer, keyReused: answer.ok && answer.duplicate && answer.bids[0]?.amountFen !== call.amountFen }
}

/** A proxy maximum through submitProxy (with any bids it placed at once), audited as coming through the API. */
export async function apiProxy(db: Database, principal: Principal, call: BidCall & { maxFen: number }, meta: RequestMeta, at = new Date()): Promise<ApiCommandResult> {
  const answer = await submitProxy(db, principal, call, at)
  // The maximum stays private: the audit log names that one was set, not its amount.
  await auditAccepted(db, meta, principal, 'auction.proxy', call, answer, {})
  return { answer, keyReused: false }
}
