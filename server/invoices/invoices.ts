import type { Transaction } from 'kysely'
import type { Executor } from '../../db/index'
import {
  creditedSums,
  creditNotesOf,
  findInvoice,
  insertInvoice,
  insertPayment,
  invoiceLines,
  invoicePayments,
  invoiceTotals,
  listInvoices,
  lockInvoice,
  organisationForInvoice,
  replaceInvoiceLines,
  takeInvoiceSeq,
  updateInvoice,
  type InvoiceFilter,
  type InvoiceRow,
  type NewInvoiceLine,
} from '../../db/repos/invoices'
import type { DB, InvoiceStatus } from '../../db/schema'
import { membershipRole } from '../identity/permissions'
import type { Principal, RequestMeta } from '../identity/principal'
import { audit } from '../platform/audit'
import { conflict, forbidden, invalid, notFound } from '../platform/errors'
import { shanghaiDate } from '../platform/intl'
import { applyPpm } from '../platform/money'
import { newVerificationCode } from '../platform/verification'
import { formatInvoiceNumber, invoiceConfigOn, itemKindOf, seriesForKind, seriesOf, type InvoiceConfigVersion, type InvoiceKind } from './config'
import type { DraftInput, LineInput } from './form'

// The platform operator's invoices, deposit receipts and credit notes (issue 11).
// No payment processor: platform admins draft a document for a buyer
// organisation, issue it (which gives it the next number of its series and
// year, taken in the issuing transaction so numbers never skip or repeat),
// record bank transfers by hand until it is paid, void an unpaid one with a
// reason (it keeps its number), and correct a paid or issued one with a credit
// note in its own series, never for more than what remains. The buyer
// organisation's members read their own documents (not drafts); anyone else
// gets 404, a reader who tries to change one 403. Amounts are fen: a line's
// net is quantity × unit price, its tax applyPpm(net, rate) — rounded per line,
// half up, so the printed lines add up to the printed totals — and the totals
// are the sums of the lines. The database freezes a document once issued.

export interface ComputedLine extends NewInvoiceLine {
  position: number
}

/** The lines as stored: net, tax (per line, the one rounding rule) and the rate/exemption of the item kind in force. */
export function computeLines(cfg: InvoiceConfigVersion, lines: LineInput[]): ComputedLine[] {
  return lines.map((l, i) => {
    const kind = itemKindOf(cfg, l.itemKind)
    if (!kind) throw new Error(`unknown item kind ${l.itemKind}`)
    const net = l.quantity * l.unitPriceFen
    const rate = kind.treatment === 'taxable' ? kind.ratePpm : 0
    return {
      position: i + 1,
      item_kind: l.itemKind,
      description: l.description,
      quantity: l.quantity,
      unit_price_fen: l.unitPriceFen,
      tax_rate_ppm: rate,
      exempt: kind.treatment === 'exempt',
      net_fen: net,
      tax_fen: applyPpm(net, rate),
    }
  })
}

export function totalsOf(lines: { net_fen: number; tax_fen: number }[]) {
  const net = lines.reduce((s, l) => s + l.net_fen, 0)
  const tax = lines.reduce((s, l) => s + l.tax_fen, 0)
  return { net_fen: net, tax_fen: tax, total_fen: net + tax }
}

/** One transaction: the caller's when it already has one (the demo seed), else a new one. */
function within<T>(db: Executor, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<DB>) : db.transaction().execute(fn)
}

function requireAdmin(actor: Principal) {
  if (!actor.isPlatformAdmin) throw forbidden()
}

export function mayReadInvoice(viewer: Principal | null, inv: Pick<InvoiceRow, 'buyer_org_id' | 'status'>) {
  if (!viewer) return false
  if (viewer.isPlatformAdmin) return true
  return inv.status !== 'draft' && membershipRole(viewer, inv.buyer_org_id) !== null
}

/** The row, or 404 for anyone who may not know it exists; then 403 for a reader who is not a platform admin. */
async function writable(db: Executor, actor: Principal, id: string, lock = true) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound()
  const inv = lock ? await lockInvoice(db, id) : await findInvoice(db, id)
  if (!inv || !mayReadInvoice(actor, inv)) throw notFound()
  requireAdmin(actor)
  return inv
}

