import type { Executor } from '../../db/index'
import { dealParties, findDeal } from '../../db/repos/deals'
import type { Principal } from '../identity/principal'
import { dealAccess, type DealAccess } from './access'

// Who a caller of the partner API (/api/v1/deals) speaks for. A bearer token
// belongs to an organisation: it sees the deals that organisation is a party
// of and acts for that organisation's side, never as a party admin; nothing
// else exists for it (404). A signed-in session uses the page's rule.

export async function partnerDealAccess(db: Executor, principal: Principal | null, tokenOrgId: string | null, dealId: string): Promise<DealAccess | null> {
  if (!tokenOrgId) return dealAccess(db, principal, dealId)
  const deal = await findDeal(db, dealId)
  if (!deal) return null
  const parties = await dealParties(db, deal.id)
  const party = parties.find((p) => p.org_id === tokenOrgId)
  return party ? { deal, parties, side: party.side, orgId: party.org_id, isPartyAdmin: false } : null
}
