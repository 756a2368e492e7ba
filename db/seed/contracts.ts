import type { Transaction } from 'kysely'
import { categoryOf } from '../../server/contracts/types'
import type { RequestMeta } from '../../server/identity/principal'
import {
  markExpertReview,
  refuseRegistration,
  registerContractIn,
  requestCorrection,
  submitRegistration,
  terminateRegistration,
} from '../../server/registrations/service'
import type { Executor } from '../index'
import { insertAttachment } from '../repos/attachments'
import { insertContract } from '../repos/contracts'
import { insertDeal, insertDealMessage, insertDealParties, insertStageChange, setDealStage } from '../repos/deals'
import { insertAgreedTerms, insertOffer } from '../repos/offers'
import { loadPrincipal } from '../repos/users'
import type { DB } from '../schema'

// Demo contracts at every step of 技术合同认定登记: a draft, a confirmed one,
// one submitted with a deadline, one returned for correction (补正), one
// refused with grounds, three registered with certificates (through the
// registration service, so the subsidy claims follow once the subsidies hooks
// land) and one terminated (注销). Sold by 柳州理工大学 (柳北区) to 龙腾
// (the demo enterprise) and registered by 柳州市技术合同认定登记站, a
// city-wide registrar by configuration. Idempotent: nothing is added when the
// demo contracts exist.

const META: RequestMeta = { ip: null, userAgent: 'demo-seed', requestId: null }
const MARK = '（示范）'

interface Org {
  id: string
  name: string
  credit_code: string
  division_code: string
}

/** The deal mode a contract's category comes from (a licence's terms need a licence, so demo licences are agreed as transfers of use). */
const MODE_OF_CATEGORY = { development: 'co_development', transfer: 'transfer', licence: 'transfer', consulting: 'consulting', service: 'service' } as const

/** A contract on a new deal between two organisations, at `status`; a signed one carries a scan (a file in the deal room). */
export async function contractBetween(
  db: Executor,
  o: { seller: Org; buyer: Org; userId: string; buyerUserId: string; title: string; type: string; contractAmountFen: number; technologyAmountFen: number; status: 'draft' | 'confirmed' | 'signed' },
) {
  const dealId = await insertDeal(db, { title: o.title, sourceKind: 'manager', sourceId: null, createdBy: o.userId })
  await insertDealParties(db, dealId, [
    { orgId: o.seller.id, side: 'seller' },
    { orgId: o.buyer.id, side: 'buyer' },
  ])
  // A contract is drafted from agreed terms: the buyer's lump-sum offer, accepted by the seller.
  const terms = { mode: MODE_OF_CATEGORY[categoryOf(o.type) ?? 'transfer'], licence: null, price: { structure: 'lump_sum', amountFen: o.contractAmountFen }, deliverables: '', training: '', warrantyMonths: 0, warranty: '', commission: null, note: '' }
  const offer = await insertOffer(db, { dealId, version: 1, side: 'buyer', orgId: o.buyer.id, terms, status: 'accepted', basisVersion: null, createdBy: o.buyerUserId })
  await insertAgreedTerms(db, { dealId, offerId: offer.id, version: offer.version, terms, via: 'offer', agreedBy: o.userId })
  const now = new Date()
  const confirmed = o.status !== 'draft'
  const contractId = await insertContract(
    db,
    {
      deal_id: dealId,
      status: confirmed ? 'confirmed' : 'draft',
      title: o.title,
      contract_type: o.type,
      subject: `${o.title}的技术资料交付、技术指导与验收`,
      term_start: '2026-11-01',
      term_end: '2027-10-31',
      contract_amount_fen: o.contractAmountFen,
      technology_amount_fen: o.technologyAmountFen,
      confirmed_at: confirmed ? now : null,
      terms_version: 1,
      created_by: o.userId,
    },
    {
      parties: [
        { org_id: o.seller.id, side: 'seller', name: o.seller.name, credit_code: o.seller.credit_code, division_code: o.seller.division_code, ...(confirmed ? { confirmed_revision: 1, confirmed_by: o.userId, confirmed_at: now } : {}) },
        { org_id: o.buyer.id, side: 'buyer', name: o.buyer.name, credit_code: o.buyer.credit_code, division_code: o.buyer.division_code, ...(confirmed ? { confirmed_revision: 1, confirmed_by: o.buyerUserId, confirmed_at: now } : {}) },
      ],
      payments: [{ position: 1, milestone: '合同生效后 30 日内', amount_fen: o.contractAmountFen, due_on: null }],
      nonTechnical:
        o.contractAmountFen > o.technologyAmountFen
          ? [{ position: 1, kind: 'equipment', description: '配套设备', amount_fen: o.contractAmountFen - o.technologyAmountFen }]
          : [],
      rewards: [],
    },
  )
  if (o.status === 'signed') {
    const message = await insertDealMessage(db, { dealId, authorId: o.userId, kind: 'text', body: '已签署合同扫描件' })
    const scanId = await insertAttachment(db, {
      achievementId: null,
      dealId,
      dealMessageId: message.id,
      kind: 'document',
      confidential: true,
      filename: 'contract-signed.pdf',
      mime: 'application/pdf',
      sizeBytes: 1024,
      sha256: '0'.repeat(64),
      storageKey: `demo/${dealId}/contract.pdf`,
      uploadedBy: o.userId,
    })
    await db.updateTable('contracts').set({ status: 'signed', signed_at: now, signed_by: o.userId, signed_scan_id: scanId }).where('id', '=', contractId).execute()
  }
  // The deal stands where its contract does: 签约 while the text is settled, 合同登记 once signed.
  const stage = o.status === 'signed' ? 'contract' : 'signing'
  await insertStageChange(db, { dealId, from: 'intent', to: stage, actorId: o.userId })
  await setDealStage(db, dealId, stage)
  return { dealId, contractId }
}

