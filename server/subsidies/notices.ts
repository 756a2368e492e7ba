import type { Database, Executor } from '../../db/index'
import { claimByCode, findClaim, paymentByCode, paymentOf } from '../../db/repos/subsidies'
import { isLocale, translate, type Locale } from '../i18n/catalog'
import type { Principal } from '../identity/principal'
import { notFound } from '../platform/errors'
import { shanghaiDateTime } from '../platform/intl'
import { formatFen } from '../platform/money'
import { formatPpm } from '../platform/policy'
import { openPdf } from '../platform/pdf'
import { groupCode, qrPng, sealOf, verifyPath, type VerifiedDocument } from '../platform/verification'
import { claimDetail } from './desk'

// The two notices (ADR 036): 补助核定通知 for each claim and 拨付通知 for each
// payment, set in the CJK font, with the beneficiary and its credit code, the
// registration number, base, rate and amount, and a verification code (QR)
// whose public page recomputes the seal over the same facts (ADR 029). Who may
// download one is who may read the claim (desk.ts claimDetail).

type Claim = NonNullable<Awaited<ReturnType<typeof findClaim>>>
type Payment = NonNullable<Awaited<ReturnType<typeof paymentOf>>>
const CLAIM_KIND = 'subsidy-claim'
const PAYMENT_KIND = 'subsidy-payment'

const claimFacts = (c: Claim): [string, string][] => [
  ['number', c.number],
  ['beneficiary', c.beneficiary_name],
  ['creditCode', c.beneficiary_credit_code],
  ['kind', c.kind],
  ['registration', c.registration_number ?? ''],
  ['base', String(c.base_fen)],
  ['rate', String(c.rate_ppm)],
  ['amount', String(c.amount_fen)],
]
const paymentFacts = (c: Claim, p: Payment): [string, string][] => [
  ['number', p.number],
  ['claim', c.number],
  ['beneficiary', c.beneficiary_name],
  ['creditCode', c.beneficiary_credit_code],
  ['amount', String(p.amount_fen)],
  ['paidOn', p.paid_on],
  ['bankReference', p.bank_reference],
]

const A4 = { width: 595.28, height: 841.89 }
const M = { top: 64, bottom: 64, left: 56, right: 56 }
const W = A4.width - M.left - M.right

async function notice(
  o: { locale: Locale; origin: string; title: string; number: string; code: string; seal: string; lines: [string, string][]; text: string; issuedAt: Date },
) {
  const t = (key: string, params?: Record<string, string | number>) => translate(o.locale, key, params)
  const url = `${o.origin.replace(/\/$/, '')}${verifyPath(o.code)}`
  const qr = await qrPng(url)
  const { doc, done } = openPdf({ size: 'A4', margins: M, info: { Title: `${o.title} ${o.number}`, Creator: t('app.name') }, lang: o.locale } as PDFKit.PDFDocumentOptions)
  doc.font('regular').fontSize(10).fillColor('#6b7788').text(t('app.name'), M.left, M.top, { width: W })
  doc.moveDown(0.5)
  doc.font('bold').fontSize(20).fillColor('#0b4f8a').text(o.title, { width: W, align: 'center' })
  doc.font('regular').fontSize(11).fillColor('#1b2430').text(t('subsidy.pdf.no', { no: o.number }), { width: W, align: 'center' })
  doc.moveDown(1)
  for (const [label, value] of o.lines) {
    const y = doc.y
    doc.font('regular').fontSize(10).fillColor('#6b7788').text(label, M.left, y, { width: 130 })
    doc.font('regular').fontSize(11).fillColor('#1b2430').text(value, M.left + 130, y, { width: W - 130 })
    doc.moveDown(0.35)
  }
  doc.moveDown(0.8)
  doc.font('regular').fontSize(10.5).fillColor('#1b2430').text(o.text, M.left, doc.y, { width: W })
  doc.moveDown(1)
  doc.font('bold').fontSize(11).text(t('subsidy.pdf.issuer'), M.left, doc.y, { width: W, align: 'right' })
  doc.font('regular').fontSize(10).fillColor('#6b7788').text(shanghaiDateTime(o.locale, o.issuedAt), { width: W, align: 'right' })
  doc.moveDown(1)
  const top = Math.min(doc.y, A4.height - M.bottom - 130)
  doc.image(qr, M.left, top, { width: 110 })
  const x = M.left + 126
  doc.font('regular').fontSize(10).fillColor('#1b2430').text(t('subsidy.pdf.seal', { seal: o.seal }), x, top, { width: W - 126 })
  doc.fillColor('#6b7788').text(t('subsidy.pdf.verify', { code: groupCode(o.code), url }), x, doc.y + 4, { width: W - 126 })
  doc.end()
  return done
}

const localeOf = (p: Principal | null, asked?: Locale): Locale => asked ?? (p && isLocale(p.locale) ? p.locale : 'zh-CN')

