import { translate, type Locale } from '../i18n/catalog'
import { openPdf } from '../platform/pdf'
import { shanghaiDateTime } from '../platform/intl'
import { formatFen } from '../platform/money'
import type { ReceiptFacts } from './lifecycle'

// 保证金收据 (ADR 028): the bidder's receipt for a deposit the platform matched
// to a bank transfer — number, lot, bidder, amount, the bank's reference, when
// it was confirmed — set in the CJK font the catalogs use.

const A4 = { width: 595.28, height: 841.89 }
const M = { top: 72, bottom: 64, left: 64, right: 64 }
const W = A4.width - M.left - M.right
const BLUE = '#0b4f8a'
const GRAY = '#6b7788'
const TEXT = '#1b2430'
const RULE = '#cfd6df'

export async function receiptPdf(r: ReceiptFacts, locale: Locale): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const when = (d: Date | string) => shanghaiDateTime(locale, d)
  const { doc, done } = openPdf({ size: 'A4', margins: M, info: { Title: `${t('auction.receipt.title')} ${r.receiptNo}`, Creator: t('app.name') }, lang: locale } as PDFKit.PDFDocumentOptions)

  doc.font('regular').fontSize(10).fillColor(GRAY).text(t('app.name'), M.left, M.top, { width: W })
  doc.moveDown(0.6)
  doc.font('bold').fontSize(20).fillColor(BLUE).text(t('auction.receipt.title'), { width: W, align: 'center' })
  doc.moveDown(0.3)
  doc.font('regular').fontSize(11).fillColor(TEXT).text(t('auction.receipt.no', { no: r.receiptNo }), { width: W, align: 'center' })
  doc.moveDown(1)
  doc.moveTo(M.left, doc.y).lineTo(M.left + W, doc.y).lineWidth(0.6).strokeColor(RULE).stroke()
  doc.moveDown(0.8)

  const line = (label: string, value: string) => {
    const y = doc.y
    doc.font('regular').fontSize(10).fillColor(GRAY).text(label, M.left, y, { width: 120 })
    doc.font('regular').fontSize(11).fillColor(TEXT).text(value, M.left + 120, y, { width: W - 120 })
    doc.moveDown(0.5)
  }
  line(t('auction.receipt.bidder'), r.bidderName)
  if (r.creditCode) line(t('auction.receipt.creditCode'), r.creditCode)
  line(t('auction.receipt.paddle'), String(r.paddleNo))
  line(t('auction.receipt.lot'), r.lotTitle)
  line(t('auction.receipt.seller'), r.sellerName)
  line(t('auction.receipt.amount'), formatFen(r.depositFen, locale))
  line(t('auction.receipt.bankReference'), r.bankReference)
  line(t('auction.receipt.confirmedAt'), when(r.confirmedAt))
  line(t('auction.receipt.schedule'), `${when(r.startsAt)} – ${when(r.endsAt)}`)
  doc.moveDown(0.8)
  doc.font('regular').fontSize(9.5).fillColor(GRAY).text(t('auction.receipt.terms'), M.left, doc.y, { width: W })
  doc.moveDown(1.5)
  doc.font('bold').fontSize(11).fillColor(TEXT).text(t('auction.receipt.issuer'), M.left, doc.y, { width: W, align: 'right' })
  doc.font('regular').fontSize(10).fillColor(GRAY).text(when(r.confirmedAt), { width: W, align: 'right' })
  doc.end()
  return done
}
