import type { Executor } from '../../db/index'
import { publishedAuctionResults } from '../../db/repos/auction-results'

// 成交公示 for the public list of lots (ADR 029): every lot closed within its
// results period — sold with buyer and hammer price, unsold, or defaulted —
// newest first. Paddle numbers are pseudonymous; the buyer's name is public.

export interface PublishedResult {
  auctionId: string
  title: string
  outcome: 'sold' | 'unsold' | 'defaulted'
  format: 'english' | 'sealed'
  closedAt: string
  sellerName: string
  buyerName: string | null
  hammerPriceFen: number | null
  confirmationNo: string | null
  publishedUntil: string
}

export async function publishedResults(db: Executor, now = new Date(), limit = 50): Promise<PublishedResult[]> {
  const rows = await publishedAuctionResults(db, now, limit)
  return rows.map((r) => ({
    auctionId: r.id,
    title: r.title,
    outcome: r.status as PublishedResult['outcome'],
    format: r.format,
    closedAt: r.closed_at!.toISOString(),
    sellerName: r.seller_name,
    buyerName: r.status === 'unsold' ? null : r.buyer_name,
    hammerPriceFen: r.hammer_price_fen === null ? null : Number(r.hammer_price_fen),
    confirmationNo: r.confirmation_no,
    publishedUntil: r.results_until!.toISOString(),
  }))
}
