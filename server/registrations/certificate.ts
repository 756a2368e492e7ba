import type { Executor } from '../../db/index'
import { contractPartiesOf, findRegistrationView, registrationByCode, registrationEvents, type RegistrationView } from '../../db/repos/registrations'
import { categoryOf } from '../contracts/types'
import { translate, type Locale, type MessageKey } from '../i18n/catalog'
import type { Principal } from '../identity/principal'
import { notFound } from '../platform/errors'
import { shanghaiDate } from '../platform/intl'
import { formatFen } from '../platform/money'
import { openPdf } from '../platform/pdf'
import { groupCode, qrPng, sealOf, verifyPath, type VerifiedDocument } from '../platform/verification'
import { registrationConfigOn } from './config'
import { registrationAccess } from './service'

// 技术合同登记证明: the registrar's certificate of a registered contract —
// number, parties with their credit codes, type as the registrar classified
// it, BOTH the contract amount (成交额) and the technology transaction amount
// (技术交易额), the tax treatment the parties may claim for its category (from
// the configuration), registrar and date — sealed with the platform's HMAC
// over those facts and carrying a QR code to /verify/<code>. A changed
// registration prints its current state and says it was changed; a terminated
// one says so (and the verification page too). Parties, the registrar and
// platform admins download it; the verification page is public.

export const CERTIFICATE_KIND = 'registration-certificate'

export interface CertificateData {
  reg: RegistrationView
  parties: { side: string; name: string; credit_code: string }[]
  termEnd: string | null
  changedAt: Date | null
}

/** The sealed facts in a fixed order: the PDF prints their seal, the verification page recomputes it. */
export function certificateFacts(d: CertificateData): [string, string][] {
  const r = d.reg
  return [
    ['number', r.number ?? ''],
    ['code', r.verification_code ?? ''],
    ['type', r.contract_type],
    ['contractAmountFen', String(r.contract_amount_fen)],
    ['technologyAmountFen', String(r.technology_amount_fen)],
    ['registrar', r.registrar_name],
    ['registeredAt', r.registered_at?.toISOString() ?? ''],
    ...d.parties.map((p): [string, string] => [p.side, `${p.name} ${p.credit_code}`]),
  ]
}

async function certificateData(db: Executor, reg: RegistrationView | undefined): Promise<CertificateData | null> {
  if (!reg || !reg.number || !reg.verification_code) return null
  const [parties, events] = await Promise.all([contractPartiesOf(db, reg.contract_id), reg.changed ? registrationEvents(db, reg.id) : Promise.resolve([])])
  const changes = events.filter((e) => e.kind === 'changed')
  const termChange = [...changes].reverse().find((e) => typeof (e.params as { termEnd?: unknown }).termEnd === 'string')
  return {
    reg,
    parties,
    termEnd: termChange ? String((termChange.params as { termEnd: string }).termEnd) : dayOf(reg.term_end),
    changedAt: changes.at(-1)?.at ?? null,
  }
}

const dayOf = (v: string | Date | null) => (v instanceof Date ? shanghaiDate(v) : v)

const typeName = (locale: Locale, type: string) => translate(locale, `registration.type.${type}`)

/** /verify/<code> for a 登记证明; null for a code that is not one. */
export async function verifyRegistrationCertificate(db: Executor, code: string): Promise<VerifiedDocument | null> {
  const d = await certificateData(db, await registrationByCode(db, code))
  if (!d) return null
  const r = d.reg
  return {
    kindKey: 'registration.verify.kind',
    number: r.number!,
    issuedAt: r.registered_at!.toISOString(),
    facts: [
      { labelKey: 'registration.verify.type', value: typeName('zh-CN', r.contract_type) },
      { labelKey: 'registration.verify.contractAmount', value: String(r.contract_amount_fen), money: true },
      { labelKey: 'registration.verify.technologyAmount', value: String(r.technology_amount_fen), money: true },
      { labelKey: 'registration.verify.registrar', value: r.registrar_name },
      { labelKey: 'registration.verify.parties', value: d.parties.map((p) => p.name).join('；') },
    ],
    seal: await sealOf(db, CERTIFICATE_KIND, certificateFacts(d)),
    link: null,
    noteKey: r.status === 'terminated' ? 'registration.verify.terminated' : r.changed ? 'registration.verify.changed' : 'registration.verify.valid',
  }
}

/** The certificate of a registration the viewer may read (registrar, parties, admins), or 404. */
export async function certificateFor(db: Executor, viewer: Principal | null, id: string) {
  await registrationAccess(db, viewer, id)
  const d = await certificateData(db, await findRegistrationView(db, id))
  if (!d) throw notFound()
  return d
}

/** The data of a registration's certificate, without authorisation (the bench, the seed). */
export async function certificateDataOf(db: Executor, id: string) {
  const d = await certificateData(db, await findRegistrationView(db, id))
  if (!d) throw notFound()
  return d
}

