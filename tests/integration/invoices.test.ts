import ExcelJS from 'exceljs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createDatabase } from '../../db/index'
import { findInvoice, invoiceLines } from '../../db/repos/invoices'
import { invoiceConfigOn } from '../../server/invoices/config'
import { invoicePdf, invoicesXlsx, verifyInvoice } from '../../server/invoices/documents'
import type { LineInput } from '../../server/invoices/form'
import { computeLines, createCreditNote, createDraft, invoiceList, invoiceView, issueInvoice, recordPayment, totalsOf, updateDraft, voidInvoice } from '../../server/invoices/invoices'
import { applyPpm } from '../../server/platform/money'
import { findVerifiedDocument } from '../../server/platform/verification'
import { rejection } from '../helpers/errors'
import { createMember, createUser, principalFor, testMeta } from '../helpers/factories'
import { pdfText } from '../helpers/pdf-text'
import { testDb, testDbUrl } from '../helpers/worker-setup'

// Invoices (issue 11): numbers without gaps per series and year, totals in fen
// with the one rounding rule, the draft → issued → paid / void life, credit
// notes that never credit more than remains, and who may see what.

async function admin() {
  const db = testDb()
  const u = await createUser(db, { platformAdmin: true })
  return principalFor(db, u.id)
}

const commission = (unitPriceFen = 1_234_567, quantity = 1): LineInput => ({ itemKind: 'auction_commission', description: '拍卖佣金 柳州螺蛳粉保鲜技术', quantity, unitPriceFen })
const transfer = (unitPriceFen = 5_000_000): LineInput => ({ itemKind: 'technology_transfer', description: '技术转让服务', quantity: 1, unitPriceFen })

describe('invoice numbers', () => {
  it('are gapless and unique per series and year under 100 concurrent issues, and a rolled-back issue gives its number back', async () => {
    const db = testDb()
    const boss = await admin()
    const buyer = await createMember(db, { type: 'enterprise' })
    const ids: string[] = []
    for (let i = 0; i < 100; i++) ids.push((await createDraft(db, boss, { buyerOrgId: buyer.org.id, note: '', lines: [commission(100 + i)] }, testMeta)).id)
    const wide = createDatabase(testDbUrl(), { max: 30 })
    const at = new Date('2026-12-04T06:00:00Z')
    try {
      await Promise.all(ids.map((id) => issueInvoice(wide, boss, id, testMeta, at)))
    } finally {
      await wide.destroy()
    }
    const rows = await db.selectFrom('invoices').select(['number', 'seq']).where('id', 'in', ids).execute()
    expect(rows.map((r) => r.seq).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(new Set(rows.map((r) => r.number)).size).toBe(100)
    expect(rows.map((r) => r.number)).toContain('FW2026000100')

    // A transaction that takes a number and rolls back leaves no gap.
    const stolen = (await createDraft(db, boss, { buyerOrgId: buyer.org.id, note: '', lines: [commission()] }, testMeta)).id
    await expect(
      db.transaction().execute(async (trx) => {
        const { takeInvoiceSeq } = await import('../../db/repos/invoices')
        expect(await takeInvoiceSeq(trx, 'FW', 2026)).toBe(101)
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect((await issueInvoice(db, boss, stolen, testMeta, at)).number).toBe('FW2026000101')
    // A receipt is numbered in its own series.
    const receipt = await createDraft(db, boss, { buyerOrgId: buyer.org.id, note: '', lines: [{ itemKind: 'deposit', description: '竞价保证金', quantity: 1, unitPriceFen: 500_000_00 }] }, testMeta)
    expect((await issueInvoice(db, boss, receipt.id, testMeta, at)).number).toBe('BZ2026000001')
    expect((await findInvoice(db, receipt.id))?.kind).toBe('receipt')
  })
})

describe('totals', () => {
  const lineArb = fc.record({
    itemKind: fc.constantFrom('auction_commission', 'listing_service', 'training', 'technology_transfer', 'technology_development'),
    description: fc.constant('服务'),
    quantity: fc.integer({ min: 1, max: 1000 }),
    unitPriceFen: fc.integer({ min: 0, max: 1_000_000_000 }),
  })
  it('are the sums of the lines; each line taxes its net with the one half-up rule, exempt lines not at all', () => {
    const cfg = invoiceConfigOn(new Date('2026-12-04T00:00:00Z'))
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 12 }), (lines) => {
        const out = computeLines(cfg, lines)
        const totals = totalsOf(out)
        expect(totals.net_fen).toBe(out.reduce((s, l) => s + l.net_fen, 0))
        expect(totals.tax_fen).toBe(out.reduce((s, l) => s + l.tax_fen, 0))
        expect(totals.total_fen).toBe(totals.net_fen + totals.tax_fen)
        out.forEach((l, i) => {
          expect(l.net_fen).toBe(lines[i]!.quantity * lines[i]!.unitPriceFen)
          if (l.exempt) expect([l.tax_rate_ppm, l.tax_fen]).toEqual([0, 0])
          else expect(l.tax_fen).toBe(applyPpm(l.net_fen, 60_000))
          // Half up to the fen, exact: 2·tax is within one fen of 2·net·6%.
          expect(Math.abs(Number(BigInt(l.tax_fen) * 1_000_000n - BigInt(l.net_fen) * BigInt(l.tax_rate_ppm)))).toBeLessThanOrEqual(500_000)
        })
      }),
    )
  })
  it('are stored as computed: 6% of ¥12,345.67 is ¥740.74 (740.7402 rounds down), of ¥0.25 is 2 fen (1.5 rounds up)', async () => {
    const db = testDb()
    const boss = await admin()
    const buyer = await createMember(db, { type: 'enterprise' })
    const { id } = await createDraft(db, boss, { buyerOrgId: buyer.org.id, note: '', lines: [commission(1_234_567), commission(25), transfer()] }, testMeta)
    const inv = await findInvoice(db, id)
    expect([inv?.net_fen, inv?.tax_fen, inv?.total_fen]).toEqual([1_234_567 + 25 + 5_000_000, 74_074 + 2, 1_234_567 + 25 + 5_000_000 + 74_076])
  })
})

