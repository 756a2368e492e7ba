import { sql, type Insertable, type Selectable } from 'kysely'
import type { Executor } from '../index'
import type { InvoiceLineTable, InvoiceStatus, InvoiceTable } from '../schema'

// Invoice rows (migration 0941). A document is read whole — head, lines,
// payments — because every screen and the PDF show all of it. Numbers come
// from invoice_counters, incremented by one upsert that keeps the counter row
// locked until the issuing transaction ends.

export type InvoiceRow = Selectable<InvoiceTable>
export type InvoiceLineRow = Selectable<InvoiceLineTable>
export type NewInvoiceLine = Omit<Insertable<InvoiceLineTable>, 'invoice_id'>

export async function insertInvoice(db: Executor, head: Insertable<InvoiceTable>, lines: NewInvoiceLine[]) {
  const { id } = await db.insertInto('invoices').values(head).returning('id').executeTakeFirstOrThrow()
  await replaceInvoiceLines(db, id, lines)
  return id
}

export async function replaceInvoiceLines(db: Executor, invoiceId: string, lines: NewInvoiceLine[]) {
  await db.deleteFrom('invoice_lines').where('invoice_id', '=', invoiceId).execute()
  if (lines.length) await db.insertInto('invoice_lines').values(lines.map((l) => ({ ...l, invoice_id: invoiceId }))).execute()
}

export async function updateInvoice(db: Executor, id: string, set: Partial<Record<keyof InvoiceTable, unknown>>) {
  await db
    .updateTable('invoices')
    .set({ ...(set as object), updated_at: new Date() })
    .where('id', '=', id)
    .execute()
}

export function findInvoice(db: Executor, id: string) {
  return db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst()
}

export function lockInvoice(db: Executor, id: string) {
  return db.selectFrom('invoices').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export function invoiceByVerificationCode(db: Executor, code: string) {
  return db.selectFrom('invoices').selectAll().where('verification_code', '=', code).executeTakeFirst()
}

export function invoiceLines(db: Executor, invoiceId: string) {
  return db.selectFrom('invoice_lines').selectAll().where('invoice_id', '=', invoiceId).orderBy('position').execute()
}

export function invoicePayments(db: Executor, invoiceId: string) {
  return db.selectFrom('invoice_payments').selectAll().where('invoice_id', '=', invoiceId).orderBy('id').execute()
}

export async function insertPayment(db: Executor, p: { invoiceId: string; paidOn: string; amountFen: number; reference: string; recordedBy: string }) {
  await db.insertInto('invoice_payments').values({ invoice_id: p.invoiceId, paid_on: p.paidOn, amount_fen: p.amountFen, reference: p.reference, recorded_by: p.recordedBy }).execute()
}

/** The next number of a series in a year; the counter row stays locked until the caller's transaction ends. */
export async function takeInvoiceSeq(db: Executor, series: string, year: number): Promise<number> {
  const row = await db
    .insertInto('invoice_counters')
    .values({ series, year, last_no: 1 })
    .onConflict((oc) => oc.columns(['series', 'year']).doUpdateSet({ last_no: sql`invoice_counters.last_no + 1` }))
    .returning('last_no')
    .executeTakeFirstOrThrow()
  return row.last_no
}

/** What issued, non-void credit notes already credit against each of `ids`. */
export async function creditedSums(db: Executor, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map()
  const rows = await db
    .selectFrom('invoices')
    .select(['credited_invoice_id', sql<number>`coalesce(sum(total_fen), 0)::bigint`.as('sum')])
    .where('credited_invoice_id', 'in', ids)
    .where('status', 'in', ['issued', 'paid'])
    .groupBy('credited_invoice_id')
    .execute()
  return new Map(rows.map((r) => [r.credited_invoice_id!, Number(r.sum)]))
}

export function creditNotesOf(db: Executor, invoiceId: string) {
  return db.selectFrom('invoices').select(['id', 'number', 'status', 'total_fen']).where('credited_invoice_id', '=', invoiceId).orderBy('created_at').execute()
}

export interface InvoiceFilter {
  status?: InvoiceStatus
  series?: string
  year?: number
  /** Only these buyers (a non-admin's organisations). */
  buyerOrgIds?: string[]
  /** Drafts only when true (platform admins). */
  includeDrafts: boolean
}

function filtered(db: Executor, f: InvoiceFilter) {
  let q = db.selectFrom('invoices')
  if (f.status) q = q.where('status', '=', f.status)
  if (f.series) q = q.where('series', '=', f.series)
  if (f.year) q = q.where((eb) => eb.or([eb('year', '=', f.year!), eb.and([eb('year', 'is', null), sql<boolean>`extract(year from created_at at time zone 'Asia/Shanghai') = ${f.year}`])]))
  if (f.buyerOrgIds) q = q.where('buyer_org_id', 'in', f.buyerOrgIds.length ? f.buyerOrgIds : ['00000000-0000-0000-0000-000000000000'])
  if (!f.includeDrafts) q = q.where('status', '<>', 'draft')
  return q
}

export function listInvoices(db: Executor, f: InvoiceFilter, limit = 200) {
  return filtered(db, f)
    .selectAll()
    .orderBy(sql`issued_at desc nulls first`)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
}

export async function invoiceTotals(db: Executor, f: InvoiceFilter) {
  const r = await filtered(db, f)
    .select([
      sql<number>`count(*)::int`.as('count'),
      sql<number>`coalesce(sum(net_fen), 0)::bigint`.as('net'),
      sql<number>`coalesce(sum(tax_fen), 0)::bigint`.as('tax'),
      sql<number>`coalesce(sum(total_fen), 0)::bigint`.as('total'),
      sql<number>`coalesce(sum(paid_fen), 0)::bigint`.as('paid'),
    ])
    .executeTakeFirstOrThrow()
  return { count: r.count, netFen: Number(r.net), taxFen: Number(r.tax), totalFen: Number(r.total), paidFen: Number(r.paid) }
}

/** Lines of the listed documents, for the accounting export. */
export function linesOf(db: Executor, invoiceIds: string[]) {
  if (!invoiceIds.length) return Promise.resolve([] as InvoiceLineRow[])
  return db.selectFrom('invoice_lines').selectAll().where('invoice_id', 'in', invoiceIds).orderBy('invoice_id').orderBy('position').execute()
}

export function organisationForInvoice(db: Executor, id: string) {
  return db.selectFrom('organisations').select(['id', 'name', 'credit_code', 'address', 'status']).where('id', '=', id).executeTakeFirst()
}

export function organisationsForInvoice(db: Executor) {
  return db.selectFrom('organisations').select(['id', 'name', 'credit_code']).where('status', '=', 'verified').orderBy('name').limit(500).execute()
}
