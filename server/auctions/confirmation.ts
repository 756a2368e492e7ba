import type { Executor } from '../../db/index'
import { auctionByVerificationCode, findRegistration } from '../../db/repos/auction-results'
import { auctionItems, findAuction } from '../../db/repos/auctions'
import { isLocale, translate, type Locale } from '../i18n/catalog'
import { membershipRole } from '../identity/permissions'
import type { Principal } from '../identity/principal'
import { openPdf } from '../platform/pdf'
import { notFound } from '../platform/errors'
import { shanghaiDateTime } from '../platform/intl'
import { formatFen } from '../platform/money'
import { groupCode, qrPng, sealOf, verifyPath, type VerifiedDocument } from '../platform/verification'

// 成交确认书 (ADR 029): the platform's record of a sold lot — number, lot,
// seller, buyer, hammer price, close, deadlines — sealed with the platform's
// HMAC over those facts and carrying the verification code and a QR code of
// /verify/<code>, where anyone can check it. The PDF is for the two parties
// and platform admins; the verification page is public.

export const CONFIRMATION_KIND = 'auction-confirmation'

interface ConfirmationRow {
  id: string
  title: string
  confirmation_no: string | null
  verification_code: string | null
  hammer_price_fen: number | null
  closed_at: Date | null
  seller_name: string
  buyer_name: string
  winner_paddle: number
}

/** The sealed facts, in a fixed order: the PDF prints their seal, the verification page recomputes it. */
export function confirmationFacts(r: ConfirmationRow): [string, string][] {
  return [
    ['number', r.confirmation_no ?? ''],
    ['code', r.verification_code ?? ''],
    ['lot', r.id],
    ['title', r.title],
    ['seller', r.seller_name],
    ['buyer', r.buyer_name],
    ['paddle', String(r.winner_paddle)],
    ['priceFen', String(r.hammer_price_fen ?? '')],
    ['closedAt', r.closed_at?.toISOString() ?? ''],
  ]
}

const when = (locale: Locale, d: Date) => shanghaiDateTime(locale, d)

/** /verify/<code> for a 成交确认书: the lot, price, date and parties; null for a code that is not one. */
export async function verifyAuctionConfirmation(db: Executor, code: string): Promise<VerifiedDocument | null> {
  const row = await auctionByVerificationCode(db, code)
  if (!row || !row.confirmation_no || row.hammer_price_fen === null || !row.closed_at) return null
  return {
    kindKey: 'verify.kind.auctionConfirmation',
    number: row.confirmation_no,
    issuedAt: row.closed_at.toISOString(),
    facts: [
      { labelKey: 'verify.fact.lot', value: row.title },
      { labelKey: 'verify.fact.price', value: String(row.hammer_price_fen), money: true },
      { labelKey: 'verify.fact.closedAt', value: row.closed_at.toISOString() },
      { labelKey: 'verify.fact.seller', value: row.seller_name },
      { labelKey: 'verify.fact.buyer', value: row.buyer_name },
      { labelKey: 'verify.fact.paddle', value: String(row.winner_paddle) },
    ],
    seal: await sealOf(db, CONFIRMATION_KIND, confirmationFacts(row)),
    link: `/auctions/${row.id}`,
    noteKey: row.status === 'defaulted' ? 'verify.note.defaulted' : row.paid_at ? 'verify.note.paid' : row.signed_at ? 'verify.note.signed' : 'verify.note.awaitingSignature',
  }
}

/** Whether the viewer may download the lot's confirmation: the seller's members, the winning organisation's members, platform admins. */
export function mayReadConfirmation(viewer: Principal | null, lot: { org_id: string }, buyerOrgId: string | null) {
  if (!viewer) return false
  return viewer.isPlatformAdmin || membershipRole(viewer, lot.org_id) !== null || (!!buyerOrgId && membershipRole(viewer, buyerOrgId) !== null)
}

