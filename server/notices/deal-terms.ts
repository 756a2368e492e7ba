import type { Executor } from '../../db/index'
import { recordAgreedTerms } from '../deals/offers'
import type { DealTerms } from '../deals/terms'
import type { Principal, RequestMeta } from '../identity/principal'

// What a deal room opened from a concluded notice starts with: the listed
// terms, which the single registered buyer accepted by registering — stored
// and frozen as the deal's agreed terms (the deal moves to 条款确认).

export interface ListedNotice {
  id: string
  priceFen: number
  terms: DealTerms
}

export async function applyListedTerms(trx: Executor, dealId: string, notice: ListedNotice, actor: Principal | null, meta: RequestMeta) {
  await recordAgreedTerms(trx, actor, dealId, notice.terms, meta, { via: 'notice' })
}
