import { createCreditNote, createDraft, issueInvoice, recordPayment, voidInvoice } from '../../server/invoices/invoices'
import { shanghaiDate } from '../../server/platform/intl'
import type { Executor } from '../index'
import { loadPrincipal } from '../repos/users'

// Demo invoices of the platform operator (issue 11), by the demo platform
// admin through the invoice service (so numbers, totals and audit entries are
// real): the winning enterprise's auction commission, issued and paid, with a
// credit note for part of it; its deposit receipt, paid; a listing service fee
// to a university, issued and awaiting payment; one voided for a wrong buyer;
// a training fee still in draft. Found again by their notes: reseeding adds none.

const meta = { ip: null, userAgent: null, requestId: 'demo-seed' }
const MARK = '演示：竞价佣金（永磁同步电机转子动平衡在线校正装置）'

async function orgId(trx: Executor, name: string) {
  return (await trx.selectFrom('organisations').select('id').where('name', '=', name).where('status', '=', 'verified').executeTakeFirst())?.id ?? null
}

export async function seedDemoInvoices(trx: Executor, now = new Date()) {
  if (await trx.selectFrom('invoices').select('id').where('note', '=', MARK).executeTakeFirst()) return { invoices: 0 }
  const adminUser = await trx.selectFrom('users').select('id').where('email', '=', 'admin@demo.kjdsc.cn').executeTakeFirst()
  const admin = adminUser ? await loadPrincipal(trx, adminUser.id) : null
  const longteng = await orgId(trx, '柳州龙腾汽车零部件有限公司')
  const lzut = await orgId(trx, '柳州理工大学')
  const auto = await orgId(trx, '柳州汽车工程研究院')
  const liunan = await orgId(trx, '柳南精工机械有限公司')
  if (!admin || !longteng || !lzut || !auto || !liunan) return { invoices: 0 }
  const today = shanghaiDate(now)
  const line = (itemKind: string, description: string, unitPriceFen: number, quantity = 1) => ({ itemKind, description, quantity, unitPriceFen })

  // Paid commission (6%), then a credit note for a fee reduction agreed afterwards.
  const commission = await createDraft(
    trx,
    admin,
    { buyerOrgId: longteng, note: MARK, lines: [line('auction_commission', '竞价成交服务佣金（成交价 1.5%）', 1_350_000), line('technology_transfer', '技术转让交割协助（免税）', 500_000)] },
    meta,
    now,
  )
  await issueInvoice(trx, admin, commission.id, meta, now)
  const total = (await trx.selectFrom('invoices').select('total_fen').where('id', '=', commission.id).executeTakeFirstOrThrow()).total_fen
  await recordPayment(trx, admin, commission.id, { paidOn: today, amountFen: total, reference: '工行柳州分行 流水 20261204-0071' }, meta, now)
  const credit = await createCreditNote(trx, admin, commission.id, { note: '佣金优惠冲销（首拍企业减免）', lines: [line('auction_commission', '佣金减免', 200_000)] }, meta, now)
  await issueInvoice(trx, admin, credit.id, meta, now)

  // The winner's deposit receipt (not taxable), paid.
  const receipt = await createDraft(trx, admin, { buyerOrgId: longteng, note: '演示：竞价保证金收据', lines: [line('deposit', '竞价保证金（永磁同步电机转子动平衡在线校正装置）', 5_000_000)] }, meta, now)
  await issueInvoice(trx, admin, receipt.id, meta, now)
  await recordPayment(trx, admin, receipt.id, { paidOn: today, amountFen: 5_000_000, reference: '农行柳州分行 流水 20261201-0032' }, meta, now)

  // A university's listing service fee, issued and awaiting payment.
  const listing = await createDraft(trx, admin, { buyerOrgId: lzut, note: '演示：成果挂牌服务费', lines: [line('listing_service', '成果挂牌公示服务（季度）', 80_000, 3)] }, meta, now)
  await issueInvoice(trx, admin, listing.id, meta, now)

  // Issued to the wrong buyer and voided: it keeps its number.
  const wrong = await createDraft(trx, admin, { buyerOrgId: auto, note: '演示：开错购买方', lines: [line('listing_service', '成果挂牌公示服务（季度）', 80_000)] }, meta, now)
  await issueInvoice(trx, admin, wrong.id, meta, now)
  await voidInvoice(trx, admin, wrong.id, '购买方开错，应为柳州理工大学', meta, now)

  // A training fee still in draft.
  await createDraft(trx, admin, { buyerOrgId: liunan, note: '演示：科技大讲堂培训费', lines: [line('training', '科技成果转化政策培训（人次）', 60_000, 5)] }, meta, now)
  return { invoices: 6 }
}
