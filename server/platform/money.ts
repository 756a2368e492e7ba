import { numberFormat } from './intl'

// Money is integer fen (分) everywhere. People type amounts in 万元 (10,000
// yuan), the unit technology deals are quoted in; parsing is done on the
// decimal string so no float ever touches an amount.

const FEN_PER_WAN = 1_000_000

/** "12.5" (万元) → 12,500,000 fen; null when not a plain non-negative decimal (up to 6 places). */
export function parseWanToFen(input: string): number | null {
  const s = input.trim().replace(/,/g, '')
  const m = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(s)
  if (!m) return null
  const fen = Number(m[1]) * FEN_PER_WAN + Number((m[2] ?? '').padEnd(6, '0'))
  return Number.isSafeInteger(fen) ? fen : null
}

/** 12,500,000 fen → "12.5" (万元), trailing zeros dropped. */
export function fenToWan(fen: number): string {
  const whole = Math.trunc(fen / FEN_PER_WAN)
  const frac = String(fen % FEN_PER_WAN).padStart(6, '0').replace(/0+$/, '')
  return frac ? `${whole}.${frac}` : String(whole)
}

/** A display string: "12.5 万元" in Chinese, "CNY 125,000" in English. */
export function formatFen(fen: number, locale: string): string {
  if (locale === 'en') {
    const yuan = fen / 100
    return `CNY ${numberFormat('en-US', { maximumFractionDigits: 2 }).format(yuan)}`
  }
  return `${fenToWan(fen)} 万元`
}

const PPM = 1_000_000n

/**
 * `fen` × `ppm` / 1,000,000, rounded to the fen half up: the one rounding rule
 * for every rate applied to an amount (subsidies, tax, shares). Exact in
 * bigint, so no float ever touches the product.
 */
export function applyPpm(fen: number, ppm: number): number {
  if (!Number.isSafeInteger(fen) || !Number.isSafeInteger(ppm) || fen < 0 || ppm < 0) throw new RangeError(`applyPpm(${fen}, ${ppm})`)
  const product = BigInt(fen) * BigInt(ppm)
  return Number((product + PPM / 2n) / PPM)
}