export async function confirmationPdf(db: Executor, viewer: Principal | null, id: string, opts: { origin?: string; locale?: Locale } = {}): Promise<Buffer> {
  const lot = await findAuction(db, id)
  if (!lot || !lot.verification_code || !lot.winner_registration_id) throw notFound()
  const reg = await findRegistration(db, lot.winner_registration_id)
  if (!reg || !mayReadConfirmation(viewer, lot, reg.org_id)) throw notFound()
  const row = await auctionByVerificationCode(db, lot.verification_code)
  if (!row) throw notFound()
  const locale: Locale = opts.locale ?? (viewer && isLocale(viewer.locale) ? viewer.locale : 'zh-CN')
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const items = await auctionItems(db, id)
  const seal = await sealOf(db, CONFIRMATION_KIND, confirmationFacts(row))
  const url = `${(opts.origin ?? '').replace(/\/$/, '')}${verifyPath(lot.verification_code)}`
  const qr = await qrPng(url || verifyPath(lot.verification_code))

  const A4 = { width: 595.28, height: 841.89 }
  const M = { top: 64, bottom: 64, left: 56, right: 56 }
  const W = A4.width - M.left - M.right
  const { doc, done } = openPdf({ size: 'A4', margins: M, info: { Title: `${t('auction.confirmation.title')} ${lot.confirmation_no}`, Creator: t('app.name') }, lang: locale } as PDFKit.PDFDocumentOptions)
  const line = (label: string, value: string) => {
    const y = doc.y
    doc.font('regular').fontSize(10).fillColor('#6b7788').text(label, M.left, y, { width: 110 })
    doc.font('regular').fontSize(11).fillColor('#1b2430').text(value, M.left + 110, y, { width: W - 110 })
    doc.moveDown(0.35)
  }

  doc.font('regular').fontSize(10).fillColor('#6b7788').text(t('app.name'), M.left, M.top, { width: W })
  doc.font('bold').fontSize(22).fillColor('#1b2430').text(t('auction.confirmation.title'), { width: W, align: 'center' })
  doc.font('regular').fontSize(11).fillColor('#1b2430').text(t('auction.confirmation.number', { number: lot.confirmation_no ?? '' }), { width: W, align: 'center' })
  doc.moveDown(1)
  line(t('verify.fact.lot'), lot.title)
  for (const i of items) line(t('auction.confirmation.item'), i.title)
  line(t('verify.fact.seller'), row.seller_name)
  line(t('verify.fact.buyer'), row.buyer_name)
  line(t('verify.fact.paddle'), String(row.winner_paddle))
  line(t('auction.confirmation.format'), t(`auction.result.format.${lot.format}`))
  line(t('verify.fact.price'), formatFen(Number(lot.hammer_price_fen), locale))
  line(t('verify.fact.closedAt'), when(locale, lot.closed_at!))
  line(t('auction.confirmation.depositApplied'), formatFen(Number(reg.deposit_fen), locale))
  if (lot.sign_deadline) line(t('auction.result.signDeadline'), when(locale, lot.sign_deadline))
  if (lot.payment_deadline) line(t('auction.result.paymentDeadline'), when(locale, lot.payment_deadline))
  line(t('auction.confirmation.signature'), lot.signed_at ? t('auction.confirmation.signedAt', { at: when(locale, lot.signed_at) }) : t('auction.confirmation.unsigned'))
  doc.moveDown(0.8)
  doc.font('regular').fontSize(10.5).fillColor('#1b2430').text(t('auction.confirmation.statement', { price: formatFen(Number(lot.hammer_price_fen), locale) }), M.left, doc.y, { width: W })
  doc.moveDown(1.2)

  const top = Math.min(doc.y, A4.height - M.bottom - 150)
  doc.image(qr, M.left, top, { width: 120 })
  const x = M.left + 136
  doc.font('bold').fontSize(11).fillColor('#0b4f8a').text(t('auction.confirmation.sealTitle'), x, top, { width: W - 136 })
  doc.font('regular').fontSize(10).fillColor('#1b2430').text(t('auction.confirmation.seal', { seal }), x, doc.y + 4, { width: W - 136 })
  doc.text(t('auction.confirmation.code', { code: groupCode(lot.verification_code) }), x, doc.y + 4, { width: W - 136 })
  doc.fillColor('#6b7788').text(t('auction.confirmation.verifyAt', { url: url || verifyPath(lot.verification_code) }), x, doc.y + 4, { width: W - 136 })
  doc.end()
  return done
}
