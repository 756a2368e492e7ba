import { sql } from 'kysely'
import type { Executor } from '../index'
import type { AuctionStatus } from '../schema'
import { isUuid } from './ids'

// What the partner API for auctions (/api/v1/auctions, server/auctions/api-auctions.ts)
// reads beyond the engine's queries: public lots a page at a time, the
// caller's own registrations, and paddle numbers of the leader or winner.

/** Lots in the given statuses, newest end first, with the seller's name and the count of registered bidders. */
export async function auctionPage(db: Executor, statuses: readonly AuctionStatus[], page: { limit: number; offset: number }) {
  if (statuses.length === 0) return { rows: [], total: 0 }
  const [rows, count] = await Promise.all([
    db
      .selectFrom('auctions as a')
      .innerJoin('organisations as o', 'o.id', 'a.org_id')
      .selectAll('a')
      .select(['o.name as org_name', 'o.name_en as org_name_en'])
      .select((eb) =>
        eb.selectFrom('auction_registrations as r').select(sql<number>`count(*)::int`.as('n')).whereRef('r.auction_id', '=', 'a.id').as('registered'),
      )
      .where('a.status', 'in', statuses)
      .orderBy('a.ends_at', 'desc')
      .orderBy('a.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db.selectFrom('auctions').select(sql<number>`count(*)::int`.as('n')).where('status', 'in', statuses).executeTakeFirstOrThrow(),
  ])
  return { rows, total: count.n }
}

export async function registeredCount(db: Executor, auctionId: string) {
  const r = await db.selectFrom('auction_registrations').select(sql<number>`count(*)::int`.as('n')).where('auction_id', '=', auctionId).executeTakeFirstOrThrow()
  return r.n
}

/** The registrations these organisations hold for the lot, with their proxy maximum if one is set. */
export async function registrationsOfOrgs(db: Executor, auctionId: string, orgIds: string[]) {
  if (!isUuid(auctionId) || orgIds.length === 0) return []
  return db
    .selectFrom('auction_registrations as r')
    .leftJoin('auction_proxies as p', 'p.registration_id', 'r.id')
    .select(['r.id', 'r.org_id', 'r.paddle_no', 'r.deposit_status', 'r.deposit_fen', 'r.receipt_no', 'p.max_fen as proxy_max_fen'])
    .where('r.auction_id', '=', auctionId)
    .where('r.org_id', 'in', orgIds)
    .orderBy('r.created_at')
    .execute()
}

/** Paddle numbers of registrations of the lot (the leader's, the winner's). */
export async function paddlesOf(db: Executor, auctionId: string, registrationIds: string[]) {
  if (registrationIds.length === 0) return new Map<string, number>()
  const rows = await db.selectFrom('auction_registrations').select(['id', 'paddle_no']).where('auction_id', '=', auctionId).where('id', 'in', registrationIds).execute()
  return new Map(rows.map((r) => [r.id, r.paddle_no]))
}
