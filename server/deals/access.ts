import type { Executor } from '../../db/index'
import { activeMembership, dealParties, findDeal } from '../../db/repos/deals'
import { isOrgAdmin, verifiedMemberOf } from '../identity/permissions'
import type { Principal } from '../identity/principal'

// Who is in a deal room — the one permission function for the page, the API,
// the files and the realtime room (ADR 021). Members are the people a party
// admin added, the technology managers, and the admins of each party
// organisation (the institution's admin for its achievements among them), who
// manage their side's members. Everyone else, platform admins included, gets
// null and the caller answers 404: a deal's existence is the parties' business.

export type DealSide = 'seller' | 'buyer' | 'manager'

export interface DealAccess {
  deal: NonNullable<Awaited<ReturnType<typeof findDeal>>>
  parties: Awaited<ReturnType<typeof dealParties>>
  /** The side the viewer speaks for. */
  side: DealSide
  /** The party organisation the viewer acts for; the agency for a manager. */
  orgId: string | null
  /** May add and remove members of `orgId`'s side. */
  isPartyAdmin: boolean
}

const adminOf = (p: Principal, orgId: string) => isOrgAdmin(p, orgId) && verifiedMemberOf(p, orgId)

export async function dealAccess(db: Executor, viewer: Principal | null, dealId: string): Promise<DealAccess | null> {
  if (!viewer) return null
  const deal = await findDeal(db, dealId)
  if (!deal) return null
  const [membership, parties] = await Promise.all([activeMembership(db, deal.id, viewer.userId), dealParties(db, deal.id)])
  const administered = parties.find((p) => adminOf(viewer, p.org_id))
  if (membership?.role === 'party' && membership.org_id) {
    const party = parties.find((p) => p.org_id === membership.org_id)
    // A member whose organisation left the deal is no longer in it.
    if (party) return { deal, parties, side: party.side, orgId: party.org_id, isPartyAdmin: adminOf(viewer, party.org_id) }
  }
  if (administered) return { deal, parties, side: administered.side, orgId: administered.org_id, isPartyAdmin: true }
  if (membership?.role === 'manager') return { deal, parties, side: 'manager', orgId: membership.org_id, isPartyAdmin: false }
  return null
}

/** The room's id for realtime joins: same rule as the page. */
export async function mayJoinDealRoom(db: Executor, viewer: Principal | null, dealId: string) {
  return (await dealAccess(db, viewer, dealId)) !== null
}
