import type { Executor } from '../../db/index'
import type { Principal } from '../identity/principal'
import type { AuctionRow } from './live-view'

// The result part of a lot's page (H2 fills this in; the contract is fixed).

export interface ResultView {
  outcome: 'sold' | 'unsold' | 'defaulted'
  closedAt: string
  /** 成交公示: public while published (results_until), always for the parties and admins. */
  published: boolean
  hammerPriceFen: number | null
  /** The buyer's organisation name (public in 成交公示). */
  buyerName: string | null
  winnerPaddle: number | null
  confirmationNo: string | null
  /** /verify/<code>, for the QR code and the page's link. */
  verifyPath: string | null
  /** Only for the winner, the seller and platform admins. */
  confirmationPdfPath: string | null
  dealId: string | null
  signDeadline: string | null
  signedAt: string | null
  paymentDeadline: string | null
  paidAt: string | null
  /** What the viewer may do now. */
  can: { sign: boolean; markPaid: boolean; relist: boolean }
  /** The viewer's own deposit after the close (released / applied / forfeited). */
  myDeposit: null | { status: string; amountFen: number }
  /** Sealed format after the opening: every bid, highest first. */
  sealedBids: { paddleNo: number; amountFen: number; at: string }[]
}

export async function resultView(_db: Executor, _viewer: Principal | null, _lot: AuctionRow, _now: Date): Promise<ResultView | null> {
  return null
}