function claimLines(c: Claim, locale: Locale): [string, string][] {
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const lines: [string, string][] = [
    [t('subsidy.pdf.beneficiary'), c.beneficiary_name],
    [t('subsidy.pdf.creditCode'), c.beneficiary_credit_code],
    [t('subsidy.pdf.kind'), t(`subsidy.kind.${c.kind}`)],
    [t('subsidy.pdf.registration'), c.registration_number ?? ''],
    [t('subsidy.pdf.registeredOn'), c.registered_on],
    [t('subsidy.pdf.contract'), c.contract_title],
    [t('subsidy.pdf.base'), formatFen(c.base_fen, locale)],
    [t('subsidy.pdf.rate'), formatPpm(c.rate_ppm)],
    [t('subsidy.pdf.computed'), formatFen(c.computed_fen, locale)],
    [t('subsidy.pdf.amount'), formatFen(c.amount_fen, locale) + (c.cap_kind ? `（${t(`subsidy.cap.${c.cap_kind}`, { cap: formatFen(c.cap_fen ?? 0, locale) })}）` : '')],
    [t('subsidy.pdf.scheme'), c.scheme_version],
    [t('subsidy.pdf.status'), t(`subsidy.status.${c.status}`)],
  ]
  return lines
}

export async function claimNoticePdf(db: Database, viewer: Principal | null, claimId: string, o: { origin: string; locale?: Locale }) {
  const { claim } = await claimDetail(db, viewer, claimId)
  const locale = localeOf(viewer, o.locale)
  const t = (key: string) => translate(locale, key)
  const pdf = await notice({
    locale,
    origin: o.origin,
    title: t('subsidy.pdf.claimTitle'),
    number: claim.number,
    code: claim.verification_code,
    seal: await sealOf(db, CLAIM_KIND, claimFacts(claim)),
    lines: claimLines(claim, locale),
    text: t('subsidy.pdf.claimText'),
    issuedAt: claim.created_at,
  })
  return { pdf, number: claim.number }
}

export async function paymentNoticePdf(db: Database, viewer: Principal | null, claimId: string, o: { origin: string; locale?: Locale }) {
  const { claim, payment } = await claimDetail(db, viewer, claimId)
  if (!payment) throw notFound()
  const locale = localeOf(viewer, o.locale)
  const t = (key: string) => translate(locale, key)
  const lines: [string, string][] = [
    [t('subsidy.pdf.beneficiary'), claim.beneficiary_name],
    [t('subsidy.pdf.creditCode'), claim.beneficiary_credit_code],
    [t('subsidy.pdf.claimNo'), claim.number],
    [t('subsidy.pdf.kind'), t(`subsidy.kind.${claim.kind}`)],
    [t('subsidy.pdf.registration'), claim.registration_number ?? ''],
    [t('subsidy.pdf.base'), formatFen(claim.base_fen, locale)],
    [t('subsidy.pdf.rate'), formatPpm(claim.rate_ppm)],
    [t('subsidy.pdf.amount'), formatFen(claim.amount_fen, locale)],
    [t('subsidy.pdf.paidAmount'), formatFen(payment.amount_fen, locale)],
    [t('subsidy.pdf.paidOn'), payment.paid_on],
    [t('subsidy.pdf.bankReference'), payment.bank_reference],
  ]
  if (payment.note) lines.push([t('subsidy.pdf.note'), payment.note])
  const pdf = await notice({
    locale,
    origin: o.origin,
    title: t('subsidy.pdf.paymentTitle'),
    number: payment.number,
    code: payment.verification_code,
    seal: await sealOf(db, PAYMENT_KIND, paymentFacts(claim, payment)),
    lines,
    text: t('subsidy.pdf.paymentText'),
    issuedAt: payment.recorded_at,
  })
  return { pdf, number: payment.number }
}

/** The public verification page's resolver (RESOLVERS in app/routes/verify.$code.tsx): a claim notice or a payment notice. */
export async function verifySubsidyNotice(db: Executor, code: string): Promise<VerifiedDocument | null> {
  const claim = await claimByCode(db, code)
  if (claim) {
    return {
      kindKey: 'subsidy.verify.claim',
      number: claim.number,
      issuedAt: claim.created_at.toISOString(),
      facts: [
        { labelKey: 'subsidy.verify.beneficiary', value: `${claim.beneficiary_name}（${claim.beneficiary_credit_code}）` },
        { labelKey: 'subsidy.verify.registration', value: claim.registration_number ?? '' },
        { labelKey: 'subsidy.verify.amount', value: String(claim.amount_fen), money: true },
      ],
      seal: await sealOf(db, CLAIM_KIND, claimFacts(claim)),
      link: null,
      noteKey: `subsidy.status.${claim.status}`,
    }
  }
  const payment = await paymentByCode(db, code)
  if (!payment) return null
  const c = await findClaim(db, payment.claim_id)
  if (!c) return null
  return {
    kindKey: 'subsidy.verify.payment',
    number: payment.number,
    issuedAt: payment.recorded_at.toISOString(),
    facts: [
      { labelKey: 'subsidy.verify.beneficiary', value: `${c.beneficiary_name}（${c.beneficiary_credit_code}）` },
      { labelKey: 'subsidy.verify.claimNo', value: c.number },
      { labelKey: 'subsidy.verify.paidAmount', value: String(payment.amount_fen), money: true },
      { labelKey: 'subsidy.verify.paidOn', value: payment.paid_on },
    ],
    seal: await sealOf(db, PAYMENT_KIND, paymentFacts(c, payment)),
    link: null,
    noteKey: null,
  }
}