export async function certificatePdf(db: Executor, d: CertificateData, opts: { origin?: string; locale?: Locale } = {}): Promise<Buffer> {
  const locale: Locale = opts.locale ?? 'zh-CN'
  const t = (key: string, params?: Record<string, string | number>) => translate(locale, key, params)
  const r = d.reg
  const seal = await sealOf(db, CERTIFICATE_KIND, certificateFacts(d))
  const path = verifyPath(r.verification_code!)
  const url = `${(opts.origin ?? '').replace(/\/$/, '')}${path}`
  const qr = await qrPng(url)
  const cfg = registrationConfigOn(r.registered_at!)
  const category = categoryOf(r.contract_type)
  const taxKeys = category ? cfg.taxTreatment[category] : []

  const A4 = { width: 595.28, height: 841.89 }
  const M = { top: 56, bottom: 56, left: 56, right: 56 }
  const W = A4.width - M.left - M.right
  const { doc, done } = openPdf({ size: 'A4', margins: M, info: { Title: `${t('registration.certificate.title')} ${r.number}`, Creator: t('app.name') }, lang: locale } as PDFKit.PDFDocumentOptions)
  const line = (label: string, value: string) => {
    const y = doc.y
    doc.font('regular').fontSize(10).fillColor('#6b7788').text(label, M.left, y, { width: 120 })
    doc.font('regular').fontSize(11).fillColor('#1b2430').text(value, M.left + 120, y, { width: W - 120 })
    doc.moveDown(0.35)
  }

  doc.font('regular').fontSize(10).fillColor('#6b7788').text(t('app.name'), M.left, M.top, { width: W })
  doc.font('bold').fontSize(22).fillColor('#1b2430').text(t('registration.certificate.title'), { width: W, align: 'center' })
  doc.font('regular').fontSize(12).fillColor('#1b2430').text(t('registration.certificate.number', { number: r.number! }), { width: W, align: 'center' })
  doc.moveDown(1)
  line(t('registration.certificate.contract'), r.title)
  for (const p of d.parties) {
    line(t(p.side === 'seller' ? 'registration.certificate.seller' : 'registration.certificate.buyer'), `${p.name}\n${t('registration.certificate.creditCode', { code: p.credit_code })}`)
  }
  line(t('registration.detail.type'), typeName(locale, r.contract_type))
  line(t('registration.detail.contractAmount'), formatFen(Number(r.contract_amount_fen), locale))
  line(t('registration.detail.technologyAmount'), formatFen(Number(r.technology_amount_fen), locale))
  if (r.term_start || d.termEnd) line(t('registration.certificate.term'), `${dayOf(r.term_start) ?? ''} — ${d.termEnd ?? ''}`)
  line(t('registration.certificate.registrar'), r.registrar_name)
  line(t('registration.certificate.date'), shanghaiDate(r.registered_at!))
  doc.moveDown(0.5)
  doc.font('bold').fontSize(11).fillColor('#1b2430').text(t('registration.certificate.tax'), M.left, doc.y, { width: W })
  doc.moveDown(0.2)
  for (const k of taxKeys) doc.font('regular').fontSize(10.5).fillColor('#1b2430').text(`· ${t(k as MessageKey)}`, M.left + 8, doc.y, { width: W - 8 })
  doc.moveDown(0.6)
  doc.font('regular').fontSize(10.5).fillColor('#1b2430').text(t('registration.certificate.statement'), M.left, doc.y, { width: W })
  if (d.changedAt) doc.fillColor('#8a4b00').text(t('registration.certificate.changed', { at: shanghaiDate(d.changedAt) }), M.left, doc.y + 4, { width: W })
  if (r.status === 'terminated' && r.terminated_at) doc.fillColor('#a0001c').text(t('registration.certificate.terminated', { at: shanghaiDate(r.terminated_at) }), M.left, doc.y + 4, { width: W })
  doc.moveDown(1)

  const top = Math.min(doc.y, A4.height - M.bottom - 140)
  doc.image(qr, M.left, top, { width: 110 })
  const x = M.left + 126
  doc.font('bold').fontSize(11).fillColor('#0b4f8a').text(t('registration.certificate.sealTitle'), x, top, { width: W - 126 })
  doc.font('regular').fontSize(10).fillColor('#1b2430').text(t('registration.certificate.seal', { seal }), x, doc.y + 4, { width: W - 126 })
  doc.text(t('registration.certificate.code', { code: groupCode(r.verification_code!) }), x, doc.y + 4, { width: W - 126 })
  doc.fillColor('#6b7788').text(t('registration.certificate.verifyAt', { url }), x, doc.y + 4, { width: W - 126 })
  doc.end()
  return done
}
