import { csvRows, decodeText } from '../listings/import/csv'
import { DEFAULT_IMPORT_LIMITS, sniffImportFile, type ImportLimits } from '../listings/import/parse'
import { readXlsxRows } from '../listings/import/xlsx'
import { InflateBudget, ZipLimitError } from '../listings/import/zip'
import { NATIONAL_COLUMNS, REQUIRED_NATIONAL_COLUMNS, nationalColumnFor, type NationalColumn } from './config'
import { templateHeader, type NationalCells } from './national-rows'

// Reading the national system's export file (CSV in UTF-8 or GB18030, or XLSX)
// with the achievements import's readers and caps (ADR 015): the type from
// the bytes, the header among the top ten rows (the first naming at least
// three known columns; the national system puts a title line above it),
// blank rows skipped, reading stops one row past the row cap.

export type NationalParse =
  | { ok: true; format: 'csv' | 'xlsx'; headers: Record<NationalColumn, string>; rows: { number: number; cells: NationalCells }[] }
  | { ok: false; failure: string }

class Stop extends Error {}

export async function parseNationalFile(bytes: Uint8Array, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<NationalParse> {
  const format = sniffImportFile(bytes)
  if (!format) return { ok: false, failure: 'exchange.failure.type' }
  const headers = Object.fromEntries(NATIONAL_COLUMNS.map((c) => [c, templateHeader(c)])) as Record<NationalColumn, string>
  const rows: { number: number; cells: NationalCells }[] = []
  let columnAt: Map<NationalColumn, number> | null = null
  let seen = 0
  let failure: string | null = null
  const push = (number: number, raw: string[]) => {
    const values = raw.map((v) => v.trim())
    if (!columnAt) {
      seen++
      if (values.filter((v) => nationalColumnFor(v)).length >= 3) {
        columnAt = new Map()
        values.forEach((h, i) => {
          const c = nationalColumnFor(h)
          if (c && !columnAt!.has(c)) {
            columnAt!.set(c, i)
            headers[c] = h
          }
        })
        const missing = REQUIRED_NATIONAL_COLUMNS.filter((c) => !columnAt!.has(c))
        if (missing.length) {
          failure = `exchange.failure.missingColumns|columns=${encodeURIComponent(missing.map(templateHeader).join('、'))}`
          throw new Stop()
        }
      } else if (seen >= 10) {
        failure = 'exchange.failure.noHeader'
        throw new Stop()
      }
      return
    }
    const cells = {} as NationalCells
    let blank = true
    for (const c of NATIONAL_COLUMNS) {
      const i = columnAt.get(c)
      const v = i === undefined ? '' : (values[i] ?? '')
      cells[c] = v
      if (v) blank = false
    }
    if (blank) return
    if (rows.length >= limits.maxRows) {
      failure = `exchange.failure.tooManyRows|max=${limits.maxRows}`
      throw new Stop()
    }
    rows.push({ number, cells })
  }
  try {
    if (format === 'xlsx') {
      await readXlsxRows(bytes, new InflateBudget(limits), (r) => push(r.number, r.values))
    } else {
      const text = decodeText(bytes)
      if (text === null) return { ok: false, failure: 'exchange.failure.unreadable' }
      let n = 0
      for (const values of csvRows(text)) push(++n, values)
    }
  } catch (err) {
    if (err instanceof Stop) return { ok: false, failure: failure ?? 'exchange.failure.unreadable' }
    if (err instanceof ZipLimitError) return { ok: false, failure: 'exchange.failure.unreadable' }
    return { ok: false, failure: 'exchange.failure.unreadable' }
  }
  if (!columnAt) return { ok: false, failure: 'exchange.failure.noHeader' }
  if (!rows.length) return { ok: false, failure: 'exchange.failure.empty' }
  return { ok: true, format, headers, rows }
}
