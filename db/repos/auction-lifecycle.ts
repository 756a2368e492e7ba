import { sql } from 'kysely'
import type { Executor } from '../index'
import type { AuctionStatus } from '../schema'
import { isUuid } from './ids'

// An auction's life before and around the bidding (ADR 028): applications and
// their review, withdrawal, bidders' registrations and deposits, the public
// list and the admin's queues. The engine's queries are in auction-bids.ts.

/** Lots that still hold their achievements: under review or announced (not yet closed). */
export const OPEN_AUCTION_STATUSES: AuctionStatus[] = ['applied', 'announced']

/** The open lots any of `achievementIds` is part of (another lot may not take them). */
export async function openAuctionsOfAchievements(db: Executor, achievementIds: string[], exceptId?: string) {
  const ids = achievementIds.filter(isUuid)
  if (ids.length === 0) return []
  let q = db
    .selectFrom('auction_items as i')
    .innerJoin('auctions as a', 'a.id', 'i.auction_id')
    .select(['a.id', 'i.achievement_id'])
    .where('i.achievement_id', 'in', ids)
    .where('a.status', 'in', OPEN_AUCTION_STATUSES)
  if (exceptId) q = q.where('a.id', '<>', exceptId)
  return q.execute()
}

/** Achievements in 挂牌公示 still open (in its period or waiting for a procedure). */
export async function achievementsInOpenNotice(db: Executor, achievementIds: string[]) {
  const ids = achievementIds.filter(isUuid)
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('listing_notices')
    .select('achievement_id')
    .where('achievement_id', 'in', ids)
    .where('status', 'in', ['notice', 'awaiting_procedure'])
    .execute()
  return rows.map((r) => r.achievement_id)
}

/** The organisation's published, unexpired achievements: what it may put up for auction. */
export async function auctionableAchievements(db: Executor, orgId: string, now: Date) {
  return db
    .selectFrom('achievements')
    .select(['id', 'title'])
    .where('org_id', '=', orgId)
    .where('status', '=', 'published')
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('updated_at', 'desc')
    .limit(200)
    .execute()
}

export async function setAuctionReview(
  db: Executor,
  id: string,
  r: { status: 'announced' | 'rejected'; note: string | null; by: string; at: Date },
) {
  await db
    .updateTable('auctions')
    .set({ status: r.status, review_note: r.note, reviewed_by: r.by, reviewed_at: r.at, announced_at: r.status === 'announced' ? r.at : null, updated_at: r.at })
    .where('id', '=', id)
    .where('status', '=', 'applied')
    .execute()
}

export async function setAuctionWithdrawn(db: Executor, id: string, at: Date) {
  await db.updateTable('auctions').set({ status: 'withdrawn', updated_at: at }).where('id', '=', id).where('status', 'in', OPEN_AUCTION_STATUSES).execute()
}

/** Confirmed deposits of the lot go back to their payers; returns who they were. */
export async function releaseConfirmedDeposits(db: Executor, auctionId: string, at: Date) {
  return db
    .updateTable('auction_registrations')
    .set({ deposit_status: 'released', deposit_settled_at: at })
    .where('auction_id', '=', auctionId)
    .where('deposit_status', '=', 'confirmed')
    .returning(['id', 'user_id', 'org_id'])
    .execute()
}