describe('credit notes', () => {
  it('never credit more than the original in all, whatever amounts are tried (fast-check)', async () => {
    const db = testDb()
    const boss = await admin()
    const buyer = await createMember(db, { type: 'enterprise' })
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5_000_000 }), fc.array(fc.integer({ min: 0, max: 3_000_000 }), { minLength: 1, maxLength: 5 }), async (price, tries) => {
        const { id } = await createDraft(db, boss, { buyerOrgId: buyer.org.id, note: '', lines: [commission(price)] }, testMeta)
        await issueInvoice(db, boss, id, testMeta)
        const original = (await findInvoice(db, id))!
        let credited = 0
        for (const amount of tries) {
          const lines = [commission(amount)]
          const total = totalsOf(computeLines(invoiceConfigOn(), lines)).total_fen
          const attempt = createCreditNote(db, boss, id, { note: '冲销', lines }, testMeta).then((c) => issueInvoice(db, boss, c.id, testMeta))
          if (credited + total <= original.total_fen) {
            await attempt
            credited += total
          } else expect((await rejection(attempt)).fieldErrors.lines?.[0]).toBe(`invoice.errors.creditExceeds|room=${original.total_fen - credited}`)
        }
        expect((await invoiceView(db, boss, id)).creditedFen).toBe(credited)
        expect(credited).toBeLessThanOrEqual(original.total_fen)
      }),
      { numRuns: 15 },
    )
  })
})

