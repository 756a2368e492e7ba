import type { Database, Executor } from '../../db/index'
import type { RequestMeta } from '../identity/principal'

// Closing a lot at its end (H2 fills this in; the signatures are the contract).

export type CloseResult = { status: 'sold'; dealId: string; confirmationNo: string } | { status: 'unsold' } | { status: 'not_due' }

/** Closes the lot if its end (plus the close grace) has passed; inside the caller's transaction. */
export async function closeAuctionIn(_trx: Executor, _auctionId: string, _meta: RequestMeta, _now = new Date()): Promise<CloseResult> {
  return { status: 'not_due' }
}

/** The periodic job: closes every lot whose end has passed; returns how many it closed. */
export async function closeDueAuctions(_db: Database, _meta: RequestMeta, _now = new Date()): Promise<number> {
  return 0
}
