import type { Executor } from '../../db/index'
import { findRegistration, sealedBidsOf } from '../../db/repos/auction-results'
import { biddersOf } from '../../db/repos/auction-bids'
import { isOrgAdmin, membershipRole } from '../identity/permissions'
import type { Principal } from '../identity/principal'
import { verifyPath } from '../platform/verification'
import type { AuctionRow } from './live-view'
import { mayReadConfirmation } from './confirmation'
import { mayMarkPaid, maySignFor } from './settlement'

// The result part of a lot's page (ADR 029): 成交公示 for everyone while the
// results are published (buyer, price, date), the confirmation, deadlines and
// the deal room for the two parties and platform admins, what the viewer may
// do now (sign, mark paid, relist), the viewer's own deposit, and a sealed
// lot's opened bids.

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
  /** Added: when the 成交公示 ends (ISO), null if the lot has none. */
  publishedUntil?: string | null
  /** Added: the lot (for the relist link). */
  auctionId?: string
  /** Added: whether the viewer is a party (seller or buyer) or a platform admin. */
  party?: boolean
}

const iso = (d: Date | null) => d?.toISOString() ?? null

export async function resultView(db: Executor, viewer: Principal | null, lot: AuctionRow, now: Date): Promise<ResultView | null> {
  if (lot.status !== 'sold' && lot.status !== 'unsold' && lot.status !== 'defaulted') return null
  const reg = lot.winner_registration_id ? await findRegistration(db, lot.winner_registration_id) : undefined
  const party = mayReadConfirmation(viewer, lot, reg?.org_id ?? null)
  const inPeriod = !!lot.results_until && now < lot.results_until
  const published = inPeriod || party
  const sold = lot.status !== 'unsold'
  const showDeal = party && sold
  const verifiedOrgs = viewer ? viewer.memberships.filter((m) => m.orgStatus === 'verified').map((m) => m.orgId) : []
  const mine = viewer && verifiedOrgs.length ? await biddersOf(db, lot.id, verifiedOrgs, []) : []
  const my = mine[0]
  const sealed = lot.format === 'sealed' && published ? await sealedBidsOf(db, lot.id) : []
  const isSellerAdmin = !!viewer && (isOrgAdmin(viewer, lot.org_id) || (lot.created_by === viewer.userId && membershipRole(viewer, lot.org_id) !== null))
  return {
    outcome: lot.status,
    closedAt: iso(lot.closed_at) ?? '',
    published,
    hammerPriceFen: published && sold && lot.hammer_price_fen !== null ? Number(lot.hammer_price_fen) : null,
    buyerName: published && sold ? (reg?.org_name ?? null) : null,
    winnerPaddle: published && sold ? (reg?.paddle_no ?? null) : null,
    confirmationNo: published && sold ? lot.confirmation_no : null,
    verifyPath: published && sold && lot.verification_code ? verifyPath(lot.verification_code) : null,
    confirmationPdfPath: showDeal ? `/auctions/${lot.id}/confirmation.pdf` : null,
    dealId: showDeal ? lot.deal_id : null,
    signDeadline: showDeal ? iso(lot.sign_deadline) : null,
    signedAt: showDeal ? iso(lot.signed_at) : null,
    paymentDeadline: showDeal ? iso(lot.payment_deadline) : null,
    paidAt: showDeal ? iso(lot.paid_at) : null,
    can: {
      sign: !!viewer && !!reg && lot.status === 'sold' && !lot.signed_at && !!lot.sign_deadline && now <= lot.sign_deadline && maySignFor(viewer, reg),
      markPaid: !!viewer && lot.status === 'sold' && !!lot.signed_at && !lot.paid_at && mayMarkPaid(viewer, lot),
      relist: (lot.status === 'unsold' || lot.status === 'defaulted') && isSellerAdmin,
    },
    myDeposit: my ? { status: my.deposit_status, amountFen: await depositOf(db, my.id) } : null,
    sealedBids: sealed.map((b) => ({ paddleNo: b.paddle_no, amountFen: Number(b.amount_fen), at: b.placed_at.toISOString() })),
    publishedUntil: iso(lot.results_until),
    auctionId: lot.id,
    party,
  }
}

async function depositOf(db: Executor, registrationId: string) {
  const r = await findRegistration(db, registrationId)
  return Number(r?.deposit_fen ?? 0)
}