describe('an invoice', () => {
  it('goes draft → issued → paid; a paid one cannot be voided and is corrected by a credit note that never exceeds what remains', async () => {
    const db = testDb()
    const boss = await admin()
    const buyer = await createMember(db, { type: 'enterprise' })
    const { id } = await createDraft(db, boss, { buyerOrgId: buyer.org.id, note: '', lines: [commission(1_000_000)] }, testMeta)
    await updateDraft(db, boss, id, { buyerOrgId: buyer.org.id, note: '改价', lines: [commission(2_000_000)] }, testMeta)
    expect((await findInvoice(db, id))?.total_fen).toBe(2_120_000)
    const { number } = await issueInvoice(db, boss, id, testMeta)
    expect((await rejection(updateDraft(db, boss, id, { buyerOrgId: buyer.org.id, note: '', lines: [commission(1)] }, testMeta))).messageKey).toBe('invoice.errors.notDraft')
    // The database refuses what the service would not do.
    await expect(db.updateTable('invoice_lines').set({ unit_price_fen: 1 }).where('invoice_id', '=', id).execute()).rejects.toThrow(/frozen/)
    await expect(db.updateTable('invoices').set({ total_fen: 1, net_fen: 1, tax_fen: 0 }).where('id', '=', id).execute()).rejects.toThrow(/frozen/)

    expect((await rejection(recordPayment(db, boss, id, { paidOn: '2026-12-04', amountFen: 3_000_000, reference: 'X' }, testMeta))).fieldErrors.amount?.[0]).toMatch(/^invoice.errors.overpaid/)
    expect((await recordPayment(db, boss, id, { paidOn: '2026-12-04', amountFen: 1_000_000, reference: '工行 0001' }, testMeta)).status).toBe('issued')
    expect((await rejection(voidInvoice(db, boss, id, '错开', testMeta))).messageKey).toBe('invoice.errors.paidNeedsCredit')
    expect((await recordPayment(db, boss, id, { paidOn: '2026-12-05', amountFen: 1_120_000, reference: '工行 0002' }, testMeta)).status).toBe('paid')
    expect((await rejection(voidInvoice(db, boss, id, '错开', testMeta))).messageKey).toBe('invoice.errors.paidNeedsCredit')
    await expect(db.updateTable('invoices').set({ status: 'void', void_reason: 'x', voided_at: new Date() }).where('id', '=', id).execute()).rejects.toThrow(/frozen/)

    const tooMuch = await rejection(createCreditNote(db, boss, id, { note: '退款', lines: [commission(2_000_001)] }, testMeta))
    expect(tooMuch.fieldErrors.lines?.[0]).toBe('invoice.errors.creditExceeds|room=2120000')
    const credit = await createCreditNote(db, boss, id, { note: '部分退款', lines: [commission(1_000_000)] }, testMeta)
    const second = await createCreditNote(db, boss, id, { note: '再退', lines: [commission(1_000_001)] }, testMeta)
    expect((await issueInvoice(db, boss, credit.id, testMeta)).number).toMatch(/^HC\d{10}$/)
    // The second (1,060,001 with tax) fitted when drafted, but not once the first is issued: 1,060,000 remains.
    expect((await rejection(issueInvoice(db, boss, second.id, testMeta))).fieldErrors.lines?.[0]).toBe('invoice.errors.creditExceeds|room=1060000')
    const view = await invoiceView(db, boss, credit.id)
    expect(view.original).toEqual({ id, number })
    expect((await invoiceView(db, boss, id)).creditedFen).toBe(1_060_000)
  })

  it('voided keeps its number; only an issued unpaid one can be voided', async () => {
    const db = testDb()
    const boss = await admin()
    const buyer = await createMember(db, { type: 'university' })
    const { id } = await createDraft(db, boss, { buyerOrgId: buyer.org.id, note: '', lines: [{ itemKind: 'listing_service', description: '挂牌服务费', quantity: 2, unitPriceFen: 300_00 }] }, testMeta)
    expect((await rejection(voidInvoice(db, boss, id, '草稿', testMeta))).messageKey).toBe('invoice.errors.notVoidable')
    const { number } = await issueInvoice(db, boss, id, testMeta)
    await voidInvoice(db, boss, id, '买方名称有误', testMeta)
    const inv = await findInvoice(db, id)
    expect([inv?.status, inv?.number, inv?.void_reason]).toEqual(['void', number, '买方名称有误'])
    await expect(db.updateTable('invoices').set({ number: null }).where('id', '=', id).execute()).rejects.toThrow()
    await expect(db.updateTable('invoices').set({ status: 'issued', void_reason: null, voided_at: null }).where('id', '=', id).execute()).rejects.toThrow(/frozen/)
    expect((await rejection(createCreditNote(db, boss, id, { note: 'x', lines: [commission(1)] }, testMeta))).messageKey).toBe('invoice.errors.notCreditable')
    expect((await rejection(recordPayment(db, boss, id, { paidOn: '2026-12-04', amountFen: 1, reference: 'x' }, testMeta))).messageKey).toBe('invoice.errors.notPayable')
  })
})

