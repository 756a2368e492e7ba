import ExcelJS from 'exceljs'
import type { Executor } from '../../db/index'
import { invoiceByVerificationCode, linesOf, type InvoiceRow } from '../../db/repos/invoices'
import { translate, type Locale } from '../i18n/catalog'
import type { Principal } from '../identity/principal'
import { shanghaiDate } from '../platform/intl'
import { openPdf } from '../platform/pdf'
import { groupCode, qrPng, sealOf, verifyPath, type VerifiedDocument } from '../platform/verification'
import type { InvoiceIssuer } from './config'
import { rateText, yuan } from './format'
import { invoiceList, invoiceView } from './invoices'

// What leaves the platform about an invoice: the PDF (CJK font, issuer and
// buyer with their credit codes, number, dates, lines with rate or 免税,
// totals, a VOID stamp, the credited invoice, a QR code to /verify/<code>
// with the platform's seal over the key facts), the public verification
// entry, and the accounting export (XLSX, one row per line: accounting books
// revenue and output VAT per item kind and rate, which a per-invoice row
// cannot tell apart; each row repeats the document's number, dates, buyer and
// status, so a pivot by invoice is one step).

export const INVOICE_SEAL_KIND = 'invoice'

export function invoiceFacts(inv: InvoiceRow): [string, string][] {
  return [
    ['number', inv.number ?? ''],
    ['code', inv.verification_code ?? ''],
    ['kind', inv.kind],
    ['issuer', (inv.issuer as unknown as InvoiceIssuer).creditCode ?? ''],
    ['buyer', inv.buyer_name],
    ['buyerCode', inv.buyer_credit_code],
    ['totalFen', String(inv.total_fen)],
    ['issuedAt', inv.issued_at?.toISOString() ?? ''],
  ]
}

/** /verify/<code> for an issued invoice, receipt or credit note; null for any other code. */
export async function verifyInvoice(db: Executor, code: string): Promise<VerifiedDocument | null> {
  const inv = await invoiceByVerificationCode(db, code)
  if (!inv || !inv.number || !inv.issued_at) return null
  const issuer = inv.issuer as unknown as InvoiceIssuer
  return {
    kindKey: `invoice.kind.${inv.kind}`,
    number: inv.number,
    issuedAt: inv.issued_at.toISOString(),
    facts: [
      { labelKey: 'invoice.field.issuer', value: `${issuer.name} (${issuer.creditCode})` },
      { labelKey: 'invoice.field.buyer', value: `${inv.buyer_name} (${inv.buyer_credit_code})` },
      { labelKey: 'invoice.field.total', value: String(inv.total_fen), money: true },
      { labelKey: 'invoice.field.status', value: translate('zh-CN', `invoice.status.${inv.status}`) },
    ],
    seal: await sealOf(db, INVOICE_SEAL_KIND, invoiceFacts(inv)),
    link: null,
    noteKey: inv.status === 'void' ? 'invoice.verify.void' : null,
  }
}

const A4 = { width: 595.28, height: 841.89 }
const M = { top: 56, bottom: 56, left: 48, right: 48 }
const W = A4.width - M.left - M.right
const BLUE = '#0b4f8a'
const GRAY = '#6b7788'
const TEXT = '#1b2430'
const RULE = '#cfd6df'

