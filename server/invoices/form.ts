import { hasInvalidChar, INVALID_CHARACTER } from '../platform/input'
import { ALL_ITEM_KINDS, ALL_SERIES } from './config'

// The invoice forms as plain fields (no client script needed): a draft's buyer,
// note and lines `lines[i].itemKind|description|quantity|unitPrice`, amounts in
// 元 as typed ("1234.56", exact to the fen, no float), a payment, a void
// reason. Parsing returns either the value or field errors (catalog keys)
// together with what was typed, so a form comes back as the user left it.

export const MAX_LINES = 30
const LINE_FIELDS = ['itemKind', 'description', 'quantity', 'unitPrice'] as const

export interface LineValues {
  itemKind: string
  description: string
  quantity: string
  unitPrice: string
}
export interface DraftValues {
  buyerOrgId: string
  note: string
  lines: LineValues[]
}
export interface LineInput {
  itemKind: string
  description: string
  quantity: number
  unitPriceFen: number
}
export interface DraftInput {
  buyerOrgId: string
  note: string
  lines: LineInput[]
}

export type Errors = Record<string, string[]>
export type Parsed<T, V> = { ok: true; value: T; values: V } | { ok: false; errors: Errors; values: V }

const str = (fd: FormData, k: string, max = 500) => {
  const v = fd.get(k)
  return typeof v === 'string' ? v.slice(0, max) : ''
}

/** "1234.56" (元) → 123456 fen; null unless a plain non-negative amount with at most 2 decimals and at most 1,000,000,000 元. */
export function parseYuanToFen(input: string): number | null {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(input.trim().replace(/,/g, ''))
  if (!m) return null
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return fen <= 100_000_000_000 ? fen : null
}

/** 123456 fen → "1234.56". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const a = Math.abs(fen)
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`
}

/** The typed lines, blank rows dropped (a row counts once any field is filled). */
export function lineValuesOf(fd: FormData): LineValues[] {
  const rows: LineValues[] = []
  for (let i = 0; i < MAX_LINES; i++) {
    const row = Object.fromEntries(LINE_FIELDS.map((f) => [f, str(fd, `lines[${i}].${f}`, 200).trim()])) as unknown as LineValues
    if (row.description || row.quantity || row.unitPrice) rows.push(row)
  }
  return rows
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function parseLines(lines: LineValues[], errors: Errors, allowedKinds: readonly string[] = ALL_ITEM_KINDS): LineInput[] {
  const out: LineInput[] = []
  if (lines.length === 0) errors.lines = ['invoice.errors.noLines']
  lines.forEach((l, i) => {
    const at = (f: string, key: string) => (errors[`lines[${i}].${f}`] ??= []).push(key)
    if (!allowedKinds.includes(l.itemKind)) at('itemKind', 'invoice.errors.itemKind')
    if (!l.description) at('description', 'errors.required')
    else if (hasInvalidChar(l.description)) at('description', INVALID_CHARACTER)
    const q = /^\d{1,6}$/.test(l.quantity) ? Number(l.quantity) : NaN
    if (!(q >= 1 && q <= 100_000)) at('quantity', 'invoice.errors.quantity')
    const p = parseYuanToFen(l.unitPrice)
    if (p === null) at('unitPrice', 'invoice.errors.amount')
    if (Number.isFinite(q) && p !== null && !Number.isSafeInteger(q * p)) at('unitPrice', 'invoice.errors.amount')
    out.push({ itemKind: l.itemKind, description: l.description, quantity: q, unitPriceFen: p ?? 0 })
  })
  return out
}

export function parseDraftForm(fd: FormData): Parsed<DraftInput, DraftValues> {
  const values: DraftValues = { buyerOrgId: str(fd, 'buyerOrgId', 64).trim(), note: str(fd, 'note', 500).trim(), lines: lineValuesOf(fd) }
  const errors: Errors = {}
  if (!UUID.test(values.buyerOrgId)) errors.buyerOrgId = ['invoice.errors.buyer']
  if (hasInvalidChar(values.note)) errors.note = [INVALID_CHARACTER]
  const lines = parseLines(values.lines, errors)
  if (Object.keys(errors).length) return { ok: false, errors, values }
  return { ok: true, value: { buyerOrgId: values.buyerOrgId, note: values.note, lines }, values }
}

export function parseCreditForm(fd: FormData): Parsed<{ note: string; lines: LineInput[] }, { note: string; lines: LineValues[] }> {
  const values = { note: str(fd, 'note', 500).trim(), lines: lineValuesOf(fd) }
  const errors: Errors = {}
  const lines = parseLines(values.lines, errors)
  if (!values.note) errors.note = ['errors.required']
  else if (hasInvalidChar(values.note)) errors.note = [INVALID_CHARACTER]
  if (Object.keys(errors).length) return { ok: false, errors, values }
  return { ok: true, value: { note: values.note, lines }, values }
}

export interface PaymentValues {
  paidOn: string
  amount: string
  reference: string
}
export function parsePaymentForm(fd: FormData): Parsed<{ paidOn: string; amountFen: number; reference: string }, PaymentValues> {
  const values = { paidOn: str(fd, 'paidOn', 20).trim(), amount: str(fd, 'amount', 30).trim(), reference: str(fd, 'reference', 200).trim() }
  const errors: Errors = {}
  const d = /^\d{4}-\d{2}-\d{2}$/.test(values.paidOn) ? new Date(`${values.paidOn}T00:00:00Z`) : null
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== values.paidOn || d.getUTCFullYear() < 2000) errors.paidOn = ['invoice.errors.date']
  const amountFen = parseYuanToFen(values.amount)
  if (amountFen === null || amountFen <= 0) errors.amount = ['invoice.errors.amount']
  if (!values.reference) errors.reference = ['errors.required']
  else if (values.reference.length > 100) errors.reference = ['invoice.errors.tooLong']
  else if (hasInvalidChar(values.reference)) errors.reference = [INVALID_CHARACTER]
  if (Object.keys(errors).length) return { ok: false, errors, values }
  return { ok: true, value: { paidOn: values.paidOn, amountFen: amountFen!, reference: values.reference }, values }
}

export function parseVoidForm(fd: FormData): Parsed<{ reason: string }, { reason: string }> {
  const values = { reason: str(fd, 'reason', 300).trim() }
  if (!values.reason) return { ok: false, errors: { reason: ['errors.required'] }, values }
  if (values.reason.length > 200) return { ok: false, errors: { reason: ['invoice.errors.tooLong'] }, values }
  if (hasInvalidChar(values.reason)) return { ok: false, errors: { reason: [INVALID_CHARACTER] }, values }
  return { ok: true, value: values, values }
}

const STATUSES = ['draft', 'issued', 'paid', 'void'] as const

/** The list's filters from the query string; anything unknown is ignored. */
export function listFilterOf(q: URLSearchParams): { status?: (typeof STATUSES)[number]; series?: string; year?: number } {
  const status = STATUSES.find((s) => s === q.get('status'))
  const series = ALL_SERIES.find((s) => s === q.get('series'))
  const y = Number(q.get('year'))
  return { status, series, year: Number.isInteger(y) && y >= 2000 && y <= 9999 ? y : undefined }
}