/** Item kinds a series allows, checked against the configuration in force; field errors keyed like the form. */
function checkKinds(cfg: InvoiceConfigVersion, seriesCode: string, lines: LineInput[]) {
  const series = seriesOf(cfg, seriesCode)
  const errors: Record<string, string[]> = {}
  lines.forEach((l, i) => {
    if (!series?.itemKinds.includes(l.itemKind) || !itemKindOf(cfg, l.itemKind)) errors[`lines[${i}].itemKind`] = ['invoice.errors.itemKind']
  })
  if (!lines.length) errors.lines = ['invoice.errors.noLines']
  if (Object.keys(errors).length) throw invalid(errors)
}

async function buyerOf(db: Executor, orgId: string) {
  const org = await organisationForInvoice(db, orgId)
  if (!org || org.status !== 'verified') throw invalid({ buyerOrgId: ['invoice.errors.buyer'] })
  return org
}

/** A new draft invoice (kind 'invoice') or receipt ('receipt') for a buyer organisation. Platform admins only. */
export async function createDraft(db: Executor, actor: Principal, input: DraftInput & { kind?: 'invoice' | 'receipt' }, meta: RequestMeta, now = new Date()) {
  requireAdmin(actor)
  const cfg = invoiceConfigOn(now)
  const kind: InvoiceKind = input.kind ?? (input.lines.length > 0 && input.lines.every((l) => itemKindOf(cfg, l.itemKind)?.treatment === 'none') ? 'receipt' : 'invoice')
  const series = seriesForKind(cfg, kind)
  checkKinds(cfg, series.code, input.lines)
  return within(db, async (trx) => {
    const buyer = await buyerOf(trx, input.buyerOrgId)
    const lines = computeLines(cfg, input.lines)
    const id = await insertInvoice(
      trx,
      {
        kind,
        series: series.code,
        buyer_org_id: buyer.id,
        buyer_name: buyer.name,
        buyer_credit_code: buyer.credit_code,
        buyer_address: buyer.address,
        issuer: JSON.stringify(cfg.issuer),
        config_from: cfg.effectiveFrom,
        note: input.note,
        ...totalsOf(lines),
        created_by: actor.userId,
      },
      lines,
    )
    await audit(trx, meta, actor.userId, 'invoice.draft', { type: 'invoice', id, orgId: buyer.id }, { kind, series: series.code, totalFen: totalsOf(lines).total_fen })
    return { id }
  })
}

/** Replaces a draft's buyer, note and lines. */
export async function updateDraft(db: Executor, actor: Principal, id: string, input: DraftInput, meta: RequestMeta, now = new Date()) {
  return within(db, async (trx) => {
    const inv = await writable(trx, actor, id)
    if (inv.status !== 'draft') throw conflict('invoice.errors.notDraft')
    const cfg = invoiceConfigOn(now)
    checkKinds(cfg, inv.series, input.lines)
    const buyer = inv.kind === 'credit_note' ? null : await buyerOf(trx, input.buyerOrgId)
    const lines = computeLines(cfg, input.lines)
    if (inv.kind === 'credit_note') await checkCreditRoom(trx, inv.credited_invoice_id!, totalsOf(lines).total_fen, true)
    await replaceInvoiceLines(trx, id, lines)
    await updateInvoice(trx, id, {
      ...(buyer ? { buyer_org_id: buyer.id, buyer_name: buyer.name, buyer_credit_code: buyer.credit_code, buyer_address: buyer.address } : {}),
      note: input.note,
      config_from: cfg.effectiveFrom,
      issuer: JSON.stringify(cfg.issuer),
      ...totalsOf(lines),
    })
    await audit(trx, meta, actor.userId, 'invoice.edit', { type: 'invoice', id, orgId: buyer?.id ?? inv.buyer_org_id }, { totalFen: totalsOf(lines).total_fen })
  })
}