/** The document as PDF for whoever may read it (404 otherwise); a draft prints with a DRAFT mark and no number. */
export async function invoicePdf(db: Executor, viewer: Principal | null, id: string, opts: { origin?: string; locale: Locale }): Promise<{ pdf: Buffer; filename: string }> {
  const v = await invoiceView(db, viewer, id)
  const inv = v.invoice
  const locale = opts.locale
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const issuer = inv.issuer as unknown as InvoiceIssuer
  const title = t(`invoice.kind.${inv.kind}`)
  const { doc, done } = openPdf({ size: 'A4', margins: M, info: { Title: `${title} ${inv.number ?? ''}`, Creator: t('app.name') }, lang: locale } as PDFKit.PDFDocumentOptions)

  doc.font('regular').fontSize(9).fillColor(GRAY).text(t('app.name'), M.left, M.top, { width: W })
  doc.font('bold').fontSize(20).fillColor(BLUE).text(title, { width: W, align: 'center' })
  doc.font('regular').fontSize(11).fillColor(TEXT).text(inv.number ? t('invoice.pdf.number', { number: inv.number }) : t('invoice.pdf.draft'), { width: W, align: 'center' })
  doc.moveDown(0.8)

  const party = (label: string, name: string, code: string, extra: string[], x: number, y: number) => {
    doc.font('bold').fontSize(10).fillColor(GRAY).text(label, x, y, { width: W / 2 - 8 })
    doc.font('bold').fontSize(11).fillColor(TEXT).text(name, x, doc.y + 2, { width: W / 2 - 8 })
    doc.font('regular').fontSize(9.5).text(t('invoice.pdf.creditCode', { code }), x, doc.y + 2, { width: W / 2 - 8 })
    for (const e of extra) doc.text(e, x, doc.y + 1, { width: W / 2 - 8 })
    return doc.y
  }
  const top = doc.y
  const y1 = party(t('invoice.field.issuer'), issuer.name, issuer.creditCode, [issuer.address, t('invoice.pdf.bank', { bank: issuer.bankName, account: issuer.bankAccount })], M.left, top)
  const y2 = party(t('invoice.field.buyer'), inv.buyer_name, inv.buyer_credit_code, inv.buyer_address ? [inv.buyer_address] : [], M.left + W / 2 + 8, top)
  doc.y = Math.max(y1, y2) + 8

  const facts: string[] = []
  if (inv.issued_at) facts.push(t('invoice.pdf.issuedOn', { date: shanghaiDate(inv.issued_at) }))
  if (inv.due_on) facts.push(t('invoice.pdf.dueOn', { date: shanghaiDate(new Date(inv.due_on)) }))
  if (v.original) facts.push(t('invoice.pdf.credits', { number: v.original.number ?? '' }))
  doc.font('regular').fontSize(10).fillColor(TEXT).text(facts.join('    '), M.left, doc.y, { width: W })
  doc.moveDown(0.6)

  // Lines: description, quantity, unit price, net, rate (or 免税), tax.
  const cols = [
    { key: 'description', w: 190, align: 'left' as const },
    { key: 'quantity', w: 45, align: 'right' as const },
    { key: 'unitPrice', w: 75, align: 'right' as const },
    { key: 'net', w: 75, align: 'right' as const },
    { key: 'rate', w: 50, align: 'right' as const },
    { key: 'tax', w: W - 435, align: 'right' as const },
  ]
  const row = (cells: string[], bold = false) => {
    const y = doc.y
    let x = M.left
    let bottom = y
    cells.forEach((c, i) => {
      doc.font(bold ? 'bold' : 'regular').fontSize(9.5).fillColor(TEXT).text(c, x, y, { width: cols[i]!.w - 4, align: cols[i]!.align })
      bottom = Math.max(bottom, doc.y)
      x += cols[i]!.w
    })
    doc.y = bottom + 3
    doc.moveTo(M.left, doc.y).lineTo(M.left + W, doc.y).lineWidth(0.5).strokeColor(RULE).stroke()
    doc.y += 3
  }
  row(cols.map((c) => t(`invoice.line.${c.key}`)), true)
  for (const l of v.lines) {
    row([`${l.description}\n${t(`invoice.item.${l.item_kind}`)}`, String(l.quantity), yuan(l.unit_price_fen), yuan(l.net_fen), rateText(locale, l), l.exempt ? t('invoice.rate.exempt') : yuan(l.tax_fen)])
  }
  doc.moveDown(0.4)
  const total = (label: string, value: string) => {
    doc.font('regular').fontSize(10).fillColor(TEXT).text(`${label}  ${value}`, M.left, doc.y, { width: W, align: 'right' })
  }
  total(t('invoice.field.net'), yuan(inv.net_fen))
  total(t('invoice.field.tax'), yuan(inv.tax_fen))
  doc.font('bold')
  total(t('invoice.field.total'), yuan(inv.total_fen))
  if (inv.note) {
    doc.moveDown(0.5)
    doc.font('regular').fontSize(9.5).fillColor(GRAY).text(t('invoice.pdf.note', { note: inv.note }), M.left, doc.y, { width: W })
  }

  if (inv.status === 'void') {
    doc.save()
    doc.rotate(-20, { origin: [A4.width / 2, A4.height / 2] })
    doc.font('bold').fontSize(56).fillColor('#b42318').opacity(0.35).text(t('invoice.pdf.voidStamp'), 0, A4.height / 2 - 40, { width: A4.width, align: 'center' })
    doc.restore()
    doc.opacity(1)
    doc.font('regular').fontSize(10).fillColor('#b42318').text(t('invoice.pdf.voidReason', { reason: inv.void_reason ?? '' }), M.left, doc.y + 8, { width: W })
  } else if (inv.status === 'paid') {
    doc.font('bold').fontSize(12).fillColor('#16794c').text(t('invoice.pdf.paidStamp'), M.left, doc.y + 8, { width: W, align: 'right' })
  }

  if (inv.verification_code && inv.number) {
    const url = `${(opts.origin ?? '').replace(/\/$/, '')}${verifyPath(inv.verification_code)}`
    const qr = await qrPng(url)
    const seal = await sealOf(db, INVOICE_SEAL_KIND, invoiceFacts(inv))
    const y = Math.min(doc.y + 16, A4.height - M.bottom - 110)
    doc.image(qr, M.left, y, { width: 96 })
    const x = M.left + 110
    doc.font('bold').fontSize(10).fillColor(BLUE).text(t('invoice.pdf.verifyTitle'), x, y, { width: W - 110 })
    doc.font('regular').fontSize(9.5).fillColor(TEXT).text(t('invoice.pdf.seal', { seal }), x, doc.y + 3, { width: W - 110 })
    doc.text(t('invoice.pdf.code', { code: groupCode(inv.verification_code) }), x, doc.y + 3, { width: W - 110 })
    doc.fillColor(GRAY).text(url, x, doc.y + 3, { width: W - 110 })
  }
  doc.end()
  return { pdf: await done, filename: `${inv.number ?? 'draft'}-${title}.pdf` }
}

