import os from 'node:os'
import path from 'node:path'
import type { Database } from '../../db/index'
import { acceptOffer, makeOffer } from '../../server/deals/offers'
import { DealTermsSchema, type DealTerms } from '../../server/deals/terms'
import { createContractDraft } from '../../server/contracts/service'
import { LocalFileStore } from '../../server/platform/files/store'
import { dealFromMatch } from './deals'
import { createMember, testMeta } from './factories'

/** Terms the buyer offers and the seller accepts: 100 万元 in two instalments unless given. */
export const TWO_INSTALMENTS: DealTerms = DealTermsSchema.parse({
  mode: 'transfer',
  price: {
    structure: 'instalments',
    instalments: [
      { milestone: '合同签订', amountFen: 40_000_000, dueDays: 15 },
      { milestone: '验收合格', amountFen: 60_000_000, dueDays: null },
    ],
  },
  deliverables: '全套工艺文件及技术指导',
})

/** A deal (dealFromMatch) whose terms the parties agreed: the buyer offered, the seller accepted. */
export async function dealWithTerms(db: Database, o: { terms?: DealTerms; title?: string } = {}) {
  const w = await dealFromMatch(db, { title: o.title })
  await makeOffer(db, { principal: w.ent.principal }, w.dealId, o.terms ?? TWO_INSTALMENTS, testMeta)
  await acceptOffer(db, { principal: w.uni.principal }, w.dealId, 1, testMeta)
  return w
}

/** A deal with agreed terms and its contract draft. */
export async function draftContract(db: Database, o: { terms?: DealTerms; title?: string } = {}) {
  const w = await dealWithTerms(db, o)
  const { id } = await createContractDraft(db, w.uni.principal, w.dealId, testMeta)
  return { ...w, contractId: id }
}

/** A verified city government member (市科技主管部门) and a county one. */
export async function officers(db: Database) {
  const city = await createMember(db, { type: 'government', divisionCode: '450200' })
  const county = await createMember(db, { type: 'government', divisionCode: '450204' })
  const otherCounty = await createMember(db, { type: 'government', divisionCode: '450222' })
  return { city, county, otherCounty }
}

export const testStore = () => new LocalFileStore(path.join(os.tmpdir(), `techmarket-contract-files-${process.pid}`))
