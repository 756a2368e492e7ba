import { sql } from 'kysely'
import type { Executor } from '../index'
import { isUuid } from './ids'

// Closing a lot and what follows it (ADR 029): sealed bids, the result on the
// lot's row, deposits settled, the overdue winners, the published results and
// the organisations barred after a default (悔拍).

export async function findSealedBid(db: Executor, auctionId: string, registrationId: string) {
  return db.selectFrom('auction_sealed_bids').selectAll().where('auction_id', '=', auctionId).where('registration_id', '=', registrationId).executeTakeFirst()
}

export async function insertSealedBid(db: Executor, b: { auctionId: string; registrationId: string; amountFen: number; at: Date; key: string; userId: string }) {
  await db
    .insertInto('auction_sealed_bids')
    .values({ auction_id: b.auctionId, registration_id: b.registrationId, amount_fen: b.amountFen, placed_at: b.at, idempotency_key: b.key, user_id: b.userId })
    .execute()
}

export async function countSealedBids(db: Executor, auctionId: string) {
  const row = await db.selectFrom('auction_sealed_bids').select((eb) => eb.fn.countAll<string>().as('n')).where('auction_id', '=', auctionId).executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Every sealed bid of a lot with its bidder's paddle number and deposit, highest first, ties earlier first. */
export async function sealedBidsOf(db: Executor, auctionId: string) {
  return db
    .selectFrom('auction_sealed_bids as s')
    .innerJoin('auction_registrations as r', 'r.id', 's.registration_id')
    .select(['s.registration_id', 's.amount_fen', 's.placed_at', 'r.paddle_no', 'r.deposit_status', 'r.org_id', 'r.user_id'])
    .where('s.auction_id', '=', auctionId)
    .orderBy('s.amount_fen', 'desc')
    .orderBy('s.placed_at', 'asc')
    .execute()
}

export async function findRegistration(db: Executor, registrationId: string) {
  if (!isUuid(registrationId)) return undefined
  return db
    .selectFrom('auction_registrations as r')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .selectAll('r')
    .select(['o.name as org_name', 'o.name_en as org_name_en'])
    .where('r.id', '=', registrationId)
    .executeTakeFirst()
}

/** Lots still announced whose end has passed: the close job's list. */
export async function dueAuctionIds(db: Executor, now: Date, limit = 100) {
  const rows = await db.selectFrom('auctions').select('id').where('status', '=', 'announced').where('ends_at', '<=', now).orderBy('ends_at').limit(limit).execute()
  return rows.map((r) => r.id)
}

export interface SoldFacts {
  winnerRegistrationId: string
  hammerPriceFen: number
  confirmationNo: string
  verificationCode: string
  signDeadline: Date
  paymentDeadline: Date
  resultsUntil: Date
  dealId: string | null
}

export async function setAuctionSold(db: Executor, auctionId: string, at: Date, s: SoldFacts) {
  await db
    .updateTable('auctions')
    .set({
      status: 'sold',
      closed_at: at,
      winner_registration_id: s.winnerRegistrationId,
      hammer_price_fen: s.hammerPriceFen,
      confirmation_no: s.confirmationNo,
      verification_code: s.verificationCode,
      sign_deadline: s.signDeadline,
      payment_deadline: s.paymentDeadline,
      results_until: s.resultsUntil,
      deal_id: s.dealId,
      updated_at: sql`now()`,
    })
    .where('id', '=', auctionId)
    .execute()
}

export async function setAuctionDeal(db: Executor, auctionId: string, dealId: string) {
  await db.updateTable('auctions').set({ deal_id: dealId, updated_at: sql`now()` }).where('id', '=', auctionId).execute()
}

export async function setAuctionUnsold(db: Executor, auctionId: string, at: Date, resultsUntil: Date) {
  await db.updateTable('auctions').set({ status: 'unsold', closed_at: at, results_until: resultsUntil, updated_at: sql`now()` }).where('id', '=', auctionId).execute()
}

export async function setAuctionSigned(db: Executor, auctionId: string, by: string, at: Date) {
  await db.updateTable('auctions').set({ signed_at: at, signed_by: by, updated_at: sql`now()` }).where('id', '=', auctionId).execute()
}

export async function setAuctionPaid(db: Executor, auctionId: string, at: Date) {
  await db.updateTable('auctions').set({ paid_at: at, updated_at: sql`now()` }).where('id', '=', auctionId).execute()
}

export async function setAuctionDefaulted(db: Executor, auctionId: string, at: Date) {
  await db.updateTable('auctions').set({ status: 'defaulted', defaulted_at: at, updated_at: sql`now()` }).where('id', '=', auctionId).execute()
}

/** Moves deposits in `from` to `to` (the winner's one, or everyone else's); returns the registrations moved. */
export async function settleDeposits(db: Executor, auctionId: string, s: { from: 'confirmed' | 'applied'; to: 'released' | 'applied' | 'forfeited'; at: Date; only?: string; except?: string }) {
  let q = db
    .updateTable('auction_registrations')
    .set({ deposit_status: s.to, deposit_settled_at: s.at })
    .where('auction_id', '=', auctionId)
    .where('deposit_status', '=', s.from)
  if (s.only) q = q.where('id', '=', s.only)
  if (s.except) q = q.where('id', '<>', s.except)
  return q.returning(['id', 'user_id', 'org_id', 'deposit_fen']).execute()
}

/** Sold lots whose winner let the sign or the payment deadline pass. */
export async function overdueAuctionIds(db: Executor, now: Date, limit = 100) {
  const rows = await db
    .selectFrom('auctions')
    .select('id')
    .where('status', '=', 'sold')
    .where((eb) => eb.or([eb.and([eb('signed_at', 'is', null), eb('sign_deadline', '<', now)]), eb.and([eb('paid_at', 'is', null), eb('payment_deadline', '<', now)])]))
    .orderBy('closed_at')
    .limit(limit)
    .execute()
  return rows.map((r) => r.id)
}

/** A confirmation by its verification code, with the parties' names; undefined for an unknown code. */
export async function auctionByVerificationCode(db: Executor, code: string) {
  return db
    .selectFrom('auctions as a')
    .innerJoin('organisations as seller', 'seller.id', 'a.org_id')
    .innerJoin('auction_registrations as r', 'r.id', 'a.winner_registration_id')
    .innerJoin('organisations as buyer', 'buyer.id', 'r.org_id')
    .selectAll('a')
    .select(['seller.name as seller_name', 'buyer.name as buyer_name', 'r.org_id as buyer_org_id', 'r.paddle_no as winner_paddle'])
    .where('a.verification_code', '=', code)
    .executeTakeFirst()
}

/** 成交公示: closed lots whose results are still published, newest first. */
export async function publishedAuctionResults(db: Executor, now: Date, limit = 50) {
  return db
    .selectFrom('auctions as a')
    .innerJoin('organisations as seller', 'seller.id', 'a.org_id')
    .leftJoin('auction_registrations as r', 'r.id', 'a.winner_registration_id')
    .leftJoin('organisations as buyer', 'buyer.id', 'r.org_id')
    .select([
      'a.id',
      'a.title',
      'a.status',
      'a.format',
      'a.closed_at',
      'a.hammer_price_fen',
      'a.confirmation_no',
      'a.results_until',
      'seller.name as seller_name',
      'buyer.name as buyer_name',
      'r.paddle_no as winner_paddle',
    ])
    .where('a.status', 'in', ['sold', 'unsold', 'defaulted'])
    .where('a.results_until', '>', now)
    .orderBy('a.closed_at', 'desc')
    .limit(limit)
    .execute()
}

/**
 * Organisations that defaulted (悔拍) on this lot or on any lot it was relisted
 * from: they may not register for it.
 */
export async function defaultedOrgIds(db: Executor, auctionId: string): Promise<string[]> {
  if (!isUuid(auctionId)) return []
  const { rows } = await sql<{ org_id: string }>`
    with recursive chain(id, relisted_from, depth) as (
      select id, relisted_from, 0 from auctions where id = ${auctionId}
      union all
      select a.id, a.relisted_from, c.depth + 1 from auctions a join chain c on a.id = c.relisted_from where c.depth < 50
    )
    select distinct r.org_id from chain c
    join auctions a on a.id = c.id
    join auction_registrations r on r.id = a.winner_registration_id
    where a.status = 'defaulted'`.execute(db)
  return rows.map((r) => r.org_id)
}
