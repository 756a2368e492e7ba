import { isContractType } from '../contracts/types'
import { creditCodeProblem, normaliseCreditCode } from '../identity/credit-code'
import { parseWanToFen } from '../platform/money'
import { CITY_NAME_ZH, NATIONAL_CONTRACT_TYPES, NATIONAL_HEADERS, normaliseHeader, type NationalColumn } from './config'

// One row of the national registration system's export, checked: the figures
// as the platform stores them (fen, contract type code, YYYY-MM-DD, division
// code of the buyer's county when the region names one of the city's), or the
// problems, each at its column, as catalog keys.

export type NationalCells = Record<NationalColumn, string>

export interface NationalRecord {
  number: string
  contractName: string
  contractType: string
  sellerName: string
  sellerCreditCode: string
  buyerName: string
  buyerCreditCode: string
  buyerRegion: string
  divisionCode: string | null
  contractAmountFen: number
  technologyAmountFen: number
  registeredOn: string
}

export interface RowProblem {
  column: NationalColumn
  message: string
}

const NUMBER = /^[0-9A-Za-z-]{6,40}$/

export function contractTypeCode(raw: string): string | null {
  const s = normaliseHeader(raw)
  if (isContractType(raw.trim())) return raw.trim()
  return NATIONAL_CONTRACT_TYPES[s] ?? null
}

/** YYYY-MM-DD from 2026-03-05, 2026/3/5, 2026年3月5日, 20260305 or an Excel serial day number. */
export function parseDay(raw: string): string | null {
  const s = raw.trim()
  let y: number, m: number, d: number
  const a = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(s)
  const b = /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  if (a) [y, m, d] = [Number(a[1]), Number(a[2]), Number(a[3])]
  else if (b) [y, m, d] = [Number(b[1]), Number(b[2]), Number(b[3])]
  else if (/^\d{5}(\.\d+)?$/.test(s)) {
    // Excel's serial day (1900 system): day 25569 is 1970-01-01.
    const date = new Date(Math.round((Number(s) - 25569) * 86_400_000))
    ;[y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]
  } else return null
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  const check = new Date(`${iso}T00:00:00Z`)
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== iso || y < 1990 || y > 2100) return null
  return iso
}

/** The county a region text names ("广西柳州市柳南区" → 450204), or null (another city, or not said). */
export function divisionOfRegion(region: string, divisions: { code: string; name_zh: string; kind: string }[]): string | null {
  const s = region.replace(/\s+/g, '')
  if (!s) return null
  if (/[市州盟]/.test(s) && !s.includes(CITY_NAME_ZH) && !divisions.some((d) => d.kind !== 'city' && s.includes(d.name_zh))) return null
  // Longest name first: 柳东新区（高新区） before anything shorter it contains.
  const counties = divisions.filter((d) => d.kind !== 'city').sort((a, b) => b.name_zh.length - a.name_zh.length)
  for (const d of counties) {
    const short = d.name_zh.replace(/（.*）$/, '')
    if (s.includes(d.name_zh) || s.includes(short)) return d.code
  }
  return null
}

export function validateNationalRow(
  cells: NationalCells,
  divisions: { code: string; name_zh: string; kind: string }[],
): { ok: true; record: NationalRecord } | { ok: false; problems: RowProblem[] } {
  const problems: RowProblem[] = []
  const text = (c: NationalColumn, max: number, required: boolean) => {
    const v = cells[c].trim()
    if (!v && required) problems.push({ column: c, message: 'exchange.problem.required' })
    else if (v.length > max) problems.push({ column: c, message: `exchange.problem.tooLong|max=${max}` })
    return v
  }
  const number = text('number', 40, true)
  if (number && number.length <= 40 && !NUMBER.test(number)) problems.push({ column: 'number', message: 'exchange.problem.number' })
  const contractName = text('contractName', 200, true)
  const typeRaw = text('contractType', 40, true)
  const contractType = typeRaw ? contractTypeCode(typeRaw) : null
  if (typeRaw && typeRaw.length <= 40 && !contractType) problems.push({ column: 'contractType', message: 'exchange.problem.contractType' })
  const sellerName = text('sellerName', 200, true)
  const buyerName = text('buyerName', 200, true)
  const code = (c: 'sellerCreditCode' | 'buyerCreditCode') => {
    const v = normaliseCreditCode(cells[c])
    if (v && creditCodeProblem(v)) problems.push({ column: c, message: 'exchange.problem.creditCode' })
    return v
  }
  const sellerCreditCode = code('sellerCreditCode')
  const buyerCreditCode = code('buyerCreditCode')
  const buyerRegion = text('buyerRegion', 100, false)
  const amount = (c: 'contractAmount' | 'technologyAmount') => {
    const v = cells[c].trim()
    if (!v) {
      problems.push({ column: c, message: 'exchange.problem.required' })
      return null
    }
    const fen = parseWanToFen(v)
    if (fen === null) problems.push({ column: c, message: 'exchange.problem.amount' })
    return fen
  }
  const contractAmountFen = amount('contractAmount')
  const technologyAmountFen = amount('technologyAmount')
  if (contractAmountFen !== null && technologyAmountFen !== null && technologyAmountFen > contractAmountFen) {
    problems.push({ column: 'technologyAmount', message: 'exchange.problem.technologyAboveContract' })
  }
  const dayRaw = cells.registeredOn.trim()
  const registeredOn = dayRaw ? parseDay(dayRaw) : null
  if (!dayRaw) problems.push({ column: 'registeredOn', message: 'exchange.problem.required' })
  else if (!registeredOn) problems.push({ column: 'registeredOn', message: 'exchange.problem.date' })
  if (problems.length) return { ok: false, problems }
  return {
    ok: true,
    record: {
      number,
      contractName,
      contractType: contractType!,
      sellerName,
      sellerCreditCode,
      buyerName,
      buyerCreditCode,
      buyerRegion,
      divisionCode: divisionOfRegion(buyerRegion, divisions),
      contractAmountFen: contractAmountFen!,
      technologyAmountFen: technologyAmountFen!,
      registeredOn: registeredOn!,
    },
  }
}

/** The header a column is reported under: the file's own, else the template's. */
export const templateHeader = (c: NationalColumn) => NATIONAL_HEADERS[c].zh[0]!