describe('who sees invoices', () => {
  it('the buyer organisation reads its own issued ones; others get 404; a reader who is not a platform admin cannot change them (403)', async () => {
    const db = testDb()
    const boss = await admin()
    const buyer = await createMember(db, { type: 'enterprise' })
    const other = await createMember(db, { type: 'enterprise' })
    const { id } = await createDraft(db, boss, { buyerOrgId: buyer.org.id, note: '', lines: [commission()] }, testMeta)
    expect((await rejection(invoiceView(db, buyer.principal, id))).kind).toBe('not_found') // a draft is the platform's
    await issueInvoice(db, boss, id, testMeta)
    expect((await invoiceView(db, buyer.principal, id)).invoice.id).toBe(id)
    expect((await rejection(invoiceView(db, other.principal, id))).kind).toBe('not_found')
    expect((await rejection(voidInvoice(db, other.principal, id, 'x', testMeta))).kind).toBe('not_found')
    expect((await rejection(voidInvoice(db, buyer.principal, id, 'x', testMeta))).kind).toBe('forbidden')
    expect((await rejection(createDraft(db, buyer.principal, { buyerOrgId: buyer.org.id, note: '', lines: [commission()] }, testMeta))).kind).toBe('forbidden')
    expect((await invoiceList(db, other.principal, {})).rows.map((r) => r.id)).not.toContain(id)
    expect((await invoiceList(db, buyer.principal, {})).rows.map((r) => r.id)).toEqual([id])
  })
})

describe('documents', () => {
  it('the PDF shows issuer and buyer with credit codes, the number, 免税 lines, totals and VOID; the QR code verifies; the XLSX has a row per line', async () => {
    const db = testDb()
    const boss = await admin()
    const buyer = await createMember(db, { type: 'enterprise' })
    const { id } = await createDraft(db, boss, { buyerOrgId: buyer.org.id, note: '', lines: [commission(1_234_567), transfer(5_000_000)] }, testMeta)
    const { number } = await issueInvoice(db, boss, id, testMeta)
    const inv = (await findInvoice(db, id))!
    const issuer = invoiceConfigOn().issuer
    const text = pdfText((await invoicePdf(db, boss, id, { locale: 'zh-CN', origin: 'https://techmarket.example' })).pdf).replace(/[ \t]+/g, ' ')
    for (const s of [number, '服务费发票', issuer.name, issuer.creditCode, buyer.org.name, inv.buyer_credit_code, '免税', '6%', '¥12,345.67', '¥740.74', '¥63,086.41', '技术转让', '/verify/'])
      expect(text).toContain(s)

    expect((await findVerifiedDocument(db, inv.verification_code!, [verifyInvoice]))?.number).toBe(number)
    expect(await findVerifiedDocument(db, '0000-0000-0000-0000', [verifyInvoice])).toBeNull()

    await voidInvoice(db, boss, id, '开票信息有误', testMeta)
    const voided = pdfText((await invoicePdf(db, buyer.principal, id, { locale: 'zh-CN' })).pdf)
    expect(voided).toContain('作废')
    expect(voided).toContain('开票信息有误')
    expect(voided).toContain(number)

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load((await invoicesXlsx(db, boss, {}, 'zh-CN')) as never)
    const ws = wb.worksheets[0]!
    const rows = ws.getSheetValues().slice(2) as unknown[][]
    const ours = rows.filter((r) => r?.[1] === number)
    expect(ours).toHaveLength(2)
    expect(ours.map((r) => r[15])).toEqual(['6%', '免税'])
    expect(ours.map((r) => r[14])).toEqual([12_345.67, 50_000])
    expect(ours[0]![7]).toBe(inv.buyer_credit_code)
    expect((await invoiceLines(db, id)).length).toBe(2)
  })
})