const SHEET_COLUMNS = [
  ['number', 16],
  ['kind', 10],
  ['status', 8],
  ['issuedOn', 12],
  ['dueOn', 12],
  ['buyer', 30],
  ['buyerCode', 22],
  ['credits', 16],
  ['position', 6],
  ['itemKind', 14],
  ['description', 30],
  ['quantity', 8],
  ['unitPrice', 12],
  ['net', 12],
  ['rate', 8],
  ['tax', 12],
  ['lineTotal', 12],
] as const

/** The documents the viewer may list (same filters as the page), one row per line, amounts in 元 as numbers. */
export async function invoicesXlsx(db: Executor, viewer: Principal, f: Parameters<typeof invoiceList>[2], locale: Locale): Promise<Buffer> {
  const { rows } = await invoiceList(db, viewer, f)
  const lines = await linesOf(
    db,
    rows.map((r) => r.id),
  )
  const numbers = new Map(rows.map((r) => [r.id, r.number]))
  const byInvoice = new Map<string, typeof lines>()
  for (const l of lines) byInvoice.set(l.invoice_id, [...(byInvoice.get(l.invoice_id) ?? []), l])
  const wb = new ExcelJS.Workbook()
  wb.creator = translate(locale, 'app.name')
  const ws = wb.addWorksheet(translate(locale, 'invoice.sheet.name'))
  ws.columns = SHEET_COLUMNS.map(([key, width]) => ({ header: translate(locale, `invoice.sheet.${key}`), key, width }))
  ws.getRow(1).font = { bold: true }
  const money = (fen: number) => fen / 100
  for (const inv of rows) {
    for (const l of byInvoice.get(inv.id) ?? []) {
      ws.addRow({
        number: inv.number ?? translate(locale, 'invoice.status.draft'),
        kind: translate(locale, `invoice.kind.${inv.kind}`),
        status: translate(locale, `invoice.status.${inv.status}`),
        issuedOn: inv.issued_at ? shanghaiDate(inv.issued_at) : '',
        dueOn: inv.due_on ? shanghaiDate(new Date(inv.due_on)) : '',
        buyer: inv.buyer_name,
        buyerCode: inv.buyer_credit_code,
        credits: inv.credited_invoice_id ? (numbers.get(inv.credited_invoice_id) ?? '') : '',
        position: l.position,
        itemKind: translate(locale, `invoice.item.${l.item_kind}`),
        description: l.description,
        quantity: l.quantity,
        unitPrice: money(l.unit_price_fen),
        net: money(l.net_fen),
        rate: rateText(locale, l),
        tax: money(l.tax_fen),
        lineTotal: money(l.net_fen + l.tax_fen),
      })
    }
  }
  for (const key of ['unitPrice', 'net', 'tax', 'lineTotal']) ws.getColumn(key).numFmt = '#,##0.00'
  ws.views = [{ state: 'frozen', ySplit: 1 }]
  return Buffer.from(await wb.xlsx.writeBuffer())
}

