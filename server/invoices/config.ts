import { makeCreditCode } from '../identity/credit-code'
import { shanghaiDate } from '../platform/intl'

// Invoice configuration (issue 11), versioned by effective date like
// server/platform/policy.ts: who issues (the platform operator), the series
// (each numbered on its own, per year, without gaps), the item kinds with
// their tax treatment, and the number format. Business code asks for the
// version in force on a date; a change is a new entry, never an edit, so an
// invoice issued under an old version still reads the same. Tax rates are
// parts per million (60 000 ppm = 6%).

export type InvoiceKind = 'invoice' | 'receipt' | 'credit_note'
/** 'taxable' applies rate_ppm; 'exempt' prints 免税 (technology transfer/development, 财税〔2016〕36号); 'none' is not a taxable supply (a deposit receipt). */
export type TaxTreatment = 'taxable' | 'exempt' | 'none'

export interface InvoiceIssuer {
  name: string
  nameEn: string
  creditCode: string
  address: string
  phone: string
  bankName: string
  bankAccount: string
}

export interface SeriesConfig {
  code: string
  /** Printed before the year in the number, e.g. FW → FW2026000123. */
  prefix: string
  kind: InvoiceKind
  /** Item kinds a line of this series may use. */
  itemKinds: string[]
}

export interface ItemKindConfig {
  code: string
  treatment: TaxTreatment
  /** Only for 'taxable'; 0 otherwise. */
  ratePpm: number
}

export interface InvoiceConfigVersion {
  effectiveFrom: string // ISO date, Asia/Shanghai
  issuer: InvoiceIssuer
  series: SeriesConfig[]
  itemKinds: ItemKindConfig[]
  /** Digits of the sequence in a number: prefix + 4-digit year + zero-padded sequence. */
  sequenceDigits: number
  /** Days from issue to the due date printed on an invoice. */
  paymentTermDays: number
}

export const INVOICE_CONFIG_VERSIONS: InvoiceConfigVersion[] = [
  {
    effectiveFrom: '2020-01-01',
    issuer: {
      name: '柳州科技大市场运营有限公司',
      nameEn: 'Liuzhou Technology Market Operations Co., Ltd.',
      creditCode: makeCreditCode('91', '450205', 'MA5KTM001'),
      address: '广西壮族自治区柳州市柳北区跃进路 1 号',
      phone: '0772-2800000',
      bankName: '中国工商银行柳州分行营业部',
      bankAccount: '2105 0012 0920 0123 456',
    },
    series: [
      { code: 'FW', prefix: 'FW', kind: 'invoice', itemKinds: ['auction_commission', 'listing_service', 'training', 'technology_transfer', 'technology_development'] },
      { code: 'BZ', prefix: 'BZ', kind: 'receipt', itemKinds: ['deposit'] },
      { code: 'HC', prefix: 'HC', kind: 'credit_note', itemKinds: ['auction_commission', 'listing_service', 'training', 'technology_transfer', 'technology_development', 'deposit'] },
    ],
    itemKinds: [
      { code: 'auction_commission', treatment: 'taxable', ratePpm: 60_000 },
      { code: 'listing_service', treatment: 'taxable', ratePpm: 60_000 },
      { code: 'training', treatment: 'taxable', ratePpm: 60_000 },
      { code: 'technology_transfer', treatment: 'exempt', ratePpm: 0 },
      { code: 'technology_development', treatment: 'exempt', ratePpm: 0 },
      { code: 'deposit', treatment: 'none', ratePpm: 0 },
    ],
    sequenceDigits: 6,
    paymentTermDays: 30,
  },
]

export function invoiceConfigOn(date: Date = new Date(), versions = INVOICE_CONFIG_VERSIONS): InvoiceConfigVersion {
  const day = shanghaiDate(date)
  const inForce = versions.filter((v) => v.effectiveFrom <= day).sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
  if (!inForce[0]) throw new Error(`no invoice configuration in force on ${day}`)
  return inForce[0]
}

export const ALL_ITEM_KINDS = [...new Set(INVOICE_CONFIG_VERSIONS.flatMap((v) => v.itemKinds.map((k) => k.code)))]
export const ALL_SERIES = [...new Set(INVOICE_CONFIG_VERSIONS.flatMap((v) => v.series.map((s) => s.code)))]

export function seriesOf(cfg: InvoiceConfigVersion, code: string) {
  return cfg.series.find((s) => s.code === code) ?? null
}

export function itemKindOf(cfg: InvoiceConfigVersion, code: string) {
  return cfg.itemKinds.find((k) => k.code === code) ?? null
}

/** The series a kind of document is numbered in (the first configured for that kind). */
export function seriesForKind(cfg: InvoiceConfigVersion, kind: InvoiceKind) {
  const s = cfg.series.find((x) => x.kind === kind)
  if (!s) throw new Error(`no series for ${kind}`)
  return s
}

/** FW + 2026 + 000123. */
export function formatInvoiceNumber(cfg: InvoiceConfigVersion, series: SeriesConfig, year: number, seq: number) {
  return `${series.prefix}${year}${String(seq).padStart(cfg.sequenceDigits, '0')}`
}
