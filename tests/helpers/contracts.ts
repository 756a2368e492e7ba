import type { Database } from '../../db/index'
import { insertAttachment } from '../../db/repos/attachments'
import { insertContract } from '../../db/repos/contracts'
import { insertDealMessage } from '../../db/repos/deals'
import { findOrganisation } from '../../db/repos/organisations'
import { dealFromMatch } from './deals'

/**
 * A signed (frozen) 技术转让 contract on a deal opened from a match: what the
 * registration and subsidy tests start from without going through the contract
 * forms. 成交额 100 万元 of which 20 万元 equipment, so 技术交易额 80 万元; a
 * 职务科技成果 whose reward split is `rewardSharePpm` (default 70%).
 */
export async function signedContract(db: Database, o: { contractAmountFen?: number; equipmentFen?: number; rewardSharePpm?: number; title?: string } = {}) {
  const deal = await dealFromMatch(db, { title: o.title })
  const contractAmount = o.contractAmountFen ?? 100_000_000
  const equipment = o.equipmentFen ?? 20_000_000
  const seller = (await findOrganisation(db, deal.uni.org.id))!
  const buyer = (await findOrganisation(db, deal.ent.org.id))!
  // A deal's file comes with a message in the room (attachments_deal_message).
  const message = await insertDealMessage(db, { dealId: deal.dealId, authorId: deal.uni.user.id, kind: 'text', body: '已签署合同扫描件' })
  const scanId = await insertAttachment(db, {
    achievementId: null,
    dealId: deal.dealId,
    dealMessageId: message.id,
    kind: 'document',
    confidential: true,
    filename: 'contract-signed.pdf',
    mime: 'application/pdf',
    sizeBytes: 1024,
    sha256: '0'.repeat(64),
    storageKey: `test/${deal.dealId}/contract.pdf`,
    uploadedBy: deal.uni.user.id,
  })
  const share = o.rewardSharePpm ?? 700_000
  const now = new Date()
  const contractId = await insertContract(
    db,
    {
      deal_id: deal.dealId,
      status: 'confirmed',
      title: o.title ?? '一体化压铸工艺技术转让合同',
      contract_type: 'transfer_patent',
      subject: '发明专利 ZL202310000000.1 的专利权转让及技术指导',
      term_start: '2026-12-01',
      term_end: '2027-11-30',
      contract_amount_fen: contractAmount,
      technology_amount_fen: contractAmount - equipment,
      service_achievement: true,
      reward_share_ppm: share,
      reward_floor_ppm: 700_000,
      reward_below_floor: share < 700_000,
      buyer_application: 'transformation',
      projected_investment_fen: 500_000_000,
      projected_output_fen: 2_000_000_000,
      confirmed_at: now,
      created_by: deal.uni.user.id,
    },
    {
      parties: [
        { org_id: seller.id, side: 'seller', name: seller.name, credit_code: seller.credit_code, division_code: seller.division_code, confirmed_revision: 1, confirmed_by: deal.uni.user.id, confirmed_at: now },
        { org_id: buyer.id, side: 'buyer', name: buyer.name, credit_code: buyer.credit_code, division_code: buyer.division_code, confirmed_revision: 1, confirmed_by: deal.ent.user.id, confirmed_at: now },
      ],
      payments: [
        { position: 1, milestone: '合同生效后 30 日内', amount_fen: contractAmount / 2, due_on: '2026-12-31' },
        { position: 2, milestone: '技术验收合格后', amount_fen: contractAmount - contractAmount / 2, due_on: null },
      ],
      nonTechnical: equipment ? [{ position: 1, kind: 'equipment', description: '试制模具一套', amount_fen: equipment }] : [],
      rewards: [
        { position: 1, person_name: '张明', role: 'creator', share_ppm: share - 100_000 },
        { position: 2, person_name: '李华', role: 'transferrer', share_ppm: 100_000 },
      ],
    },
  )
  // Children go in while the contract is open; signing freezes them (the trigger refuses changes after).
  await db.updateTable('contracts').set({ status: 'signed', signed_at: now, signed_by: deal.uni.user.id, signed_scan_id: scanId }).where('id', '=', contractId).execute()
  return { ...deal, contractId, sellerOrgId: seller.id, buyerOrgId: buyer.id }
}
