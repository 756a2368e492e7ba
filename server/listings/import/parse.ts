import { sniff } from '../../platform/files/sniff'
import { IMPORT_COLUMNS, REQUIRED_COLUMNS, TEMPLATE_HEADERS, columnForHeader, type ImportColumn } from './columns'
import { decodeText, parseCsv } from './csv'
import type { RowCells } from './rows'
import { readXlsxRows } from './xlsx'

// Reading an uploaded import file. The type is decided from the bytes, never
// from the name or the declared Content-Type: an XLSX is a zip with the
// spreadsheet parts (and no macros); a CSV is text in UTF-8 or GB18030.
// XLSX is read by xlsx.ts, which gives the event loop back as it goes so
// other requests are answered meanwhile.

export const MAX_IMPORT_BYTES = 8 * 1024 * 1024 // within the 10 MiB upload body limit (server/platform/files/limits.ts)
export const MAX_IMPORT_ROWS = 10_000

export type ImportFormat = 'xlsx' | 'csv'

export function sniffImportFile(bytes: Uint8Array): ImportFormat | null {
  if (!bytes.length) return null
  const s = sniff(bytes)
  if (s) return s.ext === 'xlsx' ? 'xlsx' : null
  // Old binary Excel (OLE2) and anything else with NUL bytes is not CSV.
  return decodeText(bytes) !== null ? 'csv' : null
}

export interface ParsedRow {
  /** The row number a spreadsheet program shows (the header is usually row 1). */
  number: number
  cells: RowCells
}

export type ParseResult =
  | { ok: true; format: ImportFormat; headers: Record<ImportColumn, string>; rows: ParsedRow[] }
  | { ok: false; failure: string }

async function xlsxRows(bytes: Uint8Array) {
  return (await readXlsxRows(bytes, MAX_IMPORT_ROWS + 20)).map((r) => ({ number: r.number, values: r.values.map((v) => v.trim()) }))
}

function csvRows(bytes: Uint8Array) {
  const text = decodeText(bytes)
  if (text === null) return null
  return parseCsv(text).map((values, i) => ({ number: i + 1, values: values.map((v) => v.trim()) }))
}

export async function parseImportFile(bytes: Uint8Array): Promise<ParseResult> {
  const format = sniffImportFile(bytes)
  if (!format) return { ok: false, failure: 'import.failure.type' }
  let raw: { number: number; values: string[] }[] | null
  try {
    raw = format === 'xlsx' ? await xlsxRows(bytes) : csvRows(bytes)
  } catch {
    return { ok: false, failure: 'import.failure.unreadable' }
  }
  if (!raw) return { ok: false, failure: 'import.failure.unreadable' }

  // The header is the first of the top rows that names at least three known columns
  // (a title line above it is allowed).
  const headerAt = raw.slice(0, 10).findIndex((r) => r.values.filter((v) => columnForHeader(v)).length >= 3)
  if (headerAt < 0) return { ok: false, failure: 'import.failure.noHeader' }
  const columnAt = new Map<ImportColumn, number>()
  const headers = { ...TEMPLATE_HEADERS }
  raw[headerAt]!.values.forEach((h, i) => {
    const c = columnForHeader(h)
    if (c && !columnAt.has(c)) {
      columnAt.set(c, i)
      headers[c] = h
    }
  })
  const missing = REQUIRED_COLUMNS.filter((c) => !columnAt.has(c))
  if (missing.length) {
    return { ok: false, failure: `import.failure.missingColumns|columns=${encodeURIComponent(missing.map((c) => TEMPLATE_HEADERS[c]).join('、'))}` }
  }

  const rows: ParsedRow[] = []
  for (const r of raw.slice(headerAt + 1)) {
    const cells = {} as Record<ImportColumn, string>
    let blank = true
    for (const c of IMPORT_COLUMNS) {
      const i = columnAt.get(c)
      const v = i === undefined ? '' : (r.values[i] ?? '')
      cells[c] = v
      if (v) blank = false
    }
    if (!blank) rows.push({ number: r.number, cells })
  }
  if (!rows.length) return { ok: false, failure: 'import.failure.empty' }
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, failure: `import.failure.tooManyRows|max=${MAX_IMPORT_ROWS}` }
  return { ok: true, format, headers, rows }
}
