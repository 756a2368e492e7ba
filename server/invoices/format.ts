import { translate, type Locale } from '../i18n/catalog'
import { fenToYuan } from './form'

// How invoice amounts and rates read, on pages, PDFs and the export alike (safe for the browser bundle).

/** 123456 fen → "¥1,234.56": invoices read in 元 to the fen. */
export function yuan(fen: number) {
  const [whole, frac] = fenToYuan(fen).split('.')
  return `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`.replace(/^(-?)/, '$1¥')
}

/** "6%", 免税 for an exempt line, 不征税 for a deposit. */
export function rateText(locale: Locale, line: { exempt: boolean; tax_rate_ppm: number; item_kind: string }) {
  if (line.exempt) return translate(locale, 'invoice.rate.exempt')
  if (line.item_kind === 'deposit' && line.tax_rate_ppm === 0) return translate(locale, 'invoice.rate.none')
  return `${line.tax_rate_ppm / 10_000}%`
}