/** A registration with its lot's facts, locked (the lot is locked first by the caller). */
export async function lockRegistration(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db.selectFrom('auction_registrations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function findRegistration(db: Executor, id: string) {
  if (!isUuid(id)) return undefined
  return db
    .selectFrom('auction_registrations as r')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .innerJoin('auctions as a', 'a.id', 'r.auction_id')
    .selectAll('r')
    .select(['o.name as org_name', 'o.credit_code as org_credit_code', 'a.title as auction_title', 'a.org_id as seller_org_id'])
    .where('r.id', '=', id)
    .executeTakeFirst()
}

/** The organisation that defaulted (悔拍) on the lot, if it did. */
export async function defaulterOf(db: Executor, auctionId: string) {
  const row = await db
    .selectFrom('auctions as a')
    .innerJoin('auction_registrations as r', 'r.id', 'a.winner_registration_id')
    .select(['r.org_id', 'a.relisted_from'])
    .where('a.id', '=', auctionId)
    .where('a.status', '=', 'defaulted')
    .executeTakeFirst()
  return row?.org_id ?? null
}

export async function relistedFromOf(db: Executor, auctionId: string) {
  const row = await db.selectFrom('auctions').select('relisted_from').where('id', '=', auctionId).executeTakeFirst()
  return row?.relisted_from ?? null
}

export async function countRegistrations(db: Executor, auctionId: string) {
  const row = await db.selectFrom('auction_registrations').select((eb) => eb.fn.countAll<string>().as('n')).where('auction_id', '=', auctionId).executeTakeFirst()
  return Number(row?.n ?? 0)
}

/**
 * The public list: announced lots (公告期 and bidding), and closed lots while
 * their results are published (成交公示 / 流拍), with the count of registered bidders.
 */
export async function listPublicAuctions(db: Executor, now: Date, limit = 200) {
  return db
    .selectFrom('auctions as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .leftJoin('auction_registrations as w', 'w.id', 'a.winner_registration_id')
    .leftJoin('organisations as wo', 'wo.id', 'w.org_id')
    .select([
      'a.id', 'a.title', 'a.format', 'a.status', 'a.starts_at', 'a.ends_at', 'a.start_price_fen', 'a.current_price_fen', 'a.bid_count',
      'a.reserve_fen', 'a.deposit_fen', 'a.closed_at', 'a.hammer_price_fen', 'a.results_until', 'a.announced_at',
      'o.name as org_name', 'wo.name as buyer_name',
    ])
    .select((eb) => eb.selectFrom('auction_registrations as r').select((x) => x.fn.countAll<string>().as('n')).whereRef('r.auction_id', '=', 'a.id').as('registrations'))
    .where((eb) =>
      eb.or([
        eb('a.status', '=', 'announced'),
        eb.and([eb('a.status', 'in', ['sold', 'unsold', 'defaulted']), eb.or([eb('a.results_until', '>', now), eb.and([eb('a.results_until', 'is', null), eb('a.closed_at', '>', sql<Date>`${now}::timestamptz - interval '30 days'`)])])]),
      ]),
    )
    .orderBy('a.ends_at', 'asc')
    .limit(limit)
    .execute()
}

/** Applications waiting for review, oldest first. */
export async function pendingApplications(db: Executor, limit = 100) {
  return db
    .selectFrom('auctions as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.title', 'a.format', 'a.starts_at', 'a.ends_at', 'a.start_price_fen', 'a.reserve_fen', 'a.deposit_fen', 'a.created_at', 'a.relisted_from', 'o.name as org_name'])
    .where('a.status', '=', 'applied')
    .orderBy('a.created_at')
    .limit(limit)
    .execute()
}

/** Deposits registered bidders said they would pay, not yet matched to a transfer, for open lots. */
export async function pendingDeposits(db: Executor, limit = 200) {
  return db
    .selectFrom('auction_registrations as r')
    .innerJoin('auctions as a', 'a.id', 'r.auction_id')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .select(['r.id', 'r.paddle_no', 'r.deposit_fen', 'r.created_at', 'a.id as auction_id', 'a.title', 'a.starts_at', 'a.ends_at', 'o.name as org_name', 'o.credit_code as org_credit_code'])
    .where('r.deposit_status', '=', 'pending')
    .where('a.status', '=', 'announced')
    .orderBy('a.starts_at')
    .orderBy('r.created_at')
    .limit(limit)
    .execute()
}

/** Deposits confirmed lately, for the admin's record. */
export async function recentDeposits(db: Executor, limit = 50) {
  return db
    .selectFrom('auction_registrations as r')
    .innerJoin('auctions as a', 'a.id', 'r.auction_id')
    .innerJoin('organisations as o', 'o.id', 'r.org_id')
    .select(['r.id', 'r.paddle_no', 'r.deposit_fen', 'r.deposit_status', 'r.bank_reference', 'r.receipt_no', 'r.deposit_confirmed_at', 'a.id as auction_id', 'a.title', 'o.name as org_name'])
    .where('r.deposit_confirmed_at', 'is not', null)
    .orderBy('r.deposit_confirmed_at', 'desc')
    .limit(limit)
    .execute()
}

export async function platformAdminIds(db: Executor) {
  const rows = await db.selectFrom('users').select('id').where('is_platform_admin', '=', true).execute()
  return rows.map((r) => r.id)
}

/** A lot's achievements with the fields the announcement shows. */
export async function auctionItemDetails(db: Executor, auctionId: string) {
  return db
    .selectFrom('auction_items as i')
    .innerJoin('achievements as a', 'a.id', 'i.achievement_id')
    .select(['a.id', 'a.title', 'a.status', 'a.summary', 'a.trl', 'i.position'])
    .where('i.auction_id', '=', auctionId)
    .orderBy('i.position')
    .execute()
}

/** Lots of the given organisations in any state (their sellers follow their applications). */
export async function auctionsOfOrgs(db: Executor, orgIds: string[]) {
  if (orgIds.length === 0) return []
  return db
    .selectFrom('auctions')
    .select(['id', 'title', 'status', 'starts_at', 'ends_at', 'review_note', 'created_at'])
    .where('org_id', 'in', orgIds)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute()
}