/** What a credit note of `totalFen` may still credit against the invoice; locks the invoice when asked. */
async function checkCreditRoom(trx: Executor, invoiceId: string, totalFen: number, lock: boolean) {
  const original = lock ? await lockInvoice(trx, invoiceId) : await findInvoice(trx, invoiceId)
  if (!original || !['issued', 'paid'].includes(original.status) || original.kind === 'credit_note') throw conflict('invoice.errors.notCreditable')
  const credited = (await creditedSums(trx, [invoiceId])).get(invoiceId) ?? 0
  const room = original.total_fen - credited
  if (totalFen > room) throw invalid({ lines: [`invoice.errors.creditExceeds|room=${room}`] })
  return original
}

/** Gives the draft its number (next of its series and year), the issue date, due date and verification code. */
export async function issueInvoice(db: Executor, actor: Principal, id: string, meta: RequestMeta, now = new Date()) {
  return within(db, async (trx) => {
    const inv = await writable(trx, actor, id)
    if (inv.status !== 'draft') throw conflict('invoice.errors.notDraft')
    const lines = await invoiceLines(trx, id)
    if (!lines.length) throw invalid({ lines: ['invoice.errors.noLines'] })
    if (inv.kind === 'credit_note') await checkCreditRoom(trx, inv.credited_invoice_id!, inv.total_fen, true)
    const cfg = invoiceConfigOn(now)
    const series = seriesOf(cfg, inv.series)
    if (!series) throw conflict('invoice.errors.series')
    const year = Number(shanghaiDate(now).slice(0, 4))
    const seq = await takeInvoiceSeq(trx, series.code, year)
    const number = formatInvoiceNumber(cfg, series, year, seq)
    const due = new Date(now.getTime() + cfg.paymentTermDays * 86_400_000)
    await updateInvoice(trx, id, {
      status: 'issued',
      year,
      seq,
      number,
      issued_at: now,
      issued_by: actor.userId,
      due_on: inv.kind === 'credit_note' ? null : shanghaiDate(due),
      verification_code: newVerificationCode(),
    })
    await audit(trx, meta, actor.userId, 'invoice.issue', { type: 'invoice', id, orgId: inv.buyer_org_id }, { number, totalFen: inv.total_fen })
    return { number }
  })
}

/** Records a bank transfer by hand; the document becomes 'paid' once payments reach what is owed (total less credits). */
export async function recordPayment(db: Executor, actor: Principal, id: string, p: { paidOn: string; amountFen: number; reference: string }, meta: RequestMeta, now = new Date()) {
  return within(db, async (trx) => {
    const inv = await writable(trx, actor, id)
    if (inv.status !== 'issued' || inv.kind === 'credit_note') throw conflict('invoice.errors.notPayable')
    const credited = (await creditedSums(trx, [id])).get(id) ?? 0
    const owed = inv.total_fen - credited - inv.paid_fen
    if (p.amountFen > owed) throw invalid({ amount: [`invoice.errors.overpaid|owed=${owed}`] })
    await insertPayment(trx, { invoiceId: id, ...p, recordedBy: actor.userId })
    const paid = inv.paid_fen + p.amountFen
    const status: InvoiceStatus = paid >= inv.total_fen - credited ? 'paid' : 'issued'
    await updateInvoice(trx, id, { paid_fen: paid, ...(status === 'paid' ? { status, paid_at: now } : {}) })
    await audit(trx, meta, actor.userId, 'invoice.payment', { type: 'invoice', id, orgId: inv.buyer_org_id }, { amountFen: p.amountFen, reference: p.reference, paidOn: p.paidOn, status })
    return { status }
  })
}

/** Voids an issued, unpaid document: it keeps its number. A paid one needs a credit note instead. */
export async function voidInvoice(db: Executor, actor: Principal, id: string, reason: string, meta: RequestMeta, now = new Date()) {
  return within(db, async (trx) => {
    const inv = await writable(trx, actor, id)
    if (inv.status === 'paid') throw conflict('invoice.errors.paidNeedsCredit')
    if (inv.status !== 'issued') throw conflict('invoice.errors.notVoidable')
    if (inv.paid_fen > 0) throw conflict('invoice.errors.paidNeedsCredit')
    if ((await creditedSums(trx, [id])).get(id)) throw conflict('invoice.errors.hasCredits')
    await updateInvoice(trx, id, { status: 'void', void_reason: reason, voided_at: now, voided_by: actor.userId })
    await audit(trx, meta, actor.userId, 'invoice.void', { type: 'invoice', id, orgId: inv.buyer_org_id }, { number: inv.number, reason })
  })
}

