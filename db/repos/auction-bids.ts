import { sql } from 'kysely'
import type { Executor } from '../index'
import type { AuctionFormat } from '../schema'
import { isUuid } from './ids'

// What the bidding engine (server/auctions/engine.ts) reads and writes inside
// its one transaction per batch: the lot's row under lock, the registrations
// and proxies the batch needs, earlier answers to the same idempotency keys,
// and the accepted bids as one multi-row insert.

export interface LockedLot {
  id: string
  org_id: string
  title: string
  format: AuctionFormat
  status: string
  starts_at: Date
  ends_at: Date
  start_price_fen: number
  increment_fen: number
  extension_seconds: number
  current_price_fen: number | null
  leader_registration_id: string | null
  bid_count: number
}

/** The lot's row, locked until the transaction ends: bids on one lot are decided one batch at a time. */
export async function lockLot(db: Executor, auctionId: string): Promise<LockedLot | undefined> {
  if (!isUuid(auctionId)) return undefined
  return db
    .selectFrom('auctions')
    .select([
      'id',
      'org_id',
      'title',
      'format',
      'status',
      'starts_at',
      'ends_at',
      'start_price_fen',
      'increment_fen',
      'extension_seconds',
      'current_price_fen',
      'leader_registration_id',
      'bid_count',
    ])
    .where('id', '=', auctionId)
    .forUpdate()
    .executeTakeFirst()
}

export interface BidderRow {
  id: string
  org_id: string
  user_id: string
  paddle_no: number
  deposit_status: string
}

/** Registrations of the lot held by these organisations or these registration ids. */
export async function biddersOf(db: Executor, auctionId: string, orgIds: string[], registrationIds: string[]): Promise<BidderRow[]> {
  if (orgIds.length === 0 && registrationIds.length === 0) return []
  return db
    .selectFrom('auction_registrations')
    .select(['id', 'org_id', 'user_id', 'paddle_no', 'deposit_status'])
    .where('auction_id', '=', auctionId)
    .where((eb) => {
      const ors = []
      if (orgIds.length) ors.push(eb('org_id', 'in', orgIds))
      if (registrationIds.length) ors.push(eb('id', 'in', registrationIds))
      return eb.or(ors)
    })
    .execute()
}

export async function proxiesOf(db: Executor, auctionId: string) {
  return db.selectFrom('auction_proxies').select(['registration_id', 'max_fen', 'set_at']).where('auction_id', '=', auctionId).execute()
}

/** Bids already stored under these (registration, key) pairs: a retried command gets the first answer. */
export async function bidsByKeys(db: Executor, auctionId: string, pairs: { registrationId: string; key: string }[]) {
  if (pairs.length === 0) return []
  return db
    .selectFrom('auction_bids')
    .select(['seq', 'amount_fen', 'registration_id', 'idempotency_key', 'placed_at', 'by_proxy'])
    .where('auction_id', '=', auctionId)
    .where((eb) => eb.or(pairs.map((p) => eb.and([eb('registration_id', '=', p.registrationId), eb('idempotency_key', '=', p.key)]))))
    .execute()
}

export interface NewBid {
  seq: number
  amountFen: number
  prevAmountFen: number | null
  registrationId: string
  placedAt: Date
  byProxy: boolean
  key: string
  userId: string | null
}

export async function insertBids(db: Executor, auctionId: string, bids: NewBid[]) {
  if (bids.length === 0) return
  await db
    .insertInto('auction_bids')
    .values(
      bids.map((b) => ({
        auction_id: auctionId,
        seq: b.seq,
        prev_seq: b.seq === 1 ? null : b.seq - 1,
        amount_fen: b.amountFen,
        prev_amount_fen: b.prevAmountFen,
        registration_id: b.registrationId,
        placed_at: b.placedAt,
        by_proxy: b.byProxy,
        idempotency_key: b.key,
        user_id: b.userId,
      })),
    )
    .execute()
}

export async function upsertProxy(db: Executor, auctionId: string, p: { registrationId: string; maxFen: number; setAt: Date }) {
  await db
    .insertInto('auction_proxies')
    .values({ registration_id: p.registrationId, auction_id: auctionId, max_fen: p.maxFen, set_at: p.setAt })
    .onConflict((oc) => oc.column('registration_id').doUpdateSet({ max_fen: p.maxFen, set_at: p.setAt, updated_at: sql`now()` }))
    .execute()
}

export async function setLotPrice(db: Executor, auctionId: string, s: { currentPriceFen: number | null; leaderRegistrationId: string | null; bidCount: number; endsAt: Date }) {
  await db
    .updateTable('auctions')
    .set({
      current_price_fen: s.currentPriceFen,
      leader_registration_id: s.leaderRegistrationId,
      bid_count: s.bidCount,
      ends_at: s.endsAt,
      updated_at: sql`now()`,
    })
    .where('id', '=', auctionId)
    .execute()
}

/** The accepted bids of a lot, newest first, with the bidders' paddle numbers (never their names). */
export async function bidHistory(db: Executor, auctionId: string, limit = 50) {
  return db
    .selectFrom('auction_bids as b')
    .innerJoin('auction_registrations as r', 'r.id', 'b.registration_id')
    .select(['b.seq', 'b.amount_fen', 'b.placed_at', 'b.by_proxy', 'r.paddle_no', 'b.registration_id'])
    .where('b.auction_id', '=', auctionId)
    .orderBy('b.seq', 'desc')
    .limit(limit)
    .execute()
}
