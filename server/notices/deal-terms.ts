import type { Executor } from '../../db/index'
import type { DealTerms } from '../deals/terms'
import { postSystemLine } from '../deals/system-line'
import type { Principal, RequestMeta } from '../identity/principal'
import { fenToWan } from '../platform/money'

// What a deal room opened from a concluded notice starts with: the listed
// terms, which the single registered buyer accepted by registering. For now it
// says so in the room as a system line with the listed price; when the offers
// branch lands, the coordinator wires this to recordAgreedTerms
// (server/deals/offers.ts), which stores and freezes them as accepted terms.

export interface ListedNotice {
  id: string
  priceFen: number
  terms: DealTerms
}

export async function applyListedTerms(trx: Executor, dealId: string, notice: ListedNotice, actor: Principal | null, meta: RequestMeta) {
  void actor
  void meta
  await postSystemLine(trx, dealId, 'deals.system.noticeTerms', { price: fenToWan(notice.priceFen), mode: notice.terms.mode })
}