/** A draft credit note (its own series) referring to an issued or paid invoice, for no more than what remains. */
export async function createCreditNote(db: Executor, actor: Principal, invoiceId: string, input: { note: string; lines: LineInput[] }, meta: RequestMeta, now = new Date()) {
  const cfg = invoiceConfigOn(now)
  const series = seriesForKind(cfg, 'credit_note')
  return within(db, async (trx) => {
    await writable(trx, actor, invoiceId)
    checkKinds(cfg, series.code, input.lines)
    const lines = computeLines(cfg, input.lines)
    const original = await checkCreditRoom(trx, invoiceId, totalsOf(lines).total_fen, false)
    const id = await insertInvoice(
      trx,
      {
        kind: 'credit_note',
        series: series.code,
        buyer_org_id: original.buyer_org_id,
        buyer_name: original.buyer_name,
        buyer_credit_code: original.buyer_credit_code,
        buyer_address: original.buyer_address,
        issuer: JSON.stringify(cfg.issuer),
        config_from: cfg.effectiveFrom,
        note: input.note,
        credited_invoice_id: invoiceId,
        ...totalsOf(lines),
        created_by: actor.userId,
      },
      lines,
    )
    await audit(trx, meta, actor.userId, 'invoice.credit', { type: 'invoice', id, orgId: original.buyer_org_id }, { credits: original.number, totalFen: totalsOf(lines).total_fen })
    return { id }
  })
}

/** Everything a document's page and PDF show; 404 for anyone who may not read it. */
export async function invoiceView(db: Executor, viewer: Principal | null, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound()
  const inv = await findInvoice(db, id)
  if (!inv || !mayReadInvoice(viewer, inv)) throw notFound()
  const [lines, payments, credits, credited] = await Promise.all([
    invoiceLines(db, id),
    invoicePayments(db, id),
    creditNotesOf(db, id),
    inv.credited_invoice_id ? findInvoice(db, inv.credited_invoice_id) : Promise.resolve(undefined),
  ])
  const creditedFen = credits.filter((c) => c.status === 'issued' || c.status === 'paid').reduce((s, c) => s + c.total_fen, 0)
  const admin = !!viewer?.isPlatformAdmin
  return {
    invoice: inv,
    lines,
    payments,
    credits,
    creditedFen,
    owedFen: inv.kind === 'credit_note' ? 0 : Math.max(0, inv.total_fen - creditedFen - inv.paid_fen),
    original: credited ? { id: credited.id, number: credited.number } : null,
    may: {
      edit: admin && inv.status === 'draft',
      issue: admin && inv.status === 'draft',
      pay: admin && inv.status === 'issued' && inv.kind !== 'credit_note',
      void: admin && inv.status === 'issued' && inv.paid_fen === 0 && creditedFen === 0,
      credit: admin && (inv.status === 'issued' || inv.status === 'paid') && inv.kind !== 'credit_note' && inv.total_fen - creditedFen > 0,
    },
  }
}
export type InvoiceView = Awaited<ReturnType<typeof invoiceView>>

/** The list a viewer may see: platform admins all (drafts included), anyone else their organisations' issued documents. */
export async function invoiceList(db: Executor, viewer: Principal, f: Omit<InvoiceFilter, 'buyerOrgIds' | 'includeDrafts'>) {
  const filter: InvoiceFilter = viewer.isPlatformAdmin ? { ...f, includeDrafts: true } : { ...f, includeDrafts: false, buyerOrgIds: viewer.memberships.map((m) => m.orgId) }
  const [rows, totals] = await Promise.all([listInvoices(db, filter), invoiceTotals(db, filter)])
  return { rows, totals }
}