export async function seedDemoContracts(trx: Transaction<DB>) {
  const existing = await trx.selectFrom('contracts').select('id').where('title', 'like', `%${MARK}`).executeTakeFirst()
  if (existing) return { contracts: 0 }
  const user = (email: string) => trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()
  const org = (name: string) => trx.selectFrom('organisations').select(['id', 'name', 'credit_code', 'division_code']).where('name', '=', name).executeTakeFirst()
  const [sellerUser, buyerUser, registrarUser, seller, buyer, registry] = await Promise.all([
    user('researcher@demo.kjdsc.cn'),
    user('enterprise@demo.kjdsc.cn'),
    user('registrar@demo.kjdsc.cn'),
    org('柳州理工大学'),
    trx
      .selectFrom('organisations')
      .innerJoin('memberships', 'memberships.org_id', 'organisations.id')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['organisations.id', 'organisations.name', 'organisations.credit_code', 'organisations.division_code'])
      .where('users.email', '=', 'enterprise@demo.kjdsc.cn')
      .executeTakeFirst(),
    org('柳州市技术合同认定登记站'),
  ])
  if (!sellerUser || !buyerUser || !registrarUser || !seller || !buyer || !registry) return { contracts: 0 }
  const sellerP = (await loadPrincipal(trx, sellerUser.id))!
  const registrarP = (await loadPrincipal(trx, registrarUser.id))!
  const db = trx
  const make = (title: string, type: string, wan: number, techWan: number, status: 'draft' | 'confirmed' | 'signed') =>
    contractBetween(trx, { seller, buyer, userId: sellerUser.id, buyerUserId: buyerUser.id, title: `${title}${MARK}`, type, contractAmountFen: wan * 1_000_000, technologyAmountFen: techWan * 1_000_000, status })
  // The services run inside the seed's transaction (they join a transaction they are given).
  const submit = async (contractId: string) => submitIn(trx, sellerP, contractId, registry.id)

  await make('汽车座椅骨架轻量化设计技术开发合同', 'development_commissioned', 60, 60, 'draft')
  await make('铝合金压铸模具温控技术许可合同', 'licence_patent', 45, 40, 'confirmed')

  const submitted = await make('新能源客车电池热管理技术转让合同', 'transfer_patent', 320, 280, 'signed')
  await submit(submitted.contractId)

  const returned = await make('螺蛳粉杀菌工艺技术服务合同', 'service', 35, 35, 'signed')
  const r2 = await submit(returned.contractId)
  await requestCorrection(db, registrarP, r2, '请补充技术服务成果的验收标准，并提交加盖双方公章的合同文本。', META)

  const refused = await make('工程机械配件采购合同', 'service', 120, 20, 'signed')
  const r3 = await submit(refused.contractId)
  await refuseRegistration(db, registrarP, r3, ['not_technology_contract', 'name_mismatch'], '合同主要内容为配件买卖，技术服务部分占比很小。', META)

  const registered: string[] = []
  for (const [title, type, wan, tech] of [
    ['一体化压铸工艺技术转让合同', 'transfer_patent', 100, 80],
    ['甘蔗渣制备生物基材料技术开发合同', 'development_cooperative', 680, 600],
    ['壮瑶医药提取物质量控制技术咨询合同', 'consulting', 18, 18],
    ['智能网联汽车测试场景库技术许可合同', 'licence_know_how', 150, 150],
  ] as const) {
    const c = await make(title, type, wan, tech, 'signed')
    const id = await submit(c.contractId)
    if (tech * 1_000_000 >= 500_000_000) await markExpertReview(db, registrarP, id, '交易额较大，提交专家评审。', META)
    await registerContractIn(trx, registrarP, id, META)
    registered.push(id)
  }
  await terminateRegistration(db, registrarP, registered[3]!, '双方协议解除合同，申请注销登记。', META)
  return { contracts: 9 }
}

async function submitIn(trx: Transaction<DB>, seller: NonNullable<Awaited<ReturnType<typeof loadPrincipal>>>, contractId: string, registrarId: string) {
  const reg = await submitRegistration(trx, seller, { contractId, registrarId }, META)
  return reg.id
}
